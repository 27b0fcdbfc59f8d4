package model

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite the alias tables of ../docs/chinese-headers.md")

func gbk(t testing.TB, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatalf("encoding %q as GB18030: %v", s, err)
	}
	return b
}

func TestDecodeText(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string
		enc     string
		wantErr string
	}{
		{"ASCII is UTF-8", "a,b\n1,2\n", "a,b\n1,2\n", EncodingUTF8, ""},
		{"Chinese UTF-8 is UTF-8", "学号,姓名\nS1,李伟\n", "学号,姓名\nS1,李伟\n", EncodingUTF8, ""},
		{"a BOM is dropped", "\uFEFF学号\n", "学号\n", EncodingUTF8BOM, ""},
		{"GBK (what Chinese Excel saves) is decoded", gbk(t, "学号,姓名\nS1,李伟\n"), "学号,姓名\nS1,李伟\n", EncodingGB18030, ""},
		{"GB18030 four-byte characters are decoded", gbk(t, "名称\n€😀\n"), "名称\n€😀\n", EncodingGB18030, ""},
		{"GB18030's own encoding of U+FFFD is decoded", gbk(t, "x\uFFFD"), "x\uFFFD", EncodingGB18030, ""},
		{"cp936's euro byte is decoded", gbk(t, "李") + "\x80", "李€", EncodingGB18030, ""},
		{"a byte neither decodes is located by offset and line", "ab\ncd\xff\n", "", "",
			"the file is neither UTF-8 nor GB18030/GBK: byte 0xFF at offset 5 (line 2) cannot be decoded"},
		{"the offset is the further of the two decodings", gbk(t, "学号\n李伟") + "\xa1", "", "",
			"byte 0xA1 at offset 9 (line 2)"},
		{"a truncated four-byte sequence is an error", "a\x81\x30\x81", "", "", "byte 0x81 at offset 1 (line 1)"},
		{"invalid UTF-8 after a BOM is an error, not GBK", "\uFEFFa" + gbk(t, "李"), "", "", "at offset 4"},
		{"UTF-16 is named", "\xff\xfea\x00", "", "", `the file is UTF-16 (Excel "Unicode Text")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := decodeText([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want || enc != tt.enc {
				t.Errorf("decodeText = %q, %s; want %q, %s", got, enc, tt.want, tt.enc)
			}
		})
	}
}

// fileCols are the columns of every data file, by the names the tests use.
var fileCols = map[string][]column{
	"districts.csv": districtCols, "specialties.csv": specialtyCols, "schools.csv": schoolCols,
	"enterprises.csv": enterpriseCols, "posts.csv": postCols, "distances.csv": distanceCols,
	"students.csv": studentCols, "pins.csv": pinCols, "bases.csv": baseCols, "cohorts.csv": cohortCols,
	"mentors.csv": mentorCols,
}

// ChineseFile rewrites a CSV file of the given columns the way a Chinese
// registry exports it: every header that has a Chinese alias in Chinese,
// every enum value that has one in Chinese. Other cells are unchanged.
func ChineseFile(t testing.TB, cols []column, text string) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	header := strings.Split(strings.TrimRight(lines[0], "\r\n"), ",")
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = h
		for _, a := range headerAliasList {
			probe := &table{cols: cols}
			if k := probe.lookup(a.alias); k >= 0 && cols[k].name == h {
				header[i] = a.alias
				break
			}
		}
	}
	var b strings.Builder
	b.WriteString(strings.Join(header, ",") + "\n")
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		cells := strings.Split(strings.TrimRight(line, "\r\n"), ",")
		for i, c := range cells {
			if i >= len(names) {
				break
			}
			cells[i] = chineseValue(names[i], c)
		}
		b.WriteString(strings.Join(cells, ",") + "\n")
	}
	return b.String()
}

// chineseValue is the first Chinese alias of value v in column col, or v;
// a ';' list is translated item by item.
func chineseValue(col, v string) string {
	items := strings.Split(v, ";")
	for i, it := range items {
		for _, va := range valueAliasList {
			for _, c := range va.columns {
				if c != col {
					continue
				}
				for _, pair := range va.values {
					if strings.EqualFold(pair[1], strings.TrimSpace(it)) {
						items[i] = pair[0]
						goto next
					}
				}
			}
		}
	next:
	}
	return strings.Join(items, ";")
}

// Every file of a scenario — roster, training and mentors — saved by
// Chinese Excel (GBK, Chinese headers and enum values) loads into the same
// model as the UTF-8 original; the only problems are the warnings saying
// how each file was read, and Chinese names pass through untouched.
func TestEveryFileReadsAsGBKWithChineseHeadersAndValues(t *testing.T) {
	orig := trainingFiles()
	orig["mentors.csv"] = validMentorsCSV
	orig["students.csv"] = strings.Replace(orig["students.csv"], "Li Wei", "李伟", 1)
	orig["enterprises.csv"] = strings.Replace(orig["enterprises.csv"], "Qilu Steel", "齐鲁钢铁有限公司", 1)
	zh := map[string]string{}
	for name, text := range orig {
		cols, ok := fileCols[name]
		if !ok {
			t.Fatalf("no columns for %s", name)
		}
		c := ChineseFile(t, cols, text)
		if name == "students.csv" && !strings.Contains(c, "学号") || name == "schools.csv" && !strings.Contains(c, "技师学院") {
			t.Fatalf("%s was not translated:\n%s", name, c)
		}
		zh[name] = gbk(t, c)
	}
	load := func(files map[string]string) (*Roster, []Base, []Cohort, []Mentor, Problems) {
		open := memOpener(files)
		r, ps := LoadRoster(open, trainingPaths, DefaultPolicy())
		if ps.Err() != nil {
			t.Fatalf("roster: %v", ps.Err())
		}
		bs, cs, tps := LoadTraining(open, trainingPaths, r, testCalendar)
		ms, mps := LoadMentors(open, "mentors.csv", r)
		return r, bs, cs, ms, append(append(ps, tps...), mps...)
	}
	r0, b0, c0, m0, ps0 := load(orig)
	if len(ps0) != 0 {
		t.Fatalf("original: %v", ps0)
	}
	r1, b1, c1, m1, ps1 := load(zh)
	if err := ps1.Err(); err != nil {
		t.Fatalf("Chinese GBK: %v", err)
	}
	if len(ps1.Warnings()) != len(orig) {
		t.Errorf("warnings = %v, want one a file", ps1.Warnings())
	}
	for _, p := range ps1 {
		if !strings.Contains(p.Msg, "read as GB18030/GBK") {
			t.Errorf("unexpected problem %v", p)
		}
	}
	if diff := cmp.Diff([]any{r0, b0, c0, m0}, []any{r1, b1, c1, m1}, rosterData); diff != "" {
		t.Errorf("model (-UTF-8 +GBK Chinese):\n%s", diff)
	}
	if r1.Students[0].Name != "李伟" || r1.Enterprises[0].Name != "齐鲁钢铁有限公司" {
		t.Errorf("names = %q, %q", r1.Students[0].Name, r1.Enterprises[0].Name)
	}
}

func TestChineseValuesOfEveryEnumAreAccepted(t *testing.T) {
	files := validFiles()
	files["students.csv"] = studentsHeader + "\nS1,李伟,SC1,WELD,预备技师,ZD,,国家级,,\nS2,王芳,SC1,CNC,中级工,ZC,,无,E1,\nS3,张敏,SC2,ELEC,高级工,BS,,省级,,\n"
	files["enterprises.csv"] = "企业代码,企业名称,行业,职工总数,规模以上,区县\nE1,齐鲁钢铁,metal,1200,是,ZD\nE2,博山电机,electric,80,否,BS\n"
	files["schools.csv"] = "学校代码,学校名称,学校类型,区县\nSC1,淄博技师学院,技工院校,ZD\nSC2,淄川职业学校,中职学校,\n"
	r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	got := fmt.Sprintln(r.Students[0].Level, r.Students[0].Award, r.Students[1].Level, r.Students[1].Award, r.Students[2].Level, r.Students[2].Award,
		r.Enterprises[0].AboveScale, r.Enterprises[1].AboveScale, r.Schools[0].Kind, r.Schools[1].Kind)
	if want := "technician national intermediate none senior province true false technician_college vocational_school"; strings.TrimSpace(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestAnUnknownChineseValueIsReportedAsWritten(t *testing.T) {
	files := validFiles()
	files["students.csv"] = strings.Replace(files["students.csv"], "S1,Li Wei,SC1,WELD,senior", "S1,Li Wei,SC1,WELD,特级", 1)
	_, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	checkProblems(t, ps, []wantProblem{{"students.csv", 2, 5, `level "特级" is not one of intermediate, senior, technician`}})
}

func TestSafeCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"S01-000001", "S01-000001"},
		{"李伟", "李伟"},
		{"=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"-12", "-12"},
		{"+3.5", "+3.5"},
		{"-1e3", "-1e3"},
		{"-.5", "-.5"},
		{"-", "'-"},
		{"-e5", "'-e5"},
		{"-1e", "'-1e"},
		{"-Inf", "'-Inf"},
		{"a=b", "a=b"},
	}
	for _, tt := range tests {
		if got := SafeCell(tt.in); got != tt.want {
			t.Errorf("SafeCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A cell our outputs neutralized reads back as the original id, so an
// officer-edited output can be loaded again.
func TestANeutralizedCellReadsBackAsItsValue(t *testing.T) {
	files := validFiles()
	files["students.csv"] = strings.Replace(files["students.csv"], "S1,Li Wei,", "'=S1,'@Li Wei,", 1)
	files["pins.csv"] = "student_id,post_id\n'=S1,P1\n"
	r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems: %v", ps)
	}
	if s := r.Students[0]; s.ID != "=S1" || s.Name != "@Li Wei" || r.Pins[0].StudentID != "=S1" {
		t.Errorf("student %q %q, pin %q", s.ID, s.Name, r.Pins[0].StudentID)
	}
}

// endless is a stream of one byte that never ends and does not know its
// size.
type endless struct {
	b    byte
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	e.read += int64(len(p))
	return len(p), nil
}

func (*endless) Close() error { return nil }

// sized says it is huge without holding anything, as a 1 GiB file's Stat does.
type sized struct{ io.Reader }

func (sized) Len() int     { return 1 << 30 }
func (sized) Close() error { return nil }

func TestHostileFilesAreClearErrorsWithBoundedMemory(t *testing.T) {
	openOne := func(name string, rc io.ReadCloser) Problems {
		var s sink
		if tab := openTable(func(string) (io.ReadCloser, error) { return rc, nil }, name, districtCols, &s); tab != nil {
			for tab.next() {
			}
		}
		return s.done()
	}
	t.Run("a 1 GiB file is refused before it is read", func(t *testing.T) {
		ps := openOne("districts.csv", sized{strings.NewReader("")})
		checkProblems(t, ps, []wantProblem{{"districts.csv", 0, 0, "the file is larger than 256 MiB"}})
	})
	t.Run("a stream is read no further than the limit", func(t *testing.T) {
		e := &endless{b: 'x'}
		if _, err := readAll(e, 1<<20); !errors.Is(err, errTooLarge) {
			t.Fatalf("err = %v", err)
		}
		if e.read > 1<<20+64<<10 {
			t.Errorf("read %d bytes for a limit of 1 MiB", e.read)
		}
	})
	t.Run("a header of a million columns", func(t *testing.T) {
		ps := openOne("districts.csv", memFile{strings.NewReader(strings.Repeat("a,", 1_000_000) + "a\n")})
		checkProblems(t, ps, []wantProblem{{"districts.csv", 1, 0, "the line has more than 4096 fields"}})
	})
	t.Run("a header of 4,096 columns is read", func(t *testing.T) {
		ps := openOne("districts.csv", memFile{strings.NewReader("district_id" + strings.Repeat(",a", 4095) + "\nD1" + strings.Repeat(",x", 4095) + "\n")})
		checkProblems(t, ps, nil) // and 4,095 warnings about the unknown columns
	})
	t.Run("a data line of a million fields", func(t *testing.T) {
		ps := openOne("districts.csv", memFile{strings.NewReader("district_id,name\nD1,x\n" + strings.Repeat(",", 1_000_000) + "\n")})
		checkProblems(t, ps, []wantProblem{{"districts.csv", 3, 0, "the line has more than 4096 fields"}})
	})
	t.Run("a quoted cell full of commas and newlines is one cell", func(t *testing.T) {
		ps := openOne("districts.csv", memFile{strings.NewReader("district_id,name\nD1,\"" + strings.Repeat(",\n\"\"", 20_000) + "\"\n")})
		checkProblems(t, ps, nil)
	})
	t.Run("a huge cell", func(t *testing.T) {
		ps := openOne("districts.csv", memFile{strings.NewReader("district_id,name\nD1,\"" + strings.Repeat("x\n", 50_000) + "\"\nD2,ok\n")})
		checkProblems(t, ps, []wantProblem{{"districts.csv", 2, 2, "the cell is longer than 65536 bytes"}})
	})
	t.Run("a cell of 65,536 bytes is read", func(t *testing.T) {
		ps := openOne("districts.csv", memFile{strings.NewReader("district_id,name\nD1," + strings.Repeat("x", MaxFieldBytes) + "\n")})
		checkProblems(t, ps, nil)
	})
	t.Run("too many records", func(t *testing.T) {
		var b bytes.Buffer
		b.WriteString("district_id\n")
		for i := 0; i <= MaxRecords; i++ {
			b.WriteString("D\n")
		}
		ps := openOne("districts.csv", memFile{strings.NewReader(b.String())})
		last := ps[len(ps)-1]
		if want := fmt.Sprintf("the file has more than %d records; the rest is not read", MaxRecords); last.Msg != want || last.Line != MaxRecords+2 {
			t.Errorf("problem %v, want %q at line %d", last, want, MaxRecords+2)
		}
	})
}

// TestDocAliases keeps the alias tables of docs/chinese-headers.md equal
// to the tables here (between the aliases:begin and aliases:end markers);
// run with -update to rewrite them.
func TestDocAliases(t *testing.T) {
	const doc = "../docs/chinese-headers.md"
	const begin, end = "<!-- aliases:begin -->\n", "<!-- aliases:end -->\n"
	data, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the markers %q and %q", doc, begin, end)
	}
	want := aliasMarkdown()
	if got := s[i+len(begin) : j]; got != want {
		if *update {
			if err := os.WriteFile(doc, []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("the alias tables of %s are stale; run go test ./model -run TestDocAliases -update\n%s", doc, cmp.Diff(want, got))
	}
}

func aliasMarkdown() string {
	var b strings.Builder
	b.WriteString("| Chinese header | column |\n| --- | --- |\n")
	for _, a := range headerAliasList {
		names := make([]string, len(a.names))
		for i, n := range a.names {
			names[i] = "`" + n + "`"
		}
		extra := ""
		if len(names) > 1 {
			extra = " (whichever that file takes)"
		}
		fmt.Fprintf(&b, "| %s | %s%s |\n", a.alias, strings.Join(names, " or "), extra)
	}
	b.WriteString("\n| column | Chinese value | value |\n| --- | --- | --- |\n")
	for _, va := range valueAliasList {
		for _, v := range va.values {
			fmt.Fprintf(&b, "| %s | %s | `%s` |\n", strings.Join(va.columns, ", "), v[0], v[1])
		}
	}
	return b.String()
}
