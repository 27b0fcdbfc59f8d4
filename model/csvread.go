package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Locating problems.
//
// Every Problem about a CSV file carries Line, the 1-based line of the file
// where the offending field starts (the header is line 1; csv.Reader.FieldPos
// keeps this exact across quoted fields that span lines), and Col, the
// 1-based NUMBER of the field's column in the header — the spreadsheet column
// (A = 1, B = 2, …) — not a byte offset into the line. That is what an
// officer can find in Excel, and it stays right for quoted, multi-line and
// non-ASCII fields. Col is 0 for a problem about a whole line or a column
// the header lacks; Line is 0 for a problem about a whole file.

// maxProblemsPerFile caps the problems reported for one file; the rest are
// counted in one final "… and N more" problem.
const maxProblemsPerFile = 100

// column is one column a table knows, by its canonical SPEC name.
type column struct {
	name     string
	required bool
}

// utf8BOM is the byte-order mark some editors (Excel's "CSV UTF-8") write.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// table reads one CSV file record by record, maps its header onto the
// columns it knows, and reports problems located by line and column.
type table struct {
	file  string
	cols  []column
	at    []int   // at[k]: field index of column k in a record; -1 when the header lacks it
	width int     // fields in the header
	rows  int     // an upper bound on the number of records
	cr    records // a *csv.Reader, or a sheet of a workbook (xlsxread.go)
	rec   []string
	sink  *sink

	keyHeader       string              // the header's text over the key column
	badCell         []bool              // by column: the current record's cell is reported already
	missingRequired bool                // the header lacks a required column
	broken          []keyAtLine         // keys (column 0) of records too broken to read
	records         int                 // records read so far
	aliases         []map[string]string // by column k: Chinese (or other) value → canonical, or nil

	// Encoding is how the file was decoded: EncodingUTF8,
	// EncodingUTF8BOM or EncodingGB18030.
	Encoding string
}

// keyAtLine is the key of a record that could not be read, kept so that
// references to it do not cascade into "not found" problems.
type keyAtLine struct {
	key  string
	line int
}

// openTable reads file, maps its header onto cols and leaves the table at
// the first record. It returns nil, having reported why, when the file
// cannot be read at all. The whole file is read into memory first (at most
// MaxFileBytes): that sizes the roster and the indexes up front and
// decodes the text in one pass — UTF-8 with or without a byte-order mark,
// or GB18030/GBK (see decodeText), the latter reported as a warning so the
// log says how the file was read.
func openTable(open Opener, file string, cols []column, s *sink) *table {
	path, sheet, isBook := splitSheet(file)
	rc, err := open(path)
	if err != nil {
		var nr *NotRegularError
		switch {
		case errors.Is(err, fs.ErrNotExist):
			s.errorf(file, 0, 0, "file not found")
		case errors.As(err, &nr):
			s.errorf(file, 0, 0, "%v; a data file must be a regular file", err)
		default:
			s.errorf(file, 0, 0, "cannot open the file: %v", err)
		}
		return nil
	}
	data, err := readAll(rc, MaxFileBytes)
	rc.Close()
	if errors.Is(err, errTooLarge) {
		s.errorf(file, 0, 0, "the file is larger than %d MiB, the most a data file may be", MaxFileBytes>>20)
		return nil
	}
	if err != nil {
		s.errorf(file, 0, 0, "cannot read the file: %v", err)
		return nil
	}
	if isBook || bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic) {
		sr, err := readSheet(data, sheet, MaxWorkbookBytes)
		if err != nil {
			s.errorf(file, 0, 0, "%v", err)
			return nil
		}
		if sr.title > 0 {
			s.warnf(file, sr.title, 1, "%q, alone above the header, is taken as the sheet's title and skipped", sr.titleText)
		}
		t := newTable(file, cols, s, sr, len(sr.rows), EncodingXLSX)
		if (t == nil || t.missingRequired) && sheet == "" && len(sr.sheets) > 1 {
			s.errorf(file, 0, 0, "the first sheet, %q, is not the table; to read another sheet, name it after a '#': %s",
				sr.sheets[0], sheetChoices(path, sr.sheets[1:]))
		}
		return t
	}
	data, enc, err := decodeText(data)
	if err != nil {
		var ee *EncodingError
		if errors.As(err, &ee) && !ee.UTF16 {
			s.errorf(file, ee.Line, 0, "%v", err)
		} else {
			s.errorf(file, 0, 0, "%v", err)
		}
		return nil
	}
	if enc == EncodingGB18030 {
		s.warnf(file, 0, 0, "read as GB18030/GBK (the file is not UTF-8); names are kept as they are, outputs are UTF-8")
	}
	if line, col, msg := precheck(data, MaxColumns, MaxFieldBytes); msg != "" {
		s.errorf(file, line, col, "%s", msg)
		return nil
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	return newTable(file, cols, s, cr, bytes.Count(data, []byte{'\n'})+1, enc)
}

