package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The workbook is written as SpreadsheetML (ECMA-376, "Office Open XML")
// by the few lines below rather than through excelize's StreamWriter:
// measured on the 150,000-student city, excelize spent 2 GB of allocations
// and about 5 s of CPU on 390,000 rows (docs/excel.md), over the budget of
// 2 s and 300 MB; this writer renders each sheet straight into its
// compressed zip entry, the sheets in parallel. What it writes is the
// minimal package Excel, WPS and LibreOffice open: inline strings (no
// shared-string table), one style sheet, a frozen header row, column
// widths and an autofilter per sheet. excelize reads it back in the tests
// and reads workbooks given as input (xlsxread.go in package model).
//
// Determinism: the entries are written in a fixed order with zero
// timestamps, the document properties are fixed, and each entry is
// compressed on its own (flate's output depends only on its input), so the
// bytes do not depend on the number of cores.

// Cell is one cell: text, a number, or a number shown as a percentage.
type Cell struct {
	s    string
	n    float64
	kind uint8
}

const (
	cellText uint8 = iota
	cellNumber
	cellPercent
	cellYuan
)

func Text(s string) Cell     { return Cell{s: s} }
func Number(n float64) Cell  { return Cell{n: n, kind: cellNumber} }
func Percent(x float64) Cell { return Cell{n: x, kind: cellPercent} }
func Yuan(n float64) Cell    { return Cell{n: n, kind: cellYuan} }

// Style ids of styles.xml's cellXfs.
const (
	styleHeader  = 1
	stylePercent = 2
	styleYuan    = 3
)

// Grid is a sheet's content: a header row and data rows.
type Grid struct {
	Header []string
	Widths []float64 // column widths in characters; none: the default
	Rows   [][]Cell
	// Next, when not nil, gives the data rows instead of Rows: N rows, one
	// a call, in order, then io.EOF. The goroutine that renders the sheet
	// calls it, so that a large sheet's cells need not all be in memory at
	// once. A row it returns may share its array with the previous one. An
	// error, or rows fewer or more than N, fails the workbook (Finish).
	N    int
	Next func() ([]Cell, error)
}

// rows is the number of data rows.
func (g *Grid) rows() int {
	if g.Next != nil {
		return g.N
	}
	return len(g.Rows)
}

// ErrRows is returned (wrapped) by Finish when a Grid's Next gives a
// number of rows other than its N.
var ErrRows = errors.New("xlsx: a sheet's rows are not as many as its N")

// entry is one compressed zip entry.
type entry struct {
	name       string
	data       []byte // deflated
	crc        uint32
	size       uint64 // uncompressed
	err        error
	filterRef  string // the sheet's autofilter range, "" for none
	sheetTitle string
}

// Writer collects the sheets of a workbook; each is rendered and
// compressed by a goroutine of its own, at most GOMAXPROCS at a time.
type Writer struct {
	sheets []*entry
	wg     sync.WaitGroup
	sem    chan struct{}
}

func NewWriter() *Writer {
	return &Writer{sem: make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))}
}

// add renders g as the next sheet, named title (already a valid, unique
// sheet name), in the background.
func (w *Writer) Add(title string, g *Grid) {
	e := &entry{name: fmt.Sprintf("xl/worksheets/sheet%d.xml", len(w.sheets)+1), sheetTitle: title}
	if len(g.Header) > 0 {
		e.filterRef = "A1:" + colName(len(g.Header)-1) + strconv.Itoa(g.rows()+1)
	}
	first := len(w.sheets) == 0
	w.sheets = append(w.sheets, e)
	w.wg.Add(1)
	w.sem <- struct{}{}
	go func() {
		defer func() { <-w.sem; w.wg.Done() }()
		e.deflate(func(out io.Writer) error { return writeSheet(out, g, e.filterRef, first) })
	}()
}

