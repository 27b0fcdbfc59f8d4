package model

import (
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// memOpener serves files from memory; a name it lacks is not found.
func memOpener(files map[string]string) Opener {
	return func(name string) (io.ReadCloser, error) {
		s, ok := files[name]
		if !ok {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return memFile{strings.NewReader(s)}, nil
	}
}

// memFile is an open in-memory file; like *os.File it knows its size.
type memFile struct{ *strings.Reader }

func (memFile) Close() error { return nil }

var testPaths = DataPaths{
	Schools:     "schools.csv",
	Students:    "students.csv",
	Enterprises: "enterprises.csv",
	Posts:       "posts.csv",
	Specialties: "specialties.csv",
	Districts:   "districts.csv",
	Distances:   "distances.csv",
	Pins:        "pins.csv",
}

// validFiles is a small valid scenario. Students are on lines 2, 3 and 4.
func validFiles() map[string]string {
	return map[string]string{
		"districts.csv": `district_id,name
ZD,Zhangdian
ZC,Zichuan
BS,Boshan
`,
		"specialties.csv": `specialty,name,group
WELD,Welding,metal
CNC,CNC machining,metal
ELEC,Electrical,electric
`,
		"schools.csv": `school_id,name,kind,district
SC1,Zibo Technician College,technician_college,ZD
SC2,Zichuan Vocational School,vocational_school,
`,
		"enterprises.csv": `enterprise_id,name,industry,employees,above_scale,district
E1,Qilu Steel,metal,1200,true,ZD
E2,Boshan Electric,electric,80,no,BS
`,
		"posts.csv": `post_id,enterprise_id,specialty,capacity,min_level,accepts_related
P1,E1,WELD,3,senior,
P2,E1,CNC,2,,false
P3,E2,ELEC,1,intermediate,1
`,
		"students.csv": `student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences
S1,Li Wei,SC1,WELD,senior,ZD,88.5,city,,E1;E2
S2,Wang Fang,SC1,CNC,technician,ZC,,,E1,
S3,Zhang Min,SC2,ELEC,intermediate,BS,70,national,, E2 ; ;E1
`,
		"distances.csv": `from,to,km
ZD,ZC,12
BS,ZD,25
ZC,BS,30
`,
		"pins.csv": `student_id,post_id
S3,P3
`,
	}
}

func validRoster() *Roster {
	pos := func(file string, line int) Pos { return Pos{File: file, Line: line} }
	return &Roster{
		Schools: []School{
			{ID: "SC1", Name: "Zibo Technician College", Kind: TechnicianCollege, District: "ZD", Pos: pos("schools.csv", 2)},
			{ID: "SC2", Name: "Zichuan Vocational School", Kind: VocationalSchool, Pos: pos("schools.csv", 3)},
		},
		Students: []Student{
			{ID: "S1", Name: "Li Wei", SchoolID: "SC1", Specialty: "WELD", Level: LevelSenior, District: "ZD",
				Score: 88.5, Award: AwardCity, Preferences: []string{"E1", "E2"}, Pos: pos("students.csv", 2)},
			{ID: "S2", Name: "Wang Fang", SchoolID: "SC1", Specialty: "CNC", Level: LevelTechnician, District: "ZC",
				OrderEnterpriseID: "E1", Pos: pos("students.csv", 3)},
			{ID: "S3", Name: "Zhang Min", SchoolID: "SC2", Specialty: "ELEC", Level: LevelIntermediate, District: "BS",
				Score: 70, Award: AwardNational, Preferences: []string{"E2", "E1"}, Pos: pos("students.csv", 4)},
		},
		Enterprises: []Enterprise{
			{ID: "E1", Name: "Qilu Steel", Industry: "metal", Employees: 1200, AboveScale: true, District: "ZD", Pos: pos("enterprises.csv", 2)},
			{ID: "E2", Name: "Boshan Electric", Industry: "electric", Employees: 80, AboveScale: false, District: "BS", Pos: pos("enterprises.csv", 3)},
		},
		Posts: []Post{
			{ID: "P1", EnterpriseID: "E1", Specialty: "WELD", Capacity: 3, MinLevel: LevelSenior, AcceptsRelated: true, Pos: pos("posts.csv", 2)},
			{ID: "P2", EnterpriseID: "E1", Specialty: "CNC", Capacity: 2, MinLevel: LevelNone, AcceptsRelated: false, Pos: pos("posts.csv", 3)},
			{ID: "P3", EnterpriseID: "E2", Specialty: "ELEC", Capacity: 1, MinLevel: LevelIntermediate, AcceptsRelated: true, Pos: pos("posts.csv", 4)},
		},
		Specialties: []Specialty{
			{Code: "WELD", Name: "Welding", Group: "metal", Pos: pos("specialties.csv", 2)},
			{Code: "CNC", Name: "CNC machining", Group: "metal", Pos: pos("specialties.csv", 3)},
			{Code: "ELEC", Name: "Electrical", Group: "electric", Pos: pos("specialties.csv", 4)},
		},
		Districts: []District{
			{ID: "ZD", Name: "Zhangdian", Pos: pos("districts.csv", 2)},
			{ID: "ZC", Name: "Zichuan", Pos: pos("districts.csv", 3)},
			{ID: "BS", Name: "Boshan", Pos: pos("districts.csv", 4)},
		},
		Distances: []Distance{
			{From: "ZD", To: "ZC", Km: 12, Pos: pos("distances.csv", 2)},
			{From: "BS", To: "ZD", Km: 25, Pos: pos("distances.csv", 3)},
			{From: "ZC", To: "BS", Km: 30, Pos: pos("distances.csv", 4)},
		},
		Pins: []Pin{{StudentID: "S3", PostID: "P3", Pos: pos("pins.csv", 2)}},
	}
}

func TestLoadRosterReadsAValidScenarioIntoTheModel(t *testing.T) {
	r, ps := LoadRoster(memOpener(validFiles()), testPaths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	if diff := cmp.Diff(validRoster(), r, rosterData); diff != "" {
		t.Errorf("roster (-want +got):\n%s", diff)
	}
}

func TestLoadRosterWithoutPinsLeavesPinsEmpty(t *testing.T) {
	paths := testPaths
	paths.Pins = ""
	files := validFiles()
	delete(files, "pins.csv")
	r, ps := LoadRoster(memOpener(files), paths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	if r.Pins != nil {
		t.Errorf("pins = %v, want none", r.Pins)
	}
}

func TestLoadRosterAcceptsBOMCRLFCaseAndSpaces(t *testing.T) {
	files := validFiles()
	for name, s := range files {
		files[name] = "\uFEFF" + strings.ReplaceAll(s, "\n", "\r\n")
	}
	// Rows of empty cells, as spreadsheets leave them, are skipped.
	files["students.csv"] += ",,,,,,,,,\r\n , ,,,,,,,,\r\n"
	// Column order is free and header case and spaces do not matter.
	files["posts.csv"] = "\uFEFF Capacity ,POST_ID,enterprise_id,specialty,min_level,accepts_related\r\n" +
		"3,P1,E1,WELD,Senior,\r\n2,P2,E1,CNC,,FALSE\r\n1,P3,E2,ELEC,intermediate, Yes \r\n"
	r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	if diff := cmp.Diff(validRoster(), r, rosterData); diff != "" {
		t.Errorf("roster (-want +got):\n%s", diff)
	}
}

func TestLoadRosterWarnsAboutUnknownColumnsAndStillLoads(t *testing.T) {
	files := validFiles()
	files["districts.csv"] = "district_id,name,remark,\nZD,Zhangdian,centre,\nZC,Zichuan,,\nBS,Boshan,,\n"
	r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	if err := ps.Err(); err != nil {
		t.Fatalf("errors:\n%v", err)
	}
	want := Problems{
		{File: "districts.csv", Line: 1, Col: 3, Severity: Warning, Msg: `unknown column "remark" is ignored`},
		{File: "districts.csv", Line: 1, Col: 4, Severity: Warning, Msg: `column 4 has no name and is ignored`},
	}
	if diff := cmp.Diff(want, ps.Warnings()); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(validRoster(), r, rosterData); diff != "" {
		t.Errorf("roster (-want +got):\n%s", diff)
	}
}

func TestLoadRosterLocatesFieldsAfterAMultiLineQuotedField(t *testing.T) {
	files := validFiles()
	files["students.csv"] = `student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences
S1,"Li
Wei, ""the welder""",SC1,WELD,senior,ZD,88.5,city,,E1;E2
S2,Wang Fang,SC1,CNC,technician,ZC,,,E1,
"S3","Zhang
Min","SC2",ELEC,intermediate,BS,70,expert,,"E2;
E9"
`
	r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	want := Problems{
		{File: "students.csv", Line: 6, Col: 8, Msg: `award "expert" is not one of none, city, province, national`},
		{File: "students.csv", Line: 6, Col: 10, Msg: `preferences: enterprise "E9" is not in enterprises.csv`},
	}
	if diff := cmp.Diff(want, ps.Errors()); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if got, want := r.Students[0].Name, "Li\nWei, \"the welder\""; got != want {
		t.Errorf("name = %q, want %q", got, want)
	}
	var lines []int
	for _, s := range r.Students {
		lines = append(lines, s.Pos.Line)
	}
	if diff := cmp.Diff([]int{2, 4, 5}, lines); diff != "" {
		t.Errorf("student lines (-want +got):\n%s", diff)
	}
}

func TestLoadRosterReportsEveryProblemOfALoad(t *testing.T) {
	files := validFiles()
	files["students.csv"] = `student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences
S1,Li Wei,SC9,WELD,expert,ZD,88.5,city,,E1;E2
S2,Wang Fang,SC1,CNC,technician,ZC,,,E1,
S1,Zhang Min,SC2,ELEC,intermediate,BS,170,national,,E2
`
	files["posts.csv"] += "P4,E2,ELEC,0,,\n"
	_, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	want := []wantProblem{
		{"pins.csv", 2, 1, `student_id "S3" is not in students.csv`},
		{"posts.csv", 5, 4, `capacity "0" must be at least 1`},
		{"students.csv", 2, 3, `school_id "SC9" is not in schools.csv`},
		{"students.csv", 2, 5, `level "expert" is not one of`},
		{"students.csv", 4, 1, `duplicate student_id "S1" (first at line 2)`},
		{"students.csv", 4, 7, `score "170" is not between 0 and 100`},
	}
	checkProblems(t, ps, want)
}

func TestLoadRosterCapsProblemsPerFile(t *testing.T) {
	files := validFiles()
	var b strings.Builder
	b.WriteString("student_id,name,school_id,specialty,level,district\n")
	for i := 0; i < maxProblemsPerFile+50; i++ {
		b.WriteString("X,,SC1,WELD,expert,ZD\n") // unknown level, and a duplicate id after the first
	}
	files["students.csv"] = b.String()
	delete(files, "pins.csv")
	paths := testPaths
	paths.Pins = ""
	_, ps := LoadRoster(memOpener(files), paths, DefaultPolicy())
	errs := ps.Errors()
	if got, want := len(errs), maxProblemsPerFile+1; got != want {
		t.Fatalf("%d errors, want %d:\n%v", got, want, errs.Error())
	}
	if got, want := errs[0], (Problem{File: "students.csv", Msg: "… and 199 more problems in this file (only the first 100 are listed)"}); got != want {
		t.Errorf("first error (sorted) = %+v, want %+v", got, want)
	}
	if last := ps[len(ps)-1]; !strings.HasPrefix(last.Msg, "… and") {
		t.Errorf("last problem in load order = %v, want the summary", last)
	}
}

func TestLoadRosterHeaderAliasesMapOntoCanonicalColumns(t *testing.T) {
	saved := headerAliases
	t.Cleanup(func() { headerAliases = saved })
	headerAliases = map[string][]string{
		"学号": {"student_id"},
		"区县": {"district", "district_id"},
	}
	files := validFiles()
	files["districts.csv"] = strings.Replace(files["districts.csv"], "district_id", "区县", 1)
	files["students.csv"] = strings.Replace(strings.Replace(files["students.csv"], "student_id", "学号", 1), ",district,", ",区县,", 1)
	r, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	if diff := cmp.Diff(validRoster(), r, rosterData); diff != "" {
		t.Errorf("roster (-want +got):\n%s", diff)
	}
}

type wantProblem struct {
	file      string
	line, col int
	msg       string // a substring of the message
}

// checkProblems asserts that the errors of ps are exactly want, in sorted order.
func checkProblems(t *testing.T, ps Problems, want []wantProblem) {
	t.Helper()
	errs := ps.Errors()
	ok := len(errs) == len(want)
	for i := 0; ok && i < len(want); i++ {
		e, w := errs[i], want[i]
		ok = e.File == w.file && e.Line == w.line && e.Col == w.col && strings.Contains(e.Msg, w.msg)
	}
	if !ok {
		var b strings.Builder
		for _, w := range want {
			b.WriteString("\n\t" + (Problem{File: w.file, Line: w.line, Col: w.col, Msg: "…" + w.msg + "…"}).String())
		}
		t.Errorf("errors:\n%v\nwant:%s", errs.Error(), b.String())
	}
}

// edit changes a copy of the valid scenario.
type edit func(files map[string]string, paths *DataPaths, policy *Policy)

func setLine(file string, n int, text string) edit {
	return func(files map[string]string, _ *DataPaths, _ *Policy) {
		lines := strings.Split(files[file], "\n")
		lines[n-1] = text
		files[file] = strings.Join(lines, "\n")
	}
}

func addLine(file, text string) edit {
	return func(files map[string]string, _ *DataPaths, _ *Policy) { files[file] += text + "\n" }
}

func setFile(file, content string) edit {
	return func(files map[string]string, _ *DataPaths, _ *Policy) { files[file] = content }
}

func edits(es ...edit) edit {
	return func(files map[string]string, paths *DataPaths, policy *Policy) {
		for _, e := range es {
			e(files, paths, policy)
		}
	}
}

const studentsHeader = "student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences"

func TestLoadRosterReportsBadInput(t *testing.T) {
	tests := []struct {
		name string
		edit edit
		want []wantProblem
	}{
		{
			name: "a missing file is one problem naming the file",
			edit: func(files map[string]string, _ *DataPaths, _ *Policy) { delete(files, "students.csv") },
			want: []wantProblem{{"students.csv", 0, 0, "file not found"}},
		},
		{
			name: "an unset required path names the scenario key",
			edit: func(_ map[string]string, p *DataPaths, _ *Policy) { p.Specialties = "" },
			want: []wantProblem{{"scenario", 0, 0, "data.specialties is not set"}},
		},
		{
			name: "an empty file needs a header",
			edit: setFile("districts.csv", ""),
			want: []wantProblem{{"districts.csv", 0, 0, "the file is empty"}},
		},
		{
			name: "a missing required column is reported on the header line",
			edit: setFile("students.csv", "student_id,school_id,specialty,district\nS1,SC1,WELD,ZD\nS3,SC2,ELEC,BS\n"),
			want: []wantProblem{{"students.csv", 1, 0, `missing required column "level"`}},
		},
		{
			name: "a distances file without km is reported once, not as missing pairs",
			edit: setFile("distances.csv", "from,to\nZD,ZC\n"),
			want: []wantProblem{{"distances.csv", 1, 0, `missing required column "km"`}},
		},
		{
			name: "a repeated column is an error at its second occurrence",
			edit: setFile("districts.csv", "district_id,name,Name\nZD,Zhangdian,x\nZC,Zichuan,x\nBS,Boshan,x\n"),
			want: []wantProblem{{"districts.csv", 1, 3, `column "Name" repeats column 2`}},
		},
		{
			name: "a bare quote is malformed CSV located at its field",
			edit: setLine("students.csv", 2, `S1,Li "Wei",SC1,WELD,senior,ZD,88.5,city,,E1;E2`),
			want: []wantProblem{{"students.csv", 2, 2, `a " inside an unquoted field`}},
		},
		{
			name: "a quote that does not end its field is malformed CSV",
			edit: setLine("students.csv", 3, `S2,"Wang" Fang,SC1,CNC,technician,ZC,,,E1,`),
			want: []wantProblem{{"students.csv", 3, 2, `a quoted field must end with "`}},
		},
		{
			name: "a line with more fields than the header is an error",
			edit: setLine("students.csv", 3, "S2,Wang Fang,SC1,CNC,technician,ZC,,,E1,,extra"),
			want: []wantProblem{{"students.csv", 3, 0, "the line has 11 fields but the header has 10"}},
		},
		{
			name: "a line with fewer fields than the header is an error and its id still resolves",
			edit: setLine("students.csv", 4, "S3,Zhang Min,SC2"),
			want: []wantProblem{{"students.csv", 4, 0, "the line has 3 fields but the header has 10"}},
		},
		{
			name: "an empty required value is an error at its field",
			edit: setLine("students.csv", 2, "S1,Li Wei,,WELD,senior,ZD,88.5,city,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 3, "school_id is empty"}},
		},
		{
			name: "a duplicate id names the line of the first",
			edit: addLine("enterprises.csv", "E1,Other Steel,metal,5,no,ZC"),
			want: []wantProblem{{"enterprises.csv", 4, 1, `duplicate enterprise_id "E1" (first at line 2)`}},
		},
		{
			name: "a duplicate district is an error",
			edit: addLine("districts.csv", "ZD,Again"),
			want: []wantProblem{{"districts.csv", 5, 1, `duplicate district_id "ZD" (first at line 2)`}},
		},
		{
			name: "a student at an unknown school is a dangling reference",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC9,WELD,senior,ZD,88.5,city,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 3, `school_id "SC9" is not in schools.csv`}},
		},
		{
			name: "a student of an unknown specialty is a dangling reference",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WLD,senior,ZD,88.5,city,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 4, `specialty "WLD" is not in specialties.csv`}},
		},
		{
			name: "a student in an unknown district is a dangling reference",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WELD,senior,XX,88.5,city,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 6, `district "XX" is not in districts.csv`}},
		},
		{
			name: "an enterprise in an unknown district is a dangling reference",
			edit: setLine("enterprises.csv", 3, "E2,Boshan Electric,electric,80,no,XX"),
			want: []wantProblem{{"enterprises.csv", 3, 6, `district "XX" is not in districts.csv`}},
		},
		{
			name: "a school in an unknown district is a dangling reference",
			edit: setLine("schools.csv", 3, "SC2,Zichuan Vocational School,vocational_school,XX"),
			want: []wantProblem{{"schools.csv", 3, 4, `district "XX" is not in districts.csv`}},
		},
		{
			name: "a post at an unknown enterprise is a dangling reference",
			edit: setLine("posts.csv", 4, "P3,E9,ELEC,1,intermediate,1"),
			want: []wantProblem{{"posts.csv", 4, 2, `enterprise_id "E9" is not in enterprises.csv`}},
		},
		{
			name: "a post of an unknown specialty is a dangling reference",
			edit: setLine("posts.csv", 3, "P2,E1,XX,2,,false"),
			want: []wantProblem{{"posts.csv", 3, 3, `specialty "XX" is not in specialties.csv`}},
		},
		{
			name: "an unknown order-class sponsor is a dangling reference",
			edit: setLine("students.csv", 3, "S2,Wang Fang,SC1,CNC,technician,ZC,,,E9,"),
			want: []wantProblem{{"students.csv", 3, 9, `order_enterprise_id "E9" is not in enterprises.csv`}},
		},
		{
			name: "an unknown preferred enterprise is a dangling reference",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WELD,senior,ZD,88.5,city,,E1;E7"),
			want: []wantProblem{{"students.csv", 2, 10, `preferences: enterprise "E7" is not in enterprises.csv`}},
		},
		{
			name: "an enterprise listed twice in one student's preferences is an error",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WELD,senior,ZD,88.5,city,,E1; E2 ;E1"),
			want: []wantProblem{{"students.csv", 2, 10, `preferences: enterprise "E1" is listed twice`}},
		},
		{
			name: "a distance from an unknown district is a dangling reference",
			edit: addLine("distances.csv", "XX,ZD,4"),
			want: []wantProblem{{"distances.csv", 5, 1, `from "XX" is not in districts.csv`}},
		},
		{
			name: "a pair given both ways with different km is an error",
			edit: addLine("distances.csv", "ZC,ZD,13"),
			want: []wantProblem{{"distances.csv", 5, 3, `km between "ZC" and "ZD" is 13 here but 12 at line 2`}},
		},
		{
			name: "a pair whose first km is bad is compared with its next listing",
			edit: edits(setLine("distances.csv", 2, "ZD,ZC,x"), addLine("distances.csv", "ZC,ZD,12"), addLine("distances.csv", "ZD,ZC,14")),
			want: []wantProblem{
				{"distances.csv", 2, 3, `km "x" is not a whole number`},
				{"distances.csv", 6, 3, `km between "ZD" and "ZC" is 14 here but 12 at line 5`},
			},
		},
		{
			name: "a pair given twice with the same km is accepted",
			edit: edits(addLine("distances.csv", "ZC,ZD,12"), addLine("distances.csv", "ZD,ZC,12")),
			want: nil,
		},
		{
			name: "an unknown school kind lists the kinds",
			edit: setLine("schools.csv", 2, "SC1,Zibo Technician College,college,ZD"),
			want: []wantProblem{{"schools.csv", 2, 3, `kind "college" is not one of technician_college, vocational_school`}},
		},
		{
			name: "an unknown level lists the levels",
			edit: setLine("students.csv", 3, "S2,Wang Fang,SC1,CNC,expert,ZC,,,E1,"),
			want: []wantProblem{{"students.csv", 3, 5, `level "expert" is not one of intermediate, senior, technician`}},
		},
		{
			name: "an unknown min_level lists the levels",
			edit: setLine("posts.csv", 2, "P1,E1,WELD,3,master,"),
			want: []wantProblem{{"posts.csv", 2, 5, `min_level "master" is not one of intermediate, senior, technician`}},
		},
		{
			name: "an unknown award lists the awards",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WELD,senior,ZD,88.5,gold,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 8, `award "gold" is not one of none, city, province, national`}},
		},
		{
			name: "an above_scale that is not a boolean is an error",
			edit: setLine("enterprises.csv", 2, "E1,Qilu Steel,metal,1200,maybe,ZD"),
			want: []wantProblem{{"enterprises.csv", 2, 5, `above_scale "maybe" is not a boolean`}},
		},
		{
			name: "an accepts_related that is not a boolean is an error",
			edit: setLine("posts.csv", 3, "P2,E1,CNC,2,,nope"),
			want: []wantProblem{{"posts.csv", 3, 6, `accepts_related "nope" is not a boolean`}},
		},
		{
			name: "a negative employee count is an error",
			edit: setLine("enterprises.csv", 3, "E2,Boshan Electric,electric,-80,no,BS"),
			want: []wantProblem{{"enterprises.csv", 3, 4, `employees "-80" is negative`}},
		},
		{
			name: "an employee count that is not a whole number is an error",
			edit: setLine("enterprises.csv", 2, `E1,Qilu Steel,metal,"1,200",true,ZD`),
			want: []wantProblem{{"enterprises.csv", 2, 4, `employees "1,200" is not a whole number`}},
		},
		{
			name: "a capacity of zero is an error",
			edit: setLine("posts.csv", 2, "P1,E1,WELD,0,senior,"),
			want: []wantProblem{{"posts.csv", 2, 4, `capacity "0" must be at least 1`}},
		},
		{
			name: "a capacity too large for an int is an error",
			edit: setLine("posts.csv", 2, "P1,E1,WELD,99999999999999999999,senior,"),
			want: []wantProblem{{"posts.csv", 2, 4, `capacity "99999999999999999999" is too large`}},
		},
		{
			name: "a negative km is an error and its pair is not reported missing",
			edit: setLine("distances.csv", 2, "ZD,ZC,-12"),
			want: []wantProblem{{"distances.csv", 2, 3, `km "-12" is negative`}},
		},
		{
			name: "a score above 100 is an error",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WELD,senior,ZD,120,city,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 7, `score "120" is not between 0 and 100`}},
		},
		{
			name: "a score that is not a number is an error",
			edit: setLine("students.csv", 2, "S1,Li Wei,SC1,WELD,senior,ZD,eighty,city,,E1;E2"),
			want: []wantProblem{{"students.csv", 2, 7, `score "eighty" is not a number`}},
		},
		{
			name: "an empty specialty group is an error",
			edit: setLine("specialties.csv", 2, "WELD,Welding,"),
			want: []wantProblem{{"specialties.csv", 2, 3, "group is empty"}},
		},
		{
			name: "text in neither UTF-8 nor GB18030 is one error at its first bad byte",
			edit: edits(
				setLine("students.csv", 2, "S1,\xc0\xee\xce\xb0\xff,SC1,WELD,senior,ZD,88.5,city,,E1;E2"),
				setLine("students.csv", 3, "S2,\xff,SC1,CNC,technician,ZC,,,E1,"),
			),
			want: []wantProblem{{"students.csv", 2, 0, "neither UTF-8 nor GB18030/GBK: byte 0xFF at offset"}},
		},
		{
			name: "a pin of an unknown student is a dangling reference",
			edit: setFile("pins.csv", "student_id,post_id\nS9,P3\n"),
			want: []wantProblem{{"pins.csv", 2, 1, `student_id "S9" is not in students.csv`}},
		},
		{
			name: "a pin to an unknown post is a dangling reference",
			edit: setFile("pins.csv", "student_id,post_id\nS3,P9\n"),
			want: []wantProblem{{"pins.csv", 2, 2, `post_id "P9" is not in posts.csv`}},
		},
		{
			name: "a student pinned twice names the first pin",
			edit: setFile("pins.csv", "student_id,post_id\nS3,P3\nS3,P1\n"),
			want: []wantProblem{{"pins.csv", 3, 1, `student "S3" is pinned twice (first at line 2)`}},
		},
		{
			name: "the pin that over-fills a post is an error",
			edit: setFile("pins.csv", "student_id,post_id\nS3,P3\nS1,P3\n"),
			want: []wantProblem{{"pins.csv", 3, 2, `post "P3" is over-filled: this is pin 2 and its capacity is 1`}},
		},
		{
			name: "a missing distance an order-class student needs is reported at that student",
			edit: setFile("distances.csv", "from,to,km\nBS,ZD,25\nZC,BS,30\n"),
			want: []wantProblem{{"students.csv", 3, 6,
				`no distance between districts "ZC" and "ZD" in distances.csv (needed: student "S2" in "ZC" could intern at enterprise "E1" in "ZD")`}},
		},
		{
			name: "a missing distance a pin needs is reported at the pin",
			edit: edits(
				setFile("distances.csv", "from,to,km\nZD,ZC,12\nZC,BS,30\n"),
				setFile("pins.csv", "student_id,post_id\nS1,P3\n"),
			),
			want: []wantProblem{{"pins.csv", 2, 2,
				`no distance between districts "ZD" and "BS" in distances.csv (needed: student "S1" in "ZD" is pinned to post "P3" of enterprise "E2" in "BS")`}},
		},
		{
			name: "a missing distance is reported once, at the first student needing it",
			edit: edits(
				setFile("distances.csv", "from,to,km\nBS,ZD,25\n"),
				addLine("students.csv", "S4,Zhao Lei,SC1,WELD,senior,ZC,,,,"),
				addLine("students.csv", "S5,Sun Li,SC1,CNC,senior,ZC,,,,"),
			),
			want: []wantProblem{{"students.csv", 3, 6, `no distance between districts "ZC" and "ZD"`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, paths, policy := validFiles(), testPaths, DefaultPolicy()
			tt.edit(files, &paths, &policy)
			_, ps := LoadRoster(memOpener(files), paths, policy)
			checkProblems(t, ps, tt.want)
			if (ps.Err() == nil) != (len(tt.want) == 0) {
				t.Errorf("Err() = %v with %d wanted errors", ps.Err(), len(tt.want))
			}
		})
	}
}