// newTable reads the header of records and maps it onto cols; rows is an
// upper bound on the records.
func newTable(file string, cols []column, s *sink, cr records, rows int, enc string) *table {
	t := &table{
		file:     file,
		cols:     cols,
		cr:       cr,
		sink:     s,
		at:       make([]int, len(cols)),
		rows:     min(rows, maxRowsHint),
		Encoding: enc,
	}
	for k := range t.at {
		t.at[k] = -1
	}
	header, err := cr.Read()
	if err == io.EOF {
		s.errorf(file, 0, 0, "the file is empty; it needs a header row naming its columns")
		return nil
	}
	if err != nil {
		t.readProblem(header, err)
		return nil
	}
	t.width = len(header)
	t.mapHeader(header)
	if j := t.at[0]; j >= 0 {
		t.keyHeader = strings.TrimSpace(header[j])
	}
	t.valueAliases()
	return t
}

// Limits on a data file, so that hostile or broken input (a 1 GiB cell, a
// million columns, a file of blank lines) is a clear error and never
// exhausts memory. Each is far above what a city needs: the largest
// scenario measured (150,000 students) has a 9 MB students.csv.
const (
	MaxFileBytes  = 256 << 20 // bytes in one data file
	MaxColumns    = 4096      // fields in the header row
	MaxFieldBytes = 64 << 10  // bytes in one cell
	MaxRecords    = 1_000_000 // records (data rows) in one file
)

// precheck scans data as csv.Reader will parse it — fields separated by
// commas, a field that starts with a quote running to the closing quote,
// newlines included — and returns the position and message of the first
// record with more than maxFields fields or a cell longer than maxCell
// bytes, or "". (It may over-count, never under-count: FuzzPrecheck.) Run before parsing, it bounds what csv.Reader
// allocates for one record (it would otherwise build a 250 MB cell, or a
// line of 200 million fields, in full before any limit could be checked).
// A malformed quote is left for csv.Reader to report.
func precheck(data []byte, maxFields, maxCell int) (line, col int, msg string) {
	long := func(line, col int) (int, int, string) {
		return line, col, fmt.Sprintf("the cell is longer than %d bytes", maxCell)
	}
	line = 1
	fields, cell := 1, 0 // fields of the current record; bytes of the current cell
	cellLine := 1        // line where the current cell starts
	atStart := true      // at the first byte of a cell
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '"' && atStart: // a quoted cell: jump from quote to quote
			i++
			for i < len(data) {
				j := bytes.IndexByte(data[i:], '"')
				if j < 0 {
					j = len(data) - i // unterminated: csv.Reader reads to the end
				}
				line += bytes.Count(data[i:i+j], []byte{'\n'})
				cell += j
				i += j
				if cell > maxCell {
					return long(cellLine, fields)
				}
				if i+1 < len(data) && data[i+1] == '"' { // "" is one quote
					cell++
					i += 2
					continue
				}
				i++ // the closing quote
				break
			}
			atStart = false
			continue
		case c == ',':
			if fields++; fields > maxFields {
				return line, 0, fmt.Sprintf("the line has more than %d fields", maxFields)
			}
			cell, cellLine, atStart = 0, line, true
		case c == '\n':
			line++
			fields, cell, cellLine, atStart = 1, 0, line, true
		default:
			if cell++; cell > maxCell {
				return long(cellLine, fields)
			}
			atStart = false
		}
		i++
	}
	return 0, 0, ""
}

// maxRowsHint caps the rows a table pre-allocates for: a file of blank
// lines must not reserve room for millions of records.
const maxRowsHint = 1 << 18

var errTooLarge = errors.New("file too large")