// deflate fills e with what render writes, compressed.
func (e *entry) deflate(render func(io.Writer) error) {
	d := newBlockDeflater()
	if err := render(d); err != nil {
		d.abandon()
		e.err = err
		return
	}
	data, err := d.close()
	if err != nil {
		e.err = err
		return
	}
	e.data, e.crc, e.size = data, d.crc.Sum32(), uint64(d.n)
}

// blockSize is the uncompressed size of the blocks blockDeflater
// compresses separately. A fixed count, so that the bytes do not depend on
// the number of cores; large enough that restarting the compressor's
// window at each block costs nothing measurable.
const blockSize = 1 << 20

// blockDeflater is a deflate stream compressed in blocks of blockSize
// bytes, each by a goroutine of its own, as pigz does: every block but the
// last ends with a sync flush (an empty stored block, so it ends on a byte
// boundary and is not final) and the last is closed, so their
// concatenation is one valid stream. Compression is about half of a
// sheet's cost, and one sheet can be most of a workbook (the fairness
// audit's 100,000 rows at 4,000 students): in blocks it uses every core
// while the sheet is still being rendered. The blocks back-reference
// nothing before them, so each compresses alone.
type blockDeflater struct {
	buf     []byte
	crc     hash.Hash32
	n       int64
	pending []*block // in order; at most GOMAXPROCS wait to be collected
	out     bytes.Buffer
	err     error
}

// block is one block's compressed bytes, ready once done is closed.
type block struct {
	done chan struct{}
	data []byte
	err  error
}

// writers are flate writers at BestSpeed, reused across blocks; blocks
// are the full blocks' buffers (*[]byte of capacity blockSize), reused
// once compressed: fresh megabytes cost a fresh process a page fault
// every 4 KB.
var writers, blocks sync.Pool

func newBlockDeflater() *blockDeflater {
	return &blockDeflater{crc: crc32.NewIEEE()} // most sheets are small: buf grows
}

func (d *blockDeflater) Write(p []byte) (int, error) {
	n := len(p)
	d.crc.Write(p)
	d.n += int64(n)
	for len(p) > 0 {
		k := min(len(p), blockSize-len(d.buf))
		d.buf = append(d.buf, p[:k]...)
		p = p[k:]
		if len(d.buf) == blockSize {
			d.submit(false)
		}
	}
	return n, d.err
}

// submit compresses the buffered bytes as the next block, final or not,
// in the background, and collects the oldest blocks while more than
// GOMAXPROCS are in flight.
func (d *blockDeflater) submit(final bool) {
	b := &block{done: make(chan struct{})}
	data := d.buf
	if !final { // a block was full: more are likely
		if buf, ok := blocks.Get().(*[]byte); ok {
			d.buf = (*buf)[:0]
		} else {
			d.buf = make([]byte, 0, blockSize)
		}
	}
	go func() {
		defer close(b.done)
		var out bytes.Buffer
		out.Grow(len(data) / 8) // a sheet's XML compresses about 12:1
		fw, _ := writers.Get().(*flate.Writer)
		if fw == nil {
			fw, _ = flate.NewWriter(&out, flate.BestSpeed) // the level is valid
		} else {
			fw.Reset(&out)
		}
		defer writers.Put(fw)
		_, b.err = fw.Write(data)
		if cap(data) == blockSize {
			data = data[:0]
			blocks.Put(&data)
		}
		if b.err != nil {
			return
		}
		if final {
			b.err = fw.Close()
		} else {
			b.err = fw.Flush()
		}
		b.data = out.Bytes()
	}()
	d.pending = append(d.pending, b)
	for len(d.pending) > max(1, runtime.GOMAXPROCS(0)) {
		d.collect()
	}
}

// collect waits for the oldest pending block and appends it to out.
func (d *blockDeflater) collect() {
	b := d.pending[0]
	d.pending = d.pending[1:]
	<-b.done
	if b.err != nil && d.err == nil {
		d.err = b.err
	}
	d.out.Write(b.data)
}

// close compresses the rest as the final block and returns the stream.
func (d *blockDeflater) close() ([]byte, error) {
	d.submit(true)
	for len(d.pending) > 0 {
		d.collect()
	}
	return d.out.Bytes(), d.err
}

