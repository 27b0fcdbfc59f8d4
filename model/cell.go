package model

// Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts
// with =, +, -, @, a tab or a carriage return may be run as a formula when
// a CSV file is opened in Excel, WPS or LibreOffice. Outputs neutralize
// such cells with SafeCell; readers undo it (table.val drops a quote that
// precedes one of these characters), so an output file read back as input
// — an officer-edited assignments.csv, say — names the same ids.

// FormulaLead reports whether a cell starting with byte c could be taken
// for a formula.
func FormulaLead(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// SafeCell returns s prefixed with a single quote when a spreadsheet could
// take it for a formula, and s unchanged otherwise. A plain decimal number
// ("-12", "+3.5", "-1e3") is left alone even though it starts with - or +:
// a spreadsheet reads it as the number it is, and it runs nothing. So a
// negative value or km stays a number, and an id such as "-5" stays "-5",
// while an id such as "-5+1" or "=A1" becomes "'-5+1", "'=A1".
func SafeCell(s string) string {
	if s == "" || !FormulaLead(s[0]) || isDecimal(s) {
		return s
	}
	return "'" + s
}

// isDecimal reports whether s is [+-]digits[.digits][e[+-]digits], with at
// least one digit before the exponent.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}