// readAll reads r whole, in one allocation when r knows its size (as
// *os.File and *strings.Reader do), and fails with errTooLarge rather than
// read more than limit+1 bytes: a file that says it is larger is refused
// before any read, and a stream (or a file that grows) is read in chunks
// that stop at the limit, so refusing /dev/zero costs no more memory than
// the limit.
func readAll(r io.Reader, limit int64) ([]byte, error) {
	n := int64(-1)
	switch r := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil && fi.Mode().IsRegular() {
			n = fi.Size()
		}
	case interface{ Len() int }:
		n = int64(r.Len())
	}
	if n > limit {
		return nil, errTooLarge
	}
	size := n + 1 // one more byte tells the end from a file that grew
	if n < 0 {
		size = min(limit+1, 64<<10)
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, errTooLarge
			}
			grown := make([]byte, len(buf), min(2*int64(cap(buf)), limit+1))
			copy(grown, buf)
			buf = grown
		}
		k, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+k]
		if int64(len(buf)) > limit {
			return nil, errTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// mapHeader finds the known columns in the header row and reports unknown,
// nameless, duplicate and missing required columns.
func (t *table) mapHeader(header []string) {
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if name == "" {
			t.sink.warnf(t.file, 1, i+1, "column %d has no name and is ignored", i+1)
			continue
		}
		k := t.lookup(name)
		if k < 0 {
			t.sink.warnf(t.file, 1, i+1, "unknown column %s is ignored", Excerpt(strings.TrimSpace(h)))
			continue
		}
		if j := t.at[k]; j >= 0 {
			t.sink.errorf(t.file, 1, i+1, "column %s repeats column %d (both are %s)", Excerpt(strings.TrimSpace(h)), j+1, t.cols[k].name)
			continue
		}
		t.at[k] = i
	}
	for k, c := range t.cols {
		if c.required && t.at[k] < 0 {
			t.sink.errorf(t.file, 1, 0, "missing required column %q", c.name)
			t.missingRequired = true
		}
	}
}

// lookup returns the index in t.cols of a normalized header name, or -1.
func (t *table) lookup(name string) int {
	for k, c := range t.cols {
		if c.name == name {
			return k
		}
	}
	for _, alias := range headerAliases[name] {
		for k, c := range t.cols {
			if c.name == alias {
				return k
			}
		}
	}
	return -1
}

// next advances to the next readable record and reports true, or false at
// the end of the file. Records that cannot be parsed are reported and
// skipped; records whose every field is blank (spreadsheet leftovers) are
// skipped silently.
func (t *table) next() bool {
	for {
		rec, err := t.cr.Read()
		if err == io.EOF {
			return false
		}
		if err != nil {
			if !t.readProblem(rec, err) {
				return false
			}
			continue
		}
		if blank(rec) {
			continue
		}
		if t.records++; t.records > MaxRecords {
			line, _ := t.cr.FieldPos(0)
			t.sink.errorf(t.file, line, 0, "the file has more than %d records; the rest is not read", MaxRecords)
			return false
		}
		t.rec = rec
		if t.repeatsHeader() {
			continue
		}
		clear(t.badCell)
		t.checkCells()
		return true
	}
}

// repeatsHeader reports, as an error, a record whose key cell is the
// header's name for that column ("district_id" in districts.csv, or the
// Chinese header the file uses): a header row pasted twice, say by
// concatenating two files. The record is skipped.
func (t *table) repeatsHeader() bool {
	j := t.at[0]
	if j < 0 || j >= len(t.rec) {
		return false
	}
	v := strings.TrimSpace(t.rec[j])
	if !strings.EqualFold(v, t.keyHeader) && !strings.EqualFold(v, t.cols[0].name) {
		return false
	}
	line, _ := t.cr.FieldPos(j)
	t.sink.errorf(t.file, line, j+1, "%s %s repeats the header: is a header row pasted twice (two files joined into one)? Delete the row",
		t.cols[0].name, Excerpt(v))
	return true
}

// checkCells reports every cell of a known column that holds text no id
// or value may hold (see cellProblem).
func (t *table) checkCells() {
	for k, j := range t.at {
		if j < 0 || j >= len(t.rec) {
			continue
		}
		if msg := cellProblem(t.rec[j], freeText(t.cols[k].name)); msg != "" {
			line, _ := t.cr.FieldPos(j)
			t.sink.errorf(t.file, line, j+1, "%s %s %s", t.cols[k].name, Excerpt(strings.TrimSpace(t.rec[j])), msg)
			if t.badCell == nil {
				t.badCell = make([]bool, len(t.cols))
			}
			t.badCell[k] = true
			if k == 0 {
				// The id as it was meant counts as defined, so references
				// to it are not reported again.
				if key := strings.TrimSpace(strings.Map(visible, t.rec[j])); key != "" {
					t.broken = append(t.broken, keyAtLine{key, line})
				}
			}
		}
	}
}

