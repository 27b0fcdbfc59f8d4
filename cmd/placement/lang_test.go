package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placement/output"
)

// tinyPlan is a three-student city with every stage (package plan's).
const tinyPlan = "../../plan/testdata/tiny/scenario.yaml"

// The Chinese CSV files (--lang zh) carry the same rows with Chinese
// headers and values, and the Chinese assignments.csv fed back to
// placement mentors pairs the mentors exactly as the English one does.
func TestChineseAssignmentsRoundTripThroughMentors(t *testing.T) {
	t.Parallel()
	en, zh := t.TempDir(), t.TempDir()
	solveOK(t, nil, "--scenario", tinyPlan, "--out", en)
	solveOK(t, nil, "--scenario", tinyPlan, "--out", zh, "--lang", "zh")
	a := readOut(t, zh, output.AssignmentsFile)
	if !strings.HasPrefix(string(a), "学号,岗位代码,企业代码,学校代码,专业匹配,志愿序号,公里,分值,学生姓名,") {
		t.Errorf("assignments.csv with --lang zh starts %q", strings.SplitN(string(a), "\n", 2)[0])
	}
	if !strings.Contains(string(a), ",精确,") && !strings.Contains(string(a), ",相近,") {
		t.Errorf("no Chinese specialty_match in:\n%s", a)
	}
	want := readOut(t, en, output.MentorPairsFile)
	for _, from := range []string{filepath.Join(en, output.AssignmentsFile), filepath.Join(zh, output.AssignmentsFile)} {
		out := t.TempDir()
		code, _, stderr := placement(t, nil, "mentors", "--scenario", tinyPlan, "--assignments", from, "--out", out)
		if code != exitOK {
			t.Fatalf("mentors --assignments %s: exit %d\n%s", from, code, stderr)
		}
		if strings.Contains(stderr, "unknown column") {
			t.Errorf("mentors --assignments %s warns:\n%s", from, stderr)
		}
		if got := readOut(t, out, output.MentorPairsFile); string(got) != string(want) {
			t.Errorf("pairs from %s:\n%s\nwant (from solve):\n%s", from, got, want)
		}
	}
}

// The default CSV files stay English whatever the workbook's language,
// and --lang en gives an English workbook.
func TestLangChangesOnlyWhatPeopleRead(t *testing.T) {
	t.Parallel()
	def, en := t.TempDir(), t.TempDir()
	solveOK(t, nil, "--scenario", tinyPlan, "--out", def)
	solveOK(t, nil, "--scenario", tinyPlan, "--out", en, "--lang", "en")
	for _, name := range []string{output.AssignmentsFile, output.UnassignedFile, output.MentorPairsFile} {
		if string(readOut(t, def, name)) != string(readOut(t, en, name)) {
			t.Errorf("%s differs between the default and --lang en", name)
		}
	}
	if string(readOut(t, def, output.WorkbookFile)) == string(readOut(t, en, output.WorkbookFile)) {
		t.Errorf("plan.xlsx is the same in Chinese and English")
	}
	code, _, stderr := placement(t, nil, "solve", "--scenario", tinyPlan, "--out", t.TempDir(), "--lang", "fr")
	if code != exitInput || !strings.Contains(stderr, "--lang") {
		t.Errorf("--lang fr: exit %d, stderr:\n%s", code, stderr)
	}
	// output.lang in the scenario, beaten by --lang.
	byKey := t.TempDir()
	solveOK(t, nil, "--scenario", tinyPlan, "--out", byKey, "--set", "output.lang=zh")
	if !strings.HasPrefix(string(readOut(t, byKey, output.AssignmentsFile)), "学号") {
		t.Errorf("output.lang=zh wrote English CSV files")
	}
	solveOK(t, nil, "--scenario", tinyPlan, "--out", byKey, "--set", "output.lang=zh", "--lang", "en")
	if !strings.HasPrefix(string(readOut(t, byKey, output.AssignmentsFile)), "student_id") {
		t.Errorf("--lang en did not beat output.lang=zh")
	}
	if _, err := os.Stat(filepath.Join(byKey, output.WorkbookFile)); err != nil {
		t.Error(err)
	}
}

