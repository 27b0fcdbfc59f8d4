package model

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// toXLSX turns CSV text into a one-sheet workbook as Excel would save it:
// cells that are numbers stored as numbers, the rest as text.
func toXLSX(t testing.TB, sheet, text string) string { return toXLSXAt(t, sheet, text, 1) }

// toXLSXAt is toXLSX with the first row at row first.
func toXLSXAt(t testing.TB, sheet, text string, first int) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			if x, err := strconv.ParseFloat(v, 64); err == nil && !strings.HasPrefix(v, "0") && !strings.ContainsAny(v, "+eE ") {
				row[j] = x
			} else {
				row[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+first)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// xlsxFiles are validFiles as workbooks, and the paths naming them.
func xlsxFiles(t testing.TB) (map[string]string, DataPaths) {
	files := map[string]string{}
	for name, text := range validFiles() {
		files[strings.TrimSuffix(name, ".csv")+".xlsx"] = toXLSX(t, "Sheet1", text)
	}
	p := testPaths
	for _, s := range []*string{&p.Schools, &p.Students, &p.Enterprises, &p.Posts, &p.Specialties, &p.Districts, &p.Distances, &p.Pins} {
		*s = strings.TrimSuffix(*s, ".csv") + ".xlsx"
	}
	return files, p
}

// The roster read from workbooks equals the one read from CSV files, the
// positions aside (file names).
func TestWorkbooksLoadLikeCSVFiles(t *testing.T) {
	t.Parallel()
	files, paths := xlsxFiles(t)
	got, ps := LoadRoster(memOpener(files), paths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps)
	}
	want, ps := LoadRoster(memOpener(validFiles()), testPaths, DefaultPolicy())
	if ps.Err() != nil {
		t.Fatal(ps.Err())
	}
	ignorePos := cmp.Transformer("file", func(p Pos) Pos {
		p.File = strings.TrimSuffix(strings.TrimSuffix(p.File, ".xlsx"), ".csv")
		return p
	})
	if diff := cmp.Diff(want, got, rosterData, ignorePos); diff != "" {
		t.Errorf("roster from workbooks (-csv +xlsx):\n%s", diff)
	}
}

// A problem in a sheet names the file (with its sheet), the row and the
// column number, as a CSV problem names line and column.
func TestAWorkbookProblemNamesRowAndColumn(t *testing.T) {
	t.Parallel()
	files, paths := xlsxFiles(t)
	text := validFiles()["students.csv"]
	text = strings.Replace(text, "S2,Wang Fang,SC1,CNC,technician,ZC,,", "S2,Wang Fang,SC1,CNC,technician,ZC,101,", 1)
	// Three empty rows before the header: the rows still count.
	files["students.xlsx"] = toXLSXAt(t, "学生", text, 4)
	paths.Students = "students.xlsx#学生"
	_, ps := LoadRoster(memOpener(files), paths, DefaultPolicy())
	errs := ps.Errors()
	if len(errs) != 1 || errs[0].File != "students.xlsx#学生" || errs[0].Line != 6 || errs[0].Col != 7 ||
		!strings.HasSuffix(errs[0].Msg, "(column G)") {
		t.Errorf("want one error at students.xlsx#学生:6:7 (the score, column G), got:\n%v", ps)
	}
}

// Values as a user sees them: a formula's cached value, an id typed as a
// number, a date in its display format, a number stored as text, empty
// cells at the end of rows and past the header.
func TestWorkbookCellsReadAsShown(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	set := func(cell string, v any) {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "district_id")
	set("B1", "name")
	set("A2", 20230101001) // an id stored as a number
	set("B2", "  Zhangdian ")
	set("A3", "ZC")
	set("B3", "Zichuan")
	set("A4", "D3")
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	set("B4", 46266.0) // 2026-09-01 as a date serial
	if err := f.SetCellStyle("Sheet1", "B4", "B4", style); err != nil {
		t.Fatal(err)
	}
	set("A6", "D4") // row 5 left empty
	set("B6", "0042")
	set("D6", "") // an empty cell past the header
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	sr, err := readSheet(buf.Bytes(), "", MaxWorkbookBytes)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	var rows []int
	for {
		rec, err := sr.Read()
		if err != nil {
			break
		}
		line, _ := sr.FieldPos(0)
		got = append(got, append([]string(nil), rec...))
		rows = append(rows, line)
	}
	want := [][]string{
		{"district_id", "name"},
		{"20230101001", "  Zhangdian "},
		{"ZC", "Zichuan"},
		{"D3", "2026-09-01"},
		{"D4", "0042"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 3, 4, 6}, rows); diff != "" {
		t.Errorf("row numbers (-want +got):\n%s", diff)
	}
}