// freeText tells the columns of free text (names, an industry), which may
// hold line breaks, tabs and invisible formatting characters, from the
// columns of ids, numbers and enum values, which may not.
func freeText(column string) bool { return column == "name" || column == "industry" }

// cellProblem says what is wrong with a cell, or "". No cell may hold a
// NUL byte, a control character or a byte-order mark (one in the middle
// of a file is two files joined into one). A cell that is not free text
// may not hold an invisible character (zero-width spaces and joiners,
// direction marks, soft hyphens, fillers), which would make two ids that
// look the same differ, nor a tab or a line break inside its value or
// inside an item of its list (around them, they are spaces and trimmed).
func cellProblem(v string, free bool) string {
	breaks := false
	for i := 0; i < len(v); {
		c := v[i]
		if c >= 0x20 && c < 0x7F {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == 0:
				return "contains a NUL byte (0x00): the file is damaged or not text"
			case c == '\t' || c == '\n' || c == '\r':
				breaks = true
				continue
			}
			return fmt.Sprintf("contains the control character U+%04X: retype the cell", c)
		}
		r, n := utf8.DecodeRuneInString(v[i:])
		i += n
		switch {
		case r == 0xFEFF:
			return "contains a byte-order mark (U+FEFF): are two files joined into one? Retype the cell"
		case r >= 0x80 && r <= 0x9F:
			return fmt.Sprintf("contains the control character U+%04X: retype the cell", r)
		case !free && invisible(r):
			return fmt.Sprintf("contains the invisible character U+%04X%s: an id or value that looks the same would not match it; retype the cell", r, invisibleName(r))
		}
	}
	if breaks && !free {
		for rest, more := v, true; more; {
			var item string
			item, rest, more = strings.Cut(rest, ";")
			if j := strings.IndexAny(strings.TrimSpace(item), "\t\n\r"); j >= 0 {
				if strings.TrimSpace(item)[j] == '\t' {
					return "contains a tab inside a value; an id or value is one line of text without tabs"
				}
				return "contains a line break inside a value; an id or value is one line of text"
			}
		}
	}
	return ""
}

// visible maps the characters cellProblem reports to nothing (-1).
func visible(r rune) rune {
	if r < 0x20 || r == 0x7F || r >= 0x80 && r <= 0x9F || invisible(r) {
		return -1
	}
	return r
}

