package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Excel and WPS workbooks as data files.
//
// A data file whose name ends in .xlsx or .xlsm (any case), or whose bytes
// are a zip archive whatever its name, is read as a workbook: its first
// sheet, or the sheet named after a '#' ("students.xlsx#学生"). Each row of
// the sheet is a record, read with excelize's streaming row reader and
// then checked exactly as a CSV line is, so every problem still names the
// file, the line (the sheet's row number, as Excel shows it) and the
// column (A = 1, B = 2, …). What a user expects of a spreadsheet holds:
//
//   - a cell's value is what the sheet shows: a formula's cached value,
//     a number as typed (an id stored as a number keeps its digits), a
//     date in its display format;
//   - empty rows are skipped, leading ones before the header too, and
//     empty cells at the end of a row are ignored;
//   - merged header cells keep their value in the first column only.
//
// An old binary workbook (.xls) and a password-protected one are refused
// with a message that says how to save the file. Limits bound what a
// hostile workbook can cost: the file is at most MaxFileBytes, its
// uncompressed parts at most MaxWorkbookBytes together (a zip bomb fails
// early), a worksheet over xlsxInMemory bytes is spilled to a temporary
// file by excelize rather than held in memory (in a directory removed
// after the read), rows and cells obey
// MaxColumns, MaxFieldBytes and MaxRecords as in a CSV file, and excelize
// stops at the sheet's last possible row (1,048,576).

// MaxWorkbookBytes bounds the uncompressed size of a workbook's parts.
const MaxWorkbookBytes = 512 << 20

// xlsxInMemory is the largest worksheet excelize unzips in memory.
const xlsxInMemory = 128 << 20

// oleMagic starts a compound document: an .xls workbook, or an .xlsx
// encrypted with a password.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

var zipMagic = []byte("PK\x03\x04")

// splitSheet splits "book.xlsx#Sheet" into the file and the sheet. ok is
// false for a name that does not look like a workbook.
func splitSheet(name string) (file, sheet string, ok bool) {
	if i := strings.LastIndexByte(name, '#'); i >= 0 && isWorkbookName(name[:i]) {
		return name[:i], name[i+1:], true
	}
	return name, "", isWorkbookName(name)
}

func isWorkbookName(name string) bool {
	l := strings.ToLower(name)
	return strings.HasSuffix(l, ".xlsx") || strings.HasSuffix(l, ".xlsm")
}

// compoundDocument says what an OLE compound file is: an encrypted
// workbook (it has an EncryptionInfo stream) or an old .xls.
func compoundDocument(data []byte) string {
	if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
		return "the workbook is protected by a password; open it in Excel or WPS, remove the password (File → Info → Protect Workbook → Encrypt with Password, leave it empty) and save it again as .xlsx, or save the sheet as \"CSV UTF-8\""
	}
	return "the file is an old Excel 97–2003 workbook (.xls); open it in Excel or WPS and save it as \"Excel Workbook (*.xlsx)\" or as \"CSV UTF-8\""
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// sheetRecords reads a worksheet row by row as records.
type sheetRecords struct {
	sheets    []string // the workbook's sheets, in order
	title     int      // the row of the title skipped above the header, or 0
	titleText string
	book      *excelize.File
	rows      *excelize.Rows
	row       int // the sheet row of the last record read (1-based)
	width     int // cells in the header row; 0 before it is read
}

// openSheet opens the sheet of a workbook held in data. The error is a
// message for the user.
func openSheet(data []byte, sheet string, limit, inMemory int64, tmp string) (*sheetRecords, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, errors.New(compoundDocument(data))
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, errors.New(`the file is not an .xlsx workbook (it is not a zip archive); save it from Excel or WPS as "Excel Workbook (*.xlsx)" or as "CSV UTF-8"`)
	}
	book, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    limit,
		UnzipXMLSizeLimit: min(limit, inMemory),
		ShortDatePattern:  "yyyy-mm-dd",
		TmpDir:            tmp,
	})
	if err != nil {
		if book != nil {
			book.Close()
		}
		if strings.Contains(err.Error(), "unzip size") {
			return nil, fmt.Errorf("the workbook unpacks to more than %d MiB, the most a data file may hold", limit>>20)
		}
		return nil, fmt.Errorf("the workbook cannot be read (%v); open it in Excel or WPS and save it again as .xlsx", err)
	}
	sheets := book.GetSheetList()
	if len(sheets) == 0 {
		book.Close()
		return nil, errors.New("the workbook has no sheet")
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if !containsFold(sheets, sheet) {
		book.Close()
		return nil, fmt.Errorf("the workbook has no sheet %q; its sheets are %s", sheet, quoteList(sheets))
	}
	rows, err := book.Rows(sheet)
	if err != nil {
		book.Close()
		return nil, fmt.Errorf("cannot read sheet %q: %v", sheet, err)
	}
	return &sheetRecords{book: book, rows: rows, sheets: sheets}, nil
}