// Under order_class strict an order-class student needs only its sponsor's
// district; under prefer it needs every district offering its group.
func TestLoadRosterNeedsDistancesByOrderClass(t *testing.T) {
	files := validFiles()
	files["enterprises.csv"] += "E3,Boshan Forge,metal,40,no,BS\n"
	files["posts.csv"] += "P4,E3,WELD,2,,\n"
	// ZC–BS is missing; S2 (ZC, metal, sponsor E1 in ZD) is the only student in ZC.
	files["distances.csv"] = "from,to,km\nZD,ZC,12\nBS,ZD,25\n"

	_, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
	checkProblems(t, ps, nil)

	prefer := DefaultPolicy()
	prefer.OrderClass = OrderPrefer
	_, ps = LoadRoster(memOpener(files), testPaths, prefer)
	checkProblems(t, ps, []wantProblem{{"students.csv", 3, 6,
		`no distance between districts "ZC" and "BS" in distances.csv (needed: student "S2" in "ZC" could intern at enterprise "E3" in "BS")`}})
}

// FuzzLoadRoster feeds arbitrary students and pins files to the loader: it
// must report problems, never panic, and locate every problem in a file it
// was given.
func FuzzLoadRoster(f *testing.F) {
	valid := validFiles()
	f.Add(valid["students.csv"], valid["pins.csv"])
	f.Add(studentsHeader+"\n\"S1\n,x", "student_id,post_id\nS1,P1\nS1,P1\n")
	f.Add("\uFEFFstudent_id,,level\n\"a\"\"b\",c\n", "post_id\n\"")
	f.Fuzz(func(t *testing.T, students, pins string) {
		files := validFiles()
		files["students.csv"], files["pins.csv"] = students, pins
		_, ps := LoadRoster(memOpener(files), testPaths, DefaultPolicy())
		for _, p := range ps {
			if _, ok := files[p.File]; !ok || p.Line < 0 || p.Col < 0 || p.Msg == "" {
				t.Errorf("badly located problem %+v", p)
			}
		}
	})
}

// rosterData compares rosters by their data: the index LoadRoster keeps is
// derived from it.
var rosterData = cmpopts.IgnoreUnexported(Roster{})