// abandon waits for the blocks in flight, whose output is not wanted.
func (d *blockDeflater) abandon() {
	for _, b := range d.pending {
		<-b.done
	}
	d.pending = nil
}

// colName is the letters of 0-based column j: A, …, Z, AA, ….
func colName(j int) string {
	name := ""
	for j++; j > 0; j = (j - 1) / 26 {
		name = string(rune('A'+(j-1)%26)) + name
	}
	return name
}

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// writeSheet writes one worksheet part.
func writeSheet(out io.Writer, g *Grid, filterRef string, selected bool) error {
	w := newXMLBuffer(out)
	w.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	w.raw(`<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	// Printed landscape, as wide as one page.
	w.raw(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	if filterRef != "" {
		w.raw(`<dimension ref="` + filterRef + `"/>`)
	}
	w.raw(`<sheetViews><sheetView workbookViewId="0"`)
	if selected {
		w.raw(` tabSelected="1"`)
	}
	w.raw(`><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>`)
	w.raw(`<sheetFormatPr defaultRowHeight="15"/>`)
	if len(g.Widths) > 0 {
		w.raw(`<cols>`)
		for j, wd := range g.Widths {
			n := strconv.Itoa(j + 1)
			w.raw(`<col min="` + n + `" max="` + n + `" width="` + strconv.FormatFloat(wd, 'f', -1, 64) + `" customWidth="1"/>`)
		}
		w.raw(`</cols>`)
	}
	w.raw(`<sheetData>`)
	cols := make([]string, len(g.Header))
	for j := range cols {
		cols[j] = colName(j)
	}
	w.raw(`<row r="1">`)
	for j, h := range g.Header {
		w.cell(cols[j], 1, Text(h), styleHeader)
	}
	w.raw(`</row>`)
	for i := range g.rows() {
		row, err := g.row(i)
		if err != nil {
			return err
		}
		cols = growCols(cols, len(row))
		r := i + 2
		w.raw(`<row r="`)
		w.int(r)
		w.raw(`">`)
		skipped := false
		for j, c := range row {
			if c.kind == cellText && c.s == "" {
				skipped = true
				continue
			}
			// A cell's reference is optional (ECMA-376 §18.3.1.4): without
			// it the cell is in the column after the previous one. It is
			// written only after an empty cell, which saves a tenth of
			// the sheet's bytes.
			ref := ""
			if skipped {
				ref = cols[j]
			}
			w.cell(ref, r, c, 0)
			skipped = false
		}
		w.raw(`</row>`)
	}
	if err := g.end(); err != nil {
		return err
	}
	w.raw(`</sheetData>`)
	if filterRef != "" {
		w.raw(`<autoFilter ref="` + filterRef + `"/>`)
	}
	w.raw(`<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`)
	w.raw(`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>`)
	return w.flush()
}

// row is data row i; rows are asked for in order.
func (g *Grid) row(i int) ([]Cell, error) {
	if g.Next == nil {
		return g.Rows[i], nil
	}
	row, err := g.Next()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: %d rows, N %d", ErrRows, i, g.N)
	}
	return row, err
}

// end checks, after the last row, that Next has no more.
func (g *Grid) end() error {
	if g.Next == nil {
		return nil
	}
	if _, err := g.Next(); err != io.EOF {
		if err == nil {
			err = fmt.Errorf("%w: more rows than N %d", ErrRows, g.N)
		}
		return err
	}
	return nil
}

func growCols(cols []string, n int) []string {
	for j := len(cols); j < n; j++ {
		cols = append(cols, colName(j))
	}
	return cols
}

// xmlBuffer batches small writes.
type xmlBuffer struct {
	out io.Writer
	buf []byte
	err error
}

func newXMLBuffer(out io.Writer) *xmlBuffer {
	return &xmlBuffer{out: out, buf: make([]byte, 0, 64<<10)}
}

