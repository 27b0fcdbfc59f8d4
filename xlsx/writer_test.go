package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// A CSV file saved as a workbook reads back, with excelize, as its rows:
// text escaped (markup, quotes, a control character, spaces kept), numbers
// as numbers, ids with leading zeros as text.
func TestFromCSVReadsBackAsTheCSV(t *testing.T) {
	t.Parallel()
	csv := "id,name,score,code\n" +
		"S1,\"<Wang> & \"\"Li\"\"\",88.5,0042\n" +
		"S2,  张 三  ,100,7\n" +
		"S3,\"tab\there\",,x\n"
	book, err := FromCSV("学生", []byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !cmp.Equal(got, []string{"学生"}) {
		t.Fatalf("sheets %q", got)
	}
	rows, err := f.GetRows("学生")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"id", "name", "score", "code"},
		{"S1", `<Wang> & "Li"`, "88.5", "0042"},
		{"S2", "  张 三  ", "100", "7"},
		{"S3", "tab\there", "", "x"},
	}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// A number cell has no type attribute: "n", the default (excelize
	// reports it as unset).
	for cell, typ := range map[string]excelize.CellType{"C2": excelize.CellTypeUnset, "D2": excelize.CellTypeInlineString, "D3": excelize.CellTypeUnset} {
		if got, _ := f.GetCellType("学生", cell); got != typ {
			t.Errorf("%s has type %d, want %d", cell, got, typ)
		}
	}
}

// The bytes depend on the content only: not on the run, nor on the
// number of cores that compress the sheets.
func TestTheBytesAreStable(t *testing.T) { // not parallel: it sets GOMAXPROCS
	g := &Grid{Header: []string{"a", "b"}, Widths: []float64{10, 20}}
	for i := range 5000 {
		g.Rows = append(g.Rows, []Cell{Text("row"), Number(float64(i))})
	}
	var first []byte
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		w := NewWriter()
		for range 6 {
			w.Add("s"+string(rune('a'+len(w.sheets))), g)
		}
		got, err := w.Finish()
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = got
		} else if !bytes.Equal(first, got) {
			t.Errorf("GOMAXPROCS=%d: other bytes", procs)
		}
	}
}

func TestPlainNumber(t *testing.T) {
	for v, want := range map[string]bool{
		"0": true, "7": true, "88.5": true, "0.25": true, "100": true,
		"": false, "0042": false, "-5": false, "+5": false, "1e5": false, "1.": false, ".5": false,
		"12345678901234567": false, "E0042": false, "1,200": false,
	} {
		if got := plainNumber(v); got != want {
			t.Errorf("plainNumber(%q) = %v, want %v", v, got, want)
		}
	}
}

// A grid whose rows come from Next is the same sheet as the grid holding
// them (Rows), rows of different lengths and empty cells included; a Next
// that gives fewer or more rows than N, or fails, fails the workbook.
func TestNextRowsAreTheRows(t *testing.T) {
	t.Parallel()
	rows := [][]Cell{{Text("a"), Number(1)}, {Text(""), Text("b"), Percent(0.5)}, {Yuan(12)}, {}, {Text("c & d")}}
	stream := func(n int, fail error) *Grid {
		i := 0
		row := make([]Cell, 0, 4)
		return &Grid{Header: []string{"x", "y"}, N: len(rows), Next: func() ([]Cell, error) {
			switch {
			case i == n:
				return nil, io.EOF
			case fail != nil && i == 2:
				return nil, fail
			}
			row = append(row[:0], rows[i%len(rows)]...) // shares its array with the last row
			i++
			return row, nil
		}}
	}
	book := func(g *Grid) ([]byte, error) {
		w := NewWriter()
		w.Add("s", g)
		return w.Finish()
	}
	want, err := book(&Grid{Header: []string{"x", "y"}, Rows: rows})
	if err != nil {
		t.Fatal(err)
	}
	got, err := book(stream(len(rows), nil))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("rows from Next: other bytes (err %v)", err)
	}
	for _, n := range []int{len(rows) - 1, len(rows) + 1} {
		if _, err := book(stream(n, nil)); !errors.Is(err, ErrRows) {
			t.Errorf("%d rows for N %d: err %v, want ErrRows", n, len(rows), err)
		}
	}
	boom := errors.New("boom")
	if _, err := book(stream(len(rows), boom)); !errors.Is(err, boom) {
		t.Errorf("a failing Next: err %v", err)
	}
}

// A sheet of several blocks (blockDeflater) inflates to exactly the XML
// writeSheet renders, its zip entry's CRC checks out, and its bytes do
// not depend on the number of cores.
func TestALargeSheetIsCompressedInBlocks(t *testing.T) { // not parallel: it sets GOMAXPROCS
	g := &Grid{Header: []string{"id", "n", "x"}}
	for i := range 60000 {
		g.Rows = append(g.Rows, []Cell{Text(fmt.Sprintf("S%06d <&>", i)), Number(float64(i)), Number(float64(i) / 7)})
	}
	var want bytes.Buffer
	if err := writeSheet(&want, g, "A1:C60001", true); err != nil {
		t.Fatal(err)
	}
	if want.Len() < 3*blockSize {
		t.Fatalf("the sheet is %d bytes, fewer than three blocks", want.Len())
	}
	var first []byte
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		w := NewWriter()
		w.Add("big", g)
		book, err := w.Finish()
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = book
		} else if !bytes.Equal(first, book) {
			t.Errorf("GOMAXPROCS=%d: other bytes", procs)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(first), int64(len(first)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // checks the CRC at the end
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("the sheet inflates to %d bytes, not the %d rendered", len(got), want.Len())
		}
		return
	}
	t.Fatal("no sheet1.xml in the workbook")
}

// A number is written as strconv's shortest 'g' form, whether or not it
// takes the integer fast path.
func TestNumbersAreWrittenInShortestForm(t *testing.T) {
	t.Parallel()
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, 7, 270, 999999, -999999, 1e6, -1e6, 1234567, 0.5, 88.25, -3.75,
		1e21, 5e-324, math.MaxInt64, math.MinInt64, 123456.5} {
		w := newXMLBuffer(io.Discard)
		w.cell("", 2, Number(v), 0)
		want := "<c><v>" + strconv.FormatFloat(v, 'g', -1, 64) + "</v></c>"
		if got := string(w.buf); got != want {
			t.Errorf("%v: %s, want %s", v, got, want)
		}
	}
}
