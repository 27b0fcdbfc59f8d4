package plan_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"placement/output"
	"placement/plan"
)

// sheetOf is the sheet each CSV file becomes, in each language.
var sheetOf = map[string][2]string{ // file → {zh, en}
	output.AssignmentsFile:         {"实习安排", "assignments"},
	output.UnassignedFile:          {"未安排", "unassigned"},
	output.EnterprisesFile:         {"企业", "enterprises"},
	output.TrainingScheduleFile:    {"实训排期", "training_schedule"},
	output.TrainingUnscheduledFile: {"实训未排", "training_unscheduled"},
	output.BasesUtilizationFile:    {"基地使用", "bases_utilization"},
	output.MentorPairsFile:         {"双导师", "mentor_pairs"},
	output.MentorLoadFile:          {"导师负荷", "mentor_load"},
	output.MentorMissingFile:       {"缺导师", "mentor_missing"},
	output.FairnessFile:            {"公平性审查", "fairness"},
	output.ChangesFile:             {"调整变动", "changes"},
}

// readBack opens a workbook as a reader would.
func readBack(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestWorkbookRowsAreTheCSVRows reads plan.xlsx and the CSV files back and
// wants every CSV row in its sheet, column for column (matched by
// header), with numbers stored as numbers; in English the cells are the
// CSV text itself, in Chinese the headers and enum values are translated
// and the rest is the CSV text.
func TestWorkbookRowsAreTheCSVRows(t *testing.T) {
	t.Parallel()
	tinyPlan, err := plan.Solve(context.Background(), load(t, plan.Source{Path: tiny}), plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		src string
		res *plan.Result
	}{{tiny, tinyPlan}, {"the small city", smallPlan(t)}} {
		src, res := c.src, c.res
		for _, lang := range []output.Lang{output.LangEN, output.LangDefault} {
			files, err := plan.WriteFiles(res, plan.WriteOptions{Lang: lang})
			if err != nil {
				t.Fatal(err)
			}
			var book []byte
			for _, f := range files {
				if f.Name == output.WorkbookFile {
					book = f.Data
				}
			}
			wb := readBack(t, book)
			sheets := wb.GetSheetList()
			if want := map[output.Lang]string{output.LangEN: "summary", output.LangDefault: "汇总"}[lang]; sheets[0] != want {
				t.Errorf("%s: first sheet %q, want %q", src, sheets[0], want)
			}
			checked := 0
			for _, f := range res.Files {
				names, ok := sheetOf[f.Name]
				if !ok {
					continue
				}
				sheet := names[0]
				if lang == output.LangEN {
					sheet = names[1]
				}
				compareSheet(t, wb, sheet, f, lang)
				checked++
			}
			if checked != len(res.Files)-1 {
				t.Errorf("%s: %d of %d CSV files checked", src, checked, len(res.Files)-1)
			}
			// One sheet a school, after the CSV tables.
			if got, want := len(sheets), 1+checked+len(res.Scenario.Roster.Schools); got != want {
				t.Errorf("%s: %d sheets, want %d: %q", src, got, want, sheets)
			}
		}
	}
}

// compareSheet checks one sheet against its CSV file.
func compareSheet(t *testing.T, wb *excelize.File, sheet string, f output.File, lang output.Lang) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s: %v", sheet, err)
	}
	if len(rows) != len(recs) {
		t.Fatalf("%s: %d rows, %s has %d", sheet, len(rows), f.Name, len(recs))
	}
	// Column j of the CSV is the sheet column whose header is its header
	// (translated in Chinese).
	at := map[string]int{}
	for k, h := range rows[0] {
		at[h] = k
	}
	zh := lang != output.LangEN
	for j, col := range recs[0] {
		h := col
		if zh {
			h = output.Header(col)
		}
		k, ok := at[h]
		if !ok {
			t.Fatalf("%s: no column %q (for %s); header %q", sheet, h, col, rows[0])
		}
		for i := 1; i < len(recs); i++ {
			want := recs[i][j]
			if zh {
				want = output.EnumValue(f.Name, col, want)
			}
			got := ""
			if k < len(rows[i]) {
				got = rows[i][k]
			}
			if got != want && !sameNumber(got, want) {
				t.Fatalf("%s row %d column %q = %q, %s has %q", sheet, i+1, h, got, f.Name, recs[i][j])
			}
			if _, err := strconv.ParseFloat(want, 64); err == nil && want != "" && isNumberColumn(col) {
				cell, _ := excelize.CoordinatesToCellName(k+1, i+1)
				if typ, _ := wb.GetCellType(sheet, cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Fatalf("%s %s (%s) is stored as type %d, not a number", sheet, cell, col, typ)
				}
			}
		}
	}
}

