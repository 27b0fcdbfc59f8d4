package model

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
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

// headerAliases maps another spelling of a header (trimmed, lower-cased) to
// the canonical column names it may stand for; the first of them that the
// file's table knows is used, so one alias can serve several files. This is
// the one place to add aliases, for example the Chinese headers a school's
// registry exports:
//
//	"学号": {"student_id"},
//	"区县": {"district", "district_id"},
//
// A canonical name always wins over an alias.
var headerAliases = map[string][]string{}

// utf8BOM is the byte-order mark some editors (Excel's "CSV UTF-8") write.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// table reads one CSV file record by record, maps its header onto the
// columns it knows, and reports problems located by line and column.
type table struct {
	file  string
	cols  []column
	at    []int // at[k]: field index of column k in a record; -1 when the header lacks it
	width int   // fields in the header
	rows  int   // an upper bound on the number of records
	cr    *csv.Reader
	rec   []string
	sink  *sink

	missingRequired bool        // the header lacks a required column
	broken          []keyAtLine // keys (column 0) of records too broken to read
	badUTF8         bool        // invalid UTF-8 already reported, or the file has none
}

// keyAtLine is the key of a record that could not be read, kept so that
// references to it do not cascade into "not found" problems.
type keyAtLine struct {
	key  string
	line int
}

// openTable reads file, maps its header onto cols and leaves the table at
// the first record. It returns nil, having reported why, when the file
// cannot be read at all. The whole file is read into memory first: that
// sizes the roster and the indexes up front and checks UTF-8 in one pass.
func openTable(open Opener, file string, cols []column, s *sink) *table {
	rc, err := open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			s.errorf(file, 0, 0, "file not found")
		} else {
			s.errorf(file, 0, 0, "cannot open the file: %v", err)
		}
		return nil
	}
	data, err := readAll(rc)
	rc.Close()
	if err != nil {
		s.errorf(file, 0, 0, "cannot read the file: %v", err)
		return nil
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	t := &table{
		file:    file,
		cols:    cols,
		cr:      cr,
		sink:    s,
		at:      make([]int, len(cols)),
		rows:    bytes.Count(data, []byte{'\n'}) + 1,
		badUTF8: utf8.Valid(data),
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
	return t
}

// readAll is io.ReadAll sized in one allocation when r knows its size, as
// *os.File and *strings.Reader do.
func readAll(r io.Reader) ([]byte, error) {
	n := int64(0)
	switch r := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := r.Stat(); err == nil {
			n = fi.Size()
		}
	case interface{ Len() int }:
		n = int64(r.Len())
	}
	if n <= 0 || n > 1<<30 {
		return io.ReadAll(r)
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+bytes.MinRead))
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
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
			t.sink.warnf(t.file, 1, i+1, "unknown column %q is ignored", strings.TrimSpace(h))
			continue
		}
		if j := t.at[k]; j >= 0 {
			t.sink.errorf(t.file, 1, i+1, "column %q repeats column %d (both are %s)", strings.TrimSpace(h), j+1, t.cols[k].name)
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
		t.rec = rec
		if !t.badUTF8 {
			t.checkUTF8()
		}
		return true
	}
}

// readProblem reports a record that could not be read and keeps its key
// when it has one. It reports false when reading cannot go on.
func (t *table) readProblem(rec []string, err error) bool {
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

// checkUTF8 reports the first field of the file that is not UTF-8 — once per
// file, since a file saved in another encoding (GBK, say) fails everywhere.
func (t *table) checkUTF8() {
	for i, f := range t.rec {
		if !utf8.ValidString(f) {
			line, _ := t.cr.FieldPos(i)
			t.sink.errorf(t.file, line, i+1, "the text is not UTF-8; save the file as UTF-8 (Excel: \"CSV UTF-8\") — reported once per file")
			t.badUTF8 = true
			return
		}
	}
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
	return strings.TrimSpace(t.rec[j])
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

// errorf reports an error at column k of the current record.
func (t *table) errorf(k int, format string, args ...any) {
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
	s.ps = append(s.ps, Problem{File: file, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(format, args...)})
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