// The workbook's assignment sheet, read back by placement mentors, pairs
// the mentors as assignments.csv does.
func TestWorkbookAssignmentSheetRoundTripsThroughMentors(t *testing.T) {
	t.Parallel()
	plan := t.TempDir()
	solveOK(t, nil, "--scenario", tinyPlan, "--out", plan)
	want := readOut(t, plan, output.MentorPairsFile)
	for _, sheet := range []string{"#实习安排"} {
		out := t.TempDir()
		from := filepath.Join(plan, output.WorkbookFile) + sheet
		code, _, stderr := placement(t, nil, "mentors", "--scenario", tinyPlan, "--assignments", from, "--out", out)
		if code != exitOK {
			t.Fatalf("mentors --assignments %s: exit %d\n%s", from, code, stderr)
		}
		if strings.Contains(stderr, "unknown column") {
			t.Errorf("mentors --assignments %s warns:\n%s", from, stderr)
		}
		if got := readOut(t, out, output.MentorPairsFile); string(got) != string(want) {
			t.Errorf("pairs from %s:\n%s\nwant:\n%s", from, got, want)
		}
	}
}

// A bad workbook among the data files is bad input: exit 2, the file
// named, nothing written.
func TestABadWorkbookIsBadInput(t *testing.T) {
	t.Parallel()
	src := filepath.Dir(tinyPlan)
	cases := map[string][]byte{
		"an .xls":       append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...),
		"a corrupt zip": []byte("PK\x03\x04garbage"),
	}
	for name, data := range cases {
		dir := t.TempDir()
		entries, err := os.ReadDir(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if e.Name() == "scenario.yaml" {
				b = []byte(strings.Replace(string(b), "students.csv", "students.xlsx", 1))
			}
			if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, "students.xlsx"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr := placement(t, nil, "solve", "--scenario", filepath.Join(dir, "scenario.yaml"), "--out", out, "--log-format", "text")
		if code != exitInput || !strings.Contains(stderr, "students.xlsx") {
			t.Errorf("%s: exit %d, stderr:\n%s", name, code, stderr)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s: the output directory was created", name)
		}
	}
}

// gen --xlsx writes the city as workbooks too, and scenario-xlsx.yaml
// solves to the plan of scenario.yaml.
func TestGenXLSXSolvesLikeItsCSV(t *testing.T) {
	t.Parallel()
	city := t.TempDir()
	if code, _, stderr := placement(t, nil, "gen", "--students", "300", "--enterprises", "20", "--xlsx", "--out", city); code != exitOK {
		t.Fatalf("gen --xlsx: exit %d\n%s", code, stderr)
	}
	a, b := t.TempDir(), t.TempDir()
	solveOK(t, nil, "--scenario", filepath.Join(city, "scenario.yaml"), "--out", a, "--xlsx=false")
	solveOK(t, nil, "--scenario", filepath.Join(city, "scenario-xlsx.yaml"), "--out", b, "--xlsx=false")
	da, db := readDir(t, a), readDir(t, b)
	if len(da) < 4 || len(da) != len(db) {
		t.Fatalf("solve wrote %d and %d files", len(da), len(db))
	}
	for name, data := range da {
		if db[name] != data {
			t.Errorf("%s differs between the CSV and the workbook city", name)
		}
	}
}

// whatif --keep writes each variant's plan in the language and form the
// output flags ask for.
func TestWhatifKeepFollowsTheOutputFlags(t *testing.T) {
	t.Parallel()
	zh, none := t.TempDir(), t.TempDir()
	whatifOK(t, "--out", zh, "--keep", "--scenario", tinyPlan, "--set", "policy.quota_rate=0.01,0.02", "--lang", "zh")
	whatifOK(t, "--out", none, "--keep", "--scenario", tinyPlan, "--set", "policy.quota_rate=0.01,0.02", "--xlsx=false")
	kept := 0
	for name, data := range whatifTree(t, zh) {
		if strings.HasSuffix(name, "/"+output.AssignmentsFile) {
			kept++
			if !strings.HasPrefix(data, "学号,") {
				t.Errorf("%s with --lang zh starts %.40q", name, data)
			}
		}
	}
	if kept != 2 {
		t.Errorf("%d kept plans, want 2", kept)
	}
	books := 0
	for name := range whatifTree(t, none) {
		if strings.HasSuffix(name, ".xlsx") {
			books++
		}
	}
	if books != 0 {
		t.Errorf("--xlsx=false: %d workbooks written", books)
	}
}