func (w *xmlBuffer) raw(s string) {
	w.buf = append(w.buf, s...)
	if len(w.buf) >= 60<<10 {
		w.flush()
	}
}

func (w *xmlBuffer) int(n int) { w.buf = strconv.AppendInt(w.buf, int64(n), 10) }

func (w *xmlBuffer) flush() error {
	if w.err == nil && len(w.buf) > 0 {
		_, w.err = w.out.Write(w.buf)
	}
	w.buf = w.buf[:0]
	return w.err
}

// cell writes one <c>: a number as <v>, text as an inline string.
func (w *xmlBuffer) cell(col string, row int, c Cell, style int) {
	w.raw(`<c`)
	if col != "" {
		w.raw(` r="` + col)
		w.int(row)
		w.raw(`"`)
	}
	switch c.kind {
	case cellPercent:
		style = stylePercent
	case cellYuan:
		style = styleYuan
	}
	if style != 0 {
		w.raw(` s="`)
		w.int(style)
		w.raw(`"`)
	}
	if c.kind != cellText {
		w.raw(`><v>`)
		if n := int64(c.n); float64(n) == c.n && n > -1e6 && n < 1e6 && (n != 0 || !math.Signbit(c.n)) {
			// What AppendFloat's 'g' writes for such a number, faster:
			// most numbers of a plan are small integers.
			w.buf = strconv.AppendInt(w.buf, n, 10)
		} else {
			w.buf = strconv.AppendFloat(w.buf, c.n, 'g', -1, 64)
		}
		w.raw(`</v></c>`)
		return
	}
	w.raw(` t="inlineStr"><is><t`)
	if strings.TrimSpace(c.s) != c.s {
		w.raw(` xml:space="preserve"`)
	}
	w.raw(`>`)
	w.text(c.s)
	w.raw(`</t></is></c>`)
}

// text appends s escaped for XML; a character XML 1.0 cannot hold (a
// control character, invalid UTF-8) becomes U+FFFD, as encoding/xml does.
func (w *xmlBuffer) text(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<':
				w.buf = append(w.buf, "&lt;"...)
			case c == '>':
				w.buf = append(w.buf, "&gt;"...)
			case c == '&':
				w.buf = append(w.buf, "&amp;"...)
			case c == '\t' || c == '\n':
				w.buf = append(w.buf, c)
			case c == '\r':
				w.buf = append(w.buf, "&#xD;"...)
			case c < 0x20:
				w.buf = append(w.buf, "\uFFFD"...)
			default:
				w.buf = append(w.buf, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
			w.buf = append(w.buf, "\uFFFD"...)
		} else {
			w.buf = append(w.buf, s[i:i+n]...)
		}
		i += n
	}
	if len(w.buf) >= 60<<10 {
		w.flush()
	}
}