// invisible reports characters that print as nothing: Unicode's format
// characters (zero-width space, joiners, direction marks, soft hyphen, …),
// the line and paragraph separators, and the Hangul and braille fillers.
func invisible(r rune) bool {
	switch r {
	case 0x115F, 0x1160, 0x2028, 0x2029, 0x2800, 0x3164, 0xFFA0:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

func invisibleName(r rune) string {
	switch r {
	case 0x00AD:
		return " (soft hyphen)"
	case 0x200B:
		return " (zero-width space)"
	case 0x200C:
		return " (zero-width non-joiner)"
	case 0x200D:
		return " (zero-width joiner)"
	case 0x200E, 0x200F:
		return " (direction mark)"
	case 0x2060:
		return " (word joiner)"
	}
	return ""
}

// readProblem reports a record that could not be read and keeps its key
// when it has one. It reports false when reading cannot go on.
func (t *table) readProblem(rec []string, err error) bool {
	var se *sheetError
	if errors.As(err, &se) {
		t.sink.errorf(t.file, se.row, se.col, "%s", se.msg)
		return !se.fatal
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		t.sink.errorf(t.file, 0, 0, "cannot read the file: %v", err)
		return false
	}
	if j := t.keyField(); j >= 0 && j < len(rec) {
		if key := strings.TrimSpace(rec[j]); key != "" {
			t.broken = append(t.broken, keyAtLine{key, pe.StartLine})
		}
	}
	switch {
	case errors.Is(pe.Err, csv.ErrFieldCount):
		t.sink.errorf(t.file, pe.StartLine, 0, "the line has %d fields but the header has %d", len(rec), t.width)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		// A partial record holds the fields read before the bad one.
		t.sink.errorf(t.file, pe.Line, len(rec)+1, "malformed CSV: a \" inside an unquoted field (enclose the field in double quotes and double each \" in it)")
	case errors.Is(pe.Err, csv.ErrQuote):
		t.sink.errorf(t.file, pe.Line, len(rec)+1, "malformed CSV: a quoted field must end with \" followed by a comma or the end of the line")
	default:
		t.sink.errorf(t.file, pe.Line, len(rec)+1, "malformed CSV: %v", pe.Err)
	}
	return true
}

// needRows reports a file that holds no record — a header and nothing
// else, or blank lines — when why says it must hold one: such a file read
// as is would make a plan without the rows it lacks (with no post or no
// student, nobody is placed) and replace the last good plan.
func (t *table) needRows(why string) {
	if t.records == 0 && len(t.broken) == 0 {
		t.sink.errorf(t.file, 0, 0, "the file has a header but no rows; %s", why)
	}
}

// keyField is the field index of the table's key (its first column), or -1
// (also while the header itself is read).
func (t *table) keyField() int { return t.at[0] }

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// has reports whether the header has column k.
func (t *table) has(k int) bool { return t.at[k] >= 0 }

// val is the trimmed value of column k in the current record, or "" when the
// header lacks the column.
func (t *table) val(k int) string {
	j := t.at[k]
	if j < 0 {
		return ""
	}
	v := strings.TrimSpace(t.rec[j])
	if len(v) >= 2 && v[0] == '\'' && FormulaLead(v[1]) {
		v = v[1:] // a cell our outputs neutralized (see FormulaLead), read back
	}
	if m := t.aliases[k]; m != nil && v != "" {
		return aliasValue(m, v)
	}
	return v
}

// required is val(k), reporting an empty value. A column the header lacks
// has already been reported and is not reported again on every line.
func (t *table) required(k int) string {
	v := t.val(k)
	if v == "" && t.has(k) {
		t.errorf(k, "%s is empty (the column is required)", t.cols[k].name)
	}
	return v
}

// line is the file line where the current record starts.
func (t *table) line() int {
	l, _ := t.cr.FieldPos(0)
	return l
}

// pos is the position of the current record, for the roster.
func (t *table) pos() Pos { return Pos{File: t.file, Line: t.line()} }

// fieldLine is the line where column k of the current record starts (the
// record's line when the header lacks the column).
func (t *table) fieldLine(k int) int {
	if j := t.at[k]; j >= 0 {
		l, _ := t.cr.FieldPos(j)
		return l
	}
	return t.line()
}

// errorf reports an error at column k of the current record, unless the
// cell's text was found unfit already (checkCells): one problem a cell.
func (t *table) errorf(k int, format string, args ...any) {
	if t.badCell != nil && t.badCell[k] {
		return
	}
	t.sink.errorf(t.file, t.fieldLine(k), t.at[k]+1, format, args...)
}

// sink collects problems, at most maxProblemsPerFile a file.
type sink struct {
	ps    Problems
	files []string // in order of first problem
	tally map[string]*fileTally
}

type fileTally struct {
	shown, moreErrors, moreWarnings int
}

func (s *sink) errorf(file string, line, col int, format string, args ...any) {
	s.add(file, line, col, Error, format, args)
}

func (s *sink) warnf(file string, line, col int, format string, args ...any) {
	s.add(file, line, col, Warning, format, args)
}

func (s *sink) add(file string, line, col int, sev Severity, format string, args []any) {
	if s.tally == nil {
		s.tally = map[string]*fileTally{}
	}
	n := s.tally[file]
	if n == nil {
		n = &fileTally{}
		s.tally[file] = n
		s.files = append(s.files, file)
	}
	if n.shown >= maxProblemsPerFile {
		if sev == Error {
			n.moreErrors++
		} else {
			n.moreWarnings++
		}
		return
	}
	n.shown++
	msg := fmt.Sprintf(format, capArgs(args)...)
	if _, _, book := splitSheet(file); book && col > 0 {
		msg += " (column " + colLetters(col) + ")" // as the sheet shows it
	}
	s.ps = append(s.ps, Problem{File: file, Line: line, Col: col, Severity: sev, Msg: msg})
}

// done returns the problems, each capped file followed by one problem
// counting what was left out: an error when any of it was an error.
func (s *sink) done() Problems {
	for _, f := range s.files {
		n := s.tally[f]
		more := n.moreErrors + n.moreWarnings
		if more == 0 {
			continue
		}
		sev := Warning
		if n.moreErrors > 0 {
			sev = Error
		}
		s.ps = append(s.ps, Problem{File: f, Severity: sev,
			Msg: fmt.Sprintf("… and %d more problems in this file (only the first %d are listed)", more, maxProblemsPerFile)})
	}
	return s.ps
}