// sameNumber: "0.467" is the number the CSV writes "0.4670".
func sameNumber(a, b string) bool {
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}

func isNumberColumn(col string) bool {
	return strings.Contains("preference_rank km value quota filled subsidy_yuan headcount utilization mentees", col)
}

// The workbook is the same bytes on every run and every core count.
func TestWorkbookIsByteStable(t *testing.T) { // not parallel: it sets GOMAXPROCS
	ctx := context.Background()
	sc := load(t, plan.Source{Path: tiny})
	var first []byte
	for _, procs := range []int{1, 2, runtime.GOMAXPROCS(0)} {
		old := runtime.GOMAXPROCS(procs)
		res, err := plan.Solve(ctx, sc, plan.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			files, err := plan.WriteFiles(res, plan.WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var book []byte
			for _, f := range files {
				if f.Name == output.WorkbookFile {
					book = f.Data
				}
			}
			if first == nil {
				first = book
			} else if !bytes.Equal(book, first) {
				t.Errorf("GOMAXPROCS=%d: plan.xlsx differs from the first run's", procs)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// The summary sheet shows summary.json's figures.
func TestWorkbookSummarySheet(t *testing.T) {
	t.Parallel()
	res, err := plan.Solve(context.Background(), load(t, plan.Source{Path: tiny}), plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := plan.WriteFiles(res, plan.WriteOptions{Warnings: []string{"students.csv:3:2: a warning"}})
	if err != nil {
		t.Fatal(err)
	}
	wb := readBack(t, files[len(files)-2].Data)
	rows, err := wb.GetRows("汇总", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) >= 2 {
			got[r[0]] = r[1]
		}
		if len(r) == 3 && r[0] == "警告" {
			got["警告"] = r[2]
		}
	}
	s := res.Summary
	want := map[string]string{
		"情景": s.Scenario, "学期": s.Term, "已安排": strconv.Itoa(s.Stages.Assignment.Placed),
		"实习补贴（元）":         strconv.FormatInt(s.Subsidies.InternshipYuan, 10),
		"实训补贴（元）":         strconv.FormatInt(s.Subsidies.TrainingYuan, 10),
		"订单班补贴（元）":        strconv.FormatInt(s.Subsidies.OrderClassYuan, 10),
		"补贴合计（元）":         strconv.FormatInt(s.Subsidies.TotalYuan, 10),
		"第一阶段 实习安排：目标值 Z": strconv.FormatInt(s.Stages.Assignment.ObjectiveZ, 10),
		"第二阶段 实训排期：罚分 P":  strconv.FormatInt(s.Stages.Training.PenaltyP, 10),
		"第三阶段 双导师：罚分 M":   strconv.FormatInt(s.Stages.Mentors.PenaltyM, 10),
		"警告":              "students.csv:3:2: a warning",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("summary sheet %s = %q, want %q", k, got[k], v)
		}
	}
}

// BenchmarkWorkbook times plan.xlsx of the demo (4,000 students) from a
// solved plan; it checks the workbook's assignment rows.
func BenchmarkWorkbook(b *testing.B) {
	ctx := context.Background()
	sc, ps := plan.Load(ctx, plan.Source{})
	if ps.Err() != nil {
		b.Fatal(ps.Err())
	}
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		f, err := output.Workbook(res.Scenario, res.Files, res.Summary, output.WorkbookOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(f.Data) < 1000 {
			b.Fatal("empty workbook")
		}
	}
}

// BenchmarkWorkbookCity times plan.xlsx of a city solved before: set
// PLACEMENT_BENCH_CITY to its scenario.yaml and PLACEMENT_BENCH_PLAN to
// the directory solve wrote (docs/excel.md has the commands; the
// 150,000-student city takes minutes to solve, so it is not solved here).
func BenchmarkWorkbookCity(b *testing.B) {
	city, dir := os.Getenv("PLACEMENT_BENCH_CITY"), os.Getenv("PLACEMENT_BENCH_PLAN")
	if city == "" || dir == "" {
		b.Skip("PLACEMENT_BENCH_CITY and PLACEMENT_BENCH_PLAN are not set")
	}
	sc, ps := plan.Load(context.Background(), plan.Source{Path: city})
	if ps.Err() != nil {
		b.Fatal(ps.Err())
	}
	data, err := os.ReadFile(filepath.Join(dir, output.SummaryFile))
	if err != nil {
		b.Fatal(err)
	}
	var sum output.Summary
	if err := json.Unmarshal(data, &sum); err != nil {
		b.Fatal(err)
	}
	var files []output.File
	rows := 0
	for _, e := range sum.Files {
		if !strings.HasSuffix(e.Name, ".csv") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, output.File{Name: e.Name, Data: data, Rows: e.Rows})
		rows += e.Rows
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		f, err := output.Workbook(sc, files, &sum, output.WorkbookOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(f.Data))/1e6, "MB")
	}
	b.ReportMetric(float64(rows), "csv_rows")
}

// BySchool writes one workbook a school, holding that school's sheet,
// and plan.xlsx without the school sheets; stage 2 or 3 run alone give a
// workbook of their own sheets.
func TestWorkbookForms(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sc := load(t, plan.Source{Path: tiny})
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := plan.WriteFiles(res, plan.WriteOptions{BySchool: true})
	if err != nil {
		t.Fatal(err)
	}
	books := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f.Name, ".xlsx") {
			books[f.Name] = f.Data
		}
	}
	if len(books) != 1+len(sc.Roster.Schools) {
		t.Fatalf("workbooks %v", len(books))
	}
	for _, s := range sc.Roster.Schools {
		data, ok := books["plan_"+s.ID+".xlsx"]
		if !ok {
			t.Fatalf("no workbook for school %s", s.ID)
		}
		wb := readBack(t, data)
		if got := wb.GetSheetList(); len(got) != 1 || got[0] != s.Name {
			t.Errorf("plan_%s.xlsx has sheets %q, want [%q]", s.ID, got, s.Name)
		}
		rows, _ := wb.GetRows(s.Name)
		students := 0
		for _, st := range sc.Roster.Students {
			if st.SchoolID == s.ID {
				students++
			}
		}
		if len(rows) != 1+students {
			t.Errorf("plan_%s.xlsx: %d rows, want a header and %d students", s.ID, len(rows), students)
		}
	}
	if got := len(readBack(t, books[output.WorkbookFile]).GetSheetList()); got != 1+len(res.Files)-1 {
		t.Errorf("plan.xlsx with BySchool has %d sheets, want the summary and one a CSV file", got)
	}

	sched, err := plan.Schedule(ctx, sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	files, err = plan.WriteFiles(sched, plan.WriteOptions{Lang: output.LangEN})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if f.Name == output.WorkbookFile {
			want := []string{"summary", "training_schedule", "training_unscheduled", "bases_utilization"}
			if diff := cmp.Diff(want, readBack(t, f.Data).GetSheetList()); diff != "" {
				t.Errorf("schedule's workbook sheets (-want +got):\n%s", diff)
			}
		}
	}
}