// xmlAttr escapes s for an attribute value.
func xmlAttr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// finish waits for the sheets and writes the package: the fixed parts
// and the sheets, in a fixed order.
func (w *Writer) Finish() ([]byte, error) {
	w.wg.Wait()
	for _, e := range w.sheets {
		if e.err != nil {
			return nil, e.err
		}
	}
	n := len(w.sheets)
	var ct, rels, wb strings.Builder
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>`)
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	wb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, e := range w.sheets {
		id := strconv.Itoa(i + 1)
		ct.WriteString(`<Override PartName="/` + e.name + `" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
		rels.WriteString(`<Relationship Id="rId` + id + `" Type="` + nsRel + `/worksheet" Target="worksheets/sheet` + id + `.xml"/>`)
		wb.WriteString(`<sheet name="` + xmlAttr(e.sheetTitle) + `" sheetId="` + id + `" r:id="rId` + id + `"/>`)
	}
	ct.WriteString(`</Types>`)
	rels.WriteString(`<Relationship Id="rId` + strconv.Itoa(n+1) + `" Type="` + nsRel + `/styles" Target="styles.xml"/></Relationships>`)
	wb.WriteString(`</sheets><definedNames>`)
	for i, e := range w.sheets {
		if e.filterRef == "" {
			continue
		}
		ref := absRef(e.filterRef)
		wb.WriteString(`<definedName name="_xlnm._FilterDatabase" localSheetId="` + strconv.Itoa(i) + `" hidden="1">` +
			xmlAttr(quoteSheet(e.sheetTitle)) + `!` + ref + `</definedName>`)
	}
	wb.WriteString(`</definedNames><calcPr calcId="0"/></workbook>`)

	fixed := []struct{ name, data string }{
		{"[Content_Types].xml", ct.String()},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
			`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/></Relationships>`},
		{"docProps/app.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>placement</Application></Properties>`},
		// Fixed properties: no creation time, so the same plan gives the
		// same bytes.
		{"docProps/core.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>placement</dc:creator></cp:coreProperties>`},
		{"xl/_rels/workbook.xml.rels", rels.String()},
		{"xl/styles.xml", stylesXML},
		{"xl/workbook.xml", wb.String()},
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range fixed {
		e := &entry{name: f.name}
		e.deflate(func(w io.Writer) error { _, err := io.WriteString(w, f.data); return err })
		if err := writeEntry(zw, e); err != nil {
			return nil, err
		}
	}
	for _, e := range w.sheets {
		if err := writeEntry(zw, e); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// absRef is A1:M9 as $A$1:$M$9.
func absRef(ref string) string {
	var b strings.Builder
	for _, part := range strings.Split(ref, ":") {
		if b.Len() > 0 {
			b.WriteByte(':')
		}
		k := strings.IndexAny(part, "0123456789")
		b.WriteString("$" + part[:k] + "$" + part[k:])
	}
	return b.String()
}

// quoteSheet quotes a sheet name for a formula reference.
func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

func writeEntry(zw *zip.Writer, e *entry) error {
	if e.err != nil {
		return e.err
	}
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: e.name, Method: zip.Deflate, CRC32: e.crc,
		CompressedSize64: uint64(len(e.data)), UncompressedSize64: e.size,
	})
	if err != nil {
		return err
	}
	_, err = w.Write(e.data)
	return err
}

// stylesXML: cellXfs 0 default, 1 the header (bold on light blue), 2 a
// percentage with two decimals (built-in format 10), 3 an amount with
// thousands separators (built-in format 3, #,##0).
const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<styleSheet xmlns="` + nsMain + `">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>` +
	`<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

// FromCSV turns a CSV file into a one-sheet workbook named sheet (a valid
// sheet name: at most 31 characters, none of []:*?/\), as
// Excel would save it: a cell that reads as a plain decimal number (no
// sign, no leading zero, no exponent) is stored as a number, every other
// cell as text. placement gen --xlsx writes the city so.
func FromCSV(sheet string, data []byte) ([]byte, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	g := &Grid{}
	if len(recs) > 0 {
		g.Header = recs[0]
		for _, h := range g.Header {
			g.Widths = append(g.Widths, max(10, min(40, float64(utf8.RuneCountInString(h))*2+2)))
		}
		recs = recs[1:]
	}
	g.Rows = make([][]Cell, len(recs))
	for i, rec := range recs {
		row := make([]Cell, len(rec))
		for j, v := range rec {
			if plainNumber(v) {
				x, _ := strconv.ParseFloat(v, 64)
				row[j] = Number(x)
			} else {
				row[j] = Text(v)
			}
		}
		g.Rows[i] = row
	}
	w := NewWriter()
	w.Add(sheet, g)
	return w.Finish()
}

// plainNumber: digits with at most one '.', no leading zero before other
// digits (an id like 0042 stays text), at most 15 significant digits (a
// spreadsheet's precision).
func plainNumber(v string) bool {
	if v == "" || len(v) > 16 {
		return false
	}
	dot := false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '.' && !dot && i > 0 && i < len(v)-1:
			dot = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return !(len(v) > 1 && v[0] == '0' && v[1] != '.')
}