// sheetChoices names the sheets as data paths: "book.xlsx#实习安排", ….
func sheetChoices(path string, sheets []string) string {
	const most = 5
	q := make([]string, 0, most)
	for i, s := range sheets {
		if i == most {
			q = append(q, "…")
			break
		}
		q = append(q, fmt.Sprintf("%q", path+"#"+s))
	}
	return strings.Join(q, ", ")
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func quoteList(list []string) string {
	q := make([]string, len(list))
	for i, s := range list {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// Close releases the workbook (and excelize's temporary files).
func (s *sheetRecords) Close() error {
	s.rows.Close()
	return s.book.Close()
}

// sheetError is a problem in a sheet that the table reports at its place.
// Fatal stops the reading.
type sheetError struct {
	row, col int
	msg      string
	fatal    bool
}

func (e *sheetError) Error() string { return e.msg }

// Read returns the next non-empty row, without the empty cells at its end,
// padded to the header's width; io.EOF after the last.
func (s *sheetRecords) Read() ([]string, error) {
	for s.rows.Next() {
		s.row++
		cells, err := s.rows.Columns()
		if err != nil {
			return nil, s.readError(err)
		}
		n := len(cells)
		for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
			n--
		}
		if n == 0 {
			continue
		}
		cells = cells[:n]
		if n > MaxColumns {
			return nil, &sheetError{row: s.row, msg: fmt.Sprintf("the row has more than %d cells", MaxColumns), fatal: true}
		}
		for j, c := range cells {
			if len(c) > MaxFieldBytes {
				return nil, &sheetError{row: s.row, col: j + 1, msg: fmt.Sprintf("the cell is longer than %d bytes", MaxFieldBytes), fatal: true}
			}
		}
		if s.width == 0 {
			// One cell alone above the header is the sheet's title (often
			// merged across the table, "2026年秋季学生名册"): skipped.
			if n == 1 && s.title == 0 {
				s.title, s.titleText = s.row, cells[0]
				continue
			}
			s.width = n
			return cells, nil
		}
		if n > s.width {
			j := s.width
			for strings.TrimSpace(cells[j]) == "" {
				j++
			}
			return nil, &sheetError{row: s.row, col: j + 1,
				msg: fmt.Sprintf("a value in column %s, right of the header's last column (%s); delete it or give the column a header",
					colLetters(j+1), colLetters(s.width))}
		}
		for len(cells) < s.width {
			cells = append(cells, "")
		}
		return cells, nil
	}
	if err := s.rows.Error(); err != nil {
		return nil, s.readError(err)
	}
	return nil, io.EOF
}

// readError is a problem excelize met reading the sheet: it stops the
// reading.
func (s *sheetRecords) readError(err error) *sheetError {
	msg := fmt.Sprintf("cannot read the sheet: %v; open it in Excel or WPS and save it again as .xlsx", err)
	if errors.Is(err, excelize.ErrMaxRows) {
		msg = "the sheet has a row beyond row 1,048,576, the last a sheet can have; the workbook is damaged"
	}
	return &sheetError{row: s.row, msg: msg, fatal: true}
}

// FieldPos is the sheet row of the last record and the field's column
// number.
func (s *sheetRecords) FieldPos(field int) (line, column int) { return s.row, field + 1 }

// colLetters is the column letters of 1-based column n: A, …, Z, AA, ….
func colLetters(n int) string {
	name := ""
	for ; n > 0; n = (n - 1) / 26 {
		name = string(rune('A'+(n-1)%26)) + name
	}
	return name
}

// sheetRow is one row of a sheet read ahead: its cells, or the problem
// met there.
type sheetRow struct {
	row   int
	cells []string
	err   error
}

// readSheet reads the whole sheet ahead (at most MaxRecords+1 rows with a
// value, the header included) and closes the workbook, so that no
// temporary file outlives the open; a table then reads the rows as it
// reads a CSV file.
func readSheet(data []byte, sheet string, limit int64) (*bufferedSheet, error) {
	return readSheetIn(data, sheet, limit, xlsxInMemory)
}

// readSheetIn is readSheet with the size of the largest part unpacked in
// memory. excelize spills larger parts into temporary files, which it
// leaves behind when the workbook then fails to open; so they go into a
// directory of our own, removed whatever happens.
func readSheetIn(data []byte, sheet string, limit, inMemory int64) (*bufferedSheet, error) {
	tmp, err := os.MkdirTemp("", "placement-xlsx-")
	if err != nil {
		return nil, fmt.Errorf("cannot make a temporary directory for the workbook: %v", err)
	}
	defer os.RemoveAll(tmp)
	sr, err := openSheet(data, sheet, limit, inMemory, tmp)
	if err != nil {
		return nil, err
	}
	defer sr.Close()
	b := &bufferedSheet{sheets: sr.sheets}
	defer func() { b.title, b.titleText = sr.title, sr.titleText }()
	for len(b.rows) <= MaxRecords+1 {
		cells, err := sr.Read()
		if err == io.EOF {
			break
		}
		r := sheetRow{row: sr.row, cells: cells, err: err}
		if se, ok := err.(*sheetError); ok {
			r.row = se.row
			if se.fatal {
				b.rows = append(b.rows, r)
				break
			}
		}
		b.rows = append(b.rows, r)
	}
	return b, nil
}

// bufferedSheet serves the rows readSheet read.
type bufferedSheet struct {
	sheets    []string // the workbook's sheets, in order
	title     int      // the row of a title skipped above the header, or 0
	titleText string
	rows      []sheetRow
	at        int // rows served
}

func (b *bufferedSheet) Read() ([]string, error) {
	if b.at >= len(b.rows) {
		return nil, io.EOF
	}
	b.at++
	r := b.rows[b.at-1]
	return r.cells, r.err
}

func (b *bufferedSheet) FieldPos(field int) (line, column int) {
	if b.at == 0 {
		return 1, field + 1
	}
	return b.rows[b.at-1].row, field + 1
}

// records is what a table reads its records from: a CSV reader, or a
// sheet of a workbook.
type records interface {
	Read() ([]string, error)
	FieldPos(field int) (line, column int)
}

var _ records = (*csv.Reader)(nil)