// A formula cell reads as the value the spreadsheet cached.
func TestAFormulaReadsAsItsCachedValue(t *testing.T) {
	t.Parallel()
	book := minimalBook(t, inlineRow(1, "district_id", "name")+
		`<row r="2"><c r="A2" t="inlineStr"><is><t>ZC</t></is></c><c r="B2" t="str"><f>"Zi"&amp;"chuan"</f><v>Zichuan</v></c></row>`+
		`<row r="3"><c r="A3"><f>40+2</f><v>42</v></c><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>`)
	sr, err := readSheet(book, "", MaxWorkbookBytes)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for {
		rec, err := sr.Read()
		if err != nil {
			break
		}
		got = append(got, append([]string(nil), rec...))
	}
	if diff := cmp.Diff([][]string{{"district_id", "name"}, {"ZC", "Zichuan"}, {"42", "x"}}, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// zipOf makes a zip archive of the given entries.
func zipOf(t testing.TB, entries map[string][]byte, order ...string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(entries[name])
	}
	zw.Close()
	return b.Bytes()
}

// minimalBook is a workbook whose one sheet has the given sheetData.
func minimalBook(t testing.TB, sheetData string) []byte {
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	e := map[string][]byte{
		"[Content_Types].xml":        []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
		"_rels/.rels":                []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		"xl/workbook.xml":            []byte(`<?xml version="1.0"?><workbook ` + ns + `><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml":   []byte(`<?xml version="1.0"?><worksheet ` + ns + `><sheetData>` + sheetData + `</sheetData></worksheet>`),
	}
	return zipOf(t, e, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml")
}

func inlineRow(r int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for j, c := range cells {
		fmt.Fprintf(&b, `<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>`, colLetters(j+1), r, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// Bad workbooks are one clear problem on the file, never a panic, a hang
// or a huge allocation.
func TestBadWorkbooksAreClearProblems(t *testing.T) {
	t.Parallel()
	ole := append(append([]byte(nil), oleMagic...), make([]byte, 512)...)
	encrypted := append(append([]byte(nil), ole...), utf16le("EncryptionInfo")...)
	// A zip of 8 MiB of spaces and no workbook part.
	huge := bytes.Repeat([]byte(" "), 8<<20)
	bomb := zipOf(t, map[string][]byte{"xl/worksheets/sheet1.xml": huge}, "xl/worksheets/sheet1.xml")
	tooManyRows := minimalBook(t, inlineRow(1, "district_id", "name")+inlineRow(2, "ZD", "Zhangdian")+`<row r="1048577"/>`)
	cases := []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"an old .xls", "districts.xls", ole, "old Excel 97–2003 workbook (.xls)"},
		{"an .xls renamed .xlsx", "districts.xlsx", ole, "save it as \"Excel Workbook (*.xlsx)\""},
		{"a password", "districts.xlsx", encrypted, "protected by a password"},
		{"a corrupt zip", "districts.xlsx", []byte("PK\x03\x04 not really a zip"), "cannot be read"},
		{"not a zip at all", "districts.xlsx", []byte("district_id,name\nZD,Zhangdian\n"), "not an .xlsx workbook"},
		{"a zip without a workbook", "districts.xlsx", bomb, "cannot be read"},
		{"a row past the last row", "districts.xlsx", tooManyRows, "beyond row 1,048,576"},
		{"an unknown sheet", "districts.xlsx#nope", minimalBook(t, inlineRow(1, "district_id", "name")), `no sheet "nope"; its sheets are "Sheet1"`},
		{"an empty sheet", "districts.xlsx", minimalBook(t, ""), "the file is empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			open := memOpener(map[string]string{strings.SplitN(c.file, "#", 2)[0]: string(c.data)})
			var s sink
			tbl := openTable(open, c.file, districtCols, &s)
			if tbl != nil {
				for tbl.next() {
				}
			}
			ps := s.done()
			if ps.Err() == nil || !strings.Contains(ps.Error(), c.want) || ps[0].File != c.file {
				t.Errorf("want an error on %s containing %q, got:\n%v", c.file, c.want, ps)
			}
		})
	}
}

// A zip bomb — parts that unpack past the limit — is refused before it is
// unpacked.
func TestAZipBombIsRefused(t *testing.T) {
	t.Parallel()
	book := minimalBook(t, inlineRow(1, "district_id", "name")+strings.Repeat(" ", 2<<20))
	_, err := readSheet(book, "", 1<<20)
	if err == nil || !strings.Contains(err.Error(), "unpacks to more than 1 MiB") {
		t.Errorf("want the unzip limit, got %v", err)
	}
}

// A sheet of a million empty rows (a header, one record, and a last row
// far below) reads its one record quickly; a value right of the header is
// located.
func TestAMillionEmptyRowsAreSkipped(t *testing.T) {
	t.Parallel()
	book := minimalBook(t, inlineRow(1, "district_id", "name")+inlineRow(2, "ZD", "Zhangdian")+
		inlineRow(3, "ZC", "Zichuan", "", "stray")+`<row r="1048576"><c r="A1048576" t="inlineStr"><is><t> </t></is></c></row>`)
	var s sink
	tbl := openTable(memOpener(map[string]string{"d.xlsx": string(book)}), "d.xlsx", districtCols, &s)
	n := 0
	for tbl != nil && tbl.next() {
		n++
	}
	ps := s.done()
	if n != 1 || len(ps) != 1 || ps[0].Line != 3 || ps[0].Col != 4 || !strings.Contains(ps[0].Msg, "column D") {
		t.Errorf("want 1 record and one error at d.xlsx:3:4, got %d records and:\n%v", n, ps)
	}
}

// FuzzWorkbook: any bytes given as a workbook are read or refused with
// problems, never a panic. Run it with a small minimization budget
// (docs/excel.md): go test ./model -run XXX -fuzz FuzzWorkbook
// -fuzzminimizetime 5x.
func FuzzWorkbook(f *testing.F) {
	f.Add(minimalBook(f, inlineRow(1, "district_id", "name")+inlineRow(2, "ZD", "Zhangdian")))
	f.Add(toXLSXBytes(f, validFiles()["students.csv"]))
	f.Add(append(append([]byte(nil), oleMagic...), 0, 0))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		files := validFiles()
		paths := testPaths
		files["districts.xlsx"] = string(data)
		paths.Districts = "districts.xlsx"
		_, ps := LoadRoster(memOpener(files), paths, DefaultPolicy())
		for _, p := range ps {
			if p.File == "" {
				t.Errorf("a problem without a file: %v", p)
			}
		}
	})
}

func toXLSXBytes(t testing.TB, text string) []byte { return []byte(toXLSX(t, "Sheet1", text)) }

// A workbook whose first sheet is not the table: the error says how to
// name the others.
func TestTheFirstSheetWithoutTheColumnsNamesTheOthers(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "说明")
	f.NewSheet("区县")
	f.SetSheetRow("区县", "A1", &[]any{"district_id", "name"})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	var s sink
	openTable(memOpener(map[string]string{"d.xlsx": buf.String()}), "d.xlsx", districtCols, &s)
	ps := s.done()
	if !strings.Contains(ps.Error(), `to read another sheet, name it after a '#': "d.xlsx#区县"`) {
		t.Errorf("want the other sheet named, got:\n%v", ps)
	}
	var s2 sink
	tbl := openTable(memOpener(map[string]string{"d.xlsx": buf.String()}), "d.xlsx#区县", districtCols, &s2)
	if ps := s2.done(); tbl == nil || ps.Err() != nil {
		t.Errorf("d.xlsx#区县: %v", ps)
	}
}

// A title above the header — one cell, often merged across the table —
// is skipped with a warning; rows keep their sheet numbers.
func TestASheetTitleAboveTheHeaderIsSkipped(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "2026年秋季区县表")
	f.MergeCell("Sheet1", "A1", "B1")
	f.SetSheetRow("Sheet1", "A3", &[]any{"district_id", "name"})
	f.SetSheetRow("Sheet1", "A4", &[]any{"ZD", ""})
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	var s sink
	tbl := openTable(memOpener(map[string]string{"d.xlsx": buf.String()}), "d.xlsx", districtCols, &s)
	n := 0
	for tbl != nil && tbl.next() {
		n++
		if tbl.line() != 4 {
			t.Errorf("the record is at row %d, want 4", tbl.line())
		}
	}
	ps := s.done()
	if n != 1 || ps.Err() != nil || len(ps) != 1 || ps[0].Line != 1 || !strings.Contains(ps[0].Msg, "title") {
		t.Errorf("want 1 record and a warning about the title at row 1, got %d and:\n%v", n, ps)
	}
}

// A workbook whose large sheet is unpacked to a temporary file and which
// then fails to open (a part after the sheet takes it over the size limit)
// leaves no temporary file behind; nor does one that opens.
func TestNoTemporaryFileOutlivesTheRead(t *testing.T) { // not parallel: it sets TMPDIR
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	sheet := inlineRow(1, "district_id", "name") + inlineRow(2, "ZD", "Zhangdian") + strings.Repeat(" ", 2<<20)
	good := minimalBook(t, sheet)
	if _, err := readSheetIn(good, "", 4<<20, 1<<20); err != nil {
		t.Fatalf("the good workbook: %v", err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.Create("xl/zz.xml")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(bytes.Repeat([]byte(" "), 3<<20))
	zw.Close()
	if _, err := readSheetIn(b.Bytes(), "", 4<<20, 1<<20); err == nil || !strings.Contains(err.Error(), "unpacks to more than 4 MiB") {
		t.Fatalf("want the size limit, got %v", err)
	}
	left, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range left {
		t.Errorf("left in TMPDIR: %s", e.Name())
	}
}
