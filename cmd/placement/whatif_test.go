package main

import (
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/output"
	"placement/scenarios/gen"
	"placement/whatif"
)

// whatifCity generates a small city (300 students, 20 enterprises) for the
// what-if tests and returns its scenario file.
func whatifCity(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "city")
	code, _, stderr := placement(t, nil, "gen", "--students", "300", "--enterprises", "20", "--seed", "3", "--out", dir)
	if code != exitOK {
		t.Fatalf("gen: exit %d; stderr:\n%s", code, stderr)
	}
	return filepath.Join(dir, gen.ScenarioFile)
}

// whatifOK runs whatif and fails the test unless it exits 0.
func whatifOK(t *testing.T, args ...string) (stdout string) {
	t.Helper()
	code, stdout, stderr := placement(t, nil, append([]string{"whatif", "--log-format", "json"}, args...)...)
	if code != exitOK {
		t.Fatalf("placement whatif %s: exit %d, want 0; stderr:\n%s", strings.Join(args, " "), code, stderr)
	}
	return stdout
}

// whatifTree reads every file under dir, by slash path.
func whatifTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// whatifRecords parses a CSV file's text: header, then rows.
func whatifRecords(t *testing.T, text string) (header []string, rows []map[string]string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return recs[0], rows
}

// solveFigures are a solve run's figures under whatif.csv's column names,
// read from its summary.json and assignments.csv as a planner would.
func solveFigures(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := readDir(t, dir)
	var sum output.Summary
	if err := json.Unmarshal([]byte(files[output.SummaryFile]), &sum); err != nil {
		t.Fatal(err)
	}
	_, assigned := whatifRecords(t, files[output.AssignmentsFile])
	var total int64
	for _, a := range assigned {
		v, err := strconv.ParseInt(a["value"], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		total += v
	}
	mean := 0.0
	if len(assigned) > 0 {
		mean = math.Round(float64(total)/float64(len(assigned))*100) / 100
	}
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	d := func(n int64) string { return strconv.FormatInt(n, 10) }
	fig := map[string]string{
		"students":                 strconv.Itoa(sum.Inputs.Students),
		"placed":                   strconv.Itoa(len(assigned)),
		"placement_rate":           f(sum.PlacementRate),
		"mean_value_per_placement": strconv.FormatFloat(mean, 'f', 2, 64),
		"exact_specialty_share":    f(sum.ExactShare),
		"quota_enterprises":        strconv.Itoa(sum.QuotaEnterprises),
		"compliant_enterprises":    strconv.Itoa(sum.CompliantEnterprises),
		"total_shortfall":          strconv.Itoa(sum.TotalShortfall),
		"internship_subsidy_yuan":  d(sum.Subsidies.InternshipYuan),
		"training_subsidy_yuan":    d(sum.Subsidies.TrainingYuan),
		"order_class_subsidy_yuan": d(sum.Subsidies.OrderClassYuan),
		"total_subsidy_yuan":       d(sum.Subsidies.TotalYuan),
		"objective_z":              d(sum.Stages.Assignment.ObjectiveZ),
		"objective_p":              "",
		"objective_m":              "",
	}
	if sum.Stages.Training != nil {
		fig["objective_p"] = d(sum.Stages.Training.PenaltyP)
	}
	if sum.Stages.Mentors != nil {
		fig["objective_m"] = d(sum.Stages.Mentors.PenaltyM)
	}
	return fig
}

// tinyAllStages is the tiny scenario with training and mentors switched
// on, as --set flags.
var tinyAllStages = []string{"--scenario", "../../scenarios/testdata/tiny/scenario.yaml",
	"--set", "data.bases=bases.csv", "--set", "data.cohorts=cohorts.csv", "--set", "calendar.weeks=10",
	"--set", "data.mentors=mentors.csv"}

func TestWhatifRowIsWhatSolveReports(t *testing.T) {
	t.Parallel()
	city := whatifCity(t)
	tests := []struct {
		name     string
		scenario string
		sets     []string // whatif's --set flags: one-value ones are overrides every variant shares
		stages   string   // which objective columns must be filled
	}{
		{"a generated city over quota and commute", city,
			[]string{"policy.quota_rate=0.01,0.03", "policy.max_commute_km=0,40"}, "zm"},
		{"the tiny city through all three stages", "../../scenarios/testdata/tiny/scenario.yaml",
			[]string{"data.bases=bases.csv", "data.cohorts=cohorts.csv", "calendar.weeks=10", "data.mentors=mentors.csv",
				"policy.quota_rate=0.0175,0.05", "weights.preference=[30,20,10],[0,0,0]"}, "zpm"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"--out", out, "--keep", "--jobs", "2", "--scenario", tt.scenario}
			axes := make([]whatif.Axis, len(tt.sets))
			for i, s := range tt.sets {
				args = append(args, "--set", s)
				a, err := whatif.ParseAxis(s, func(k string) bool { return k == "weights.preference" })
				if err != nil {
					t.Fatal(err)
				}
				axes[i] = a
			}
			whatifOK(t, args...)
			got := whatifTree(t, out)
			header, rows := whatifRecords(t, got[whatif.CSVFile])
			variants, _ := whatif.Grid(axes)
			if len(rows) != len(variants) {
				t.Fatalf("%d rows for %d variants", len(rows), len(variants))
			}
			for i, v := range variants {
				row := rows[i]
				if row["variant"] != strconv.Itoa(v.Number) {
					t.Errorf("row %d is variant %s", i+1, row["variant"])
				}
				// The same overrides through solve.
				solveDir := t.TempDir()
				solveArgs := []string{"--out", solveDir, "--scenario", tt.scenario}
				for _, s := range v.Sets(axes) {
					solveArgs = append(solveArgs, "--set", s)
					key, val, _ := strings.Cut(s, "=")
					if row[key] != val {
						t.Errorf("variant %d: column %s is %q, want %q", v.Number, key, row[key], val)
					}
				}
				solveOK(t, nil, solveArgs...)
				want := solveFigures(t, solveDir)
				for _, col := range whatif.FigureColumns {
					if row[col] != want[col] {
						t.Errorf("variant %d (%s): %s is %q, solve reports %q", v.Number, v.Label(axes), col, row[col], want[col])
					}
				}
				if row["objective_z"] == "" || row["objective_m"] == "" || tt.stages == "zpm" && row["objective_p"] == "" {
					t.Errorf("variant %d: objectives z=%q p=%q m=%q, want stages %s",
						v.Number, row["objective_z"], row["objective_p"], row["objective_m"], tt.stages)
				}
				// --keep holds exactly what solve writes, byte for byte.
				kept := v.Dir(axes, len(variants))
				solved := readDir(t, solveDir)
				for name, data := range solved {
					if got[kept+"/"+name] != data {
						t.Errorf("variant %d: %s/%s differs from solve's %s", v.Number, kept, name, name)
					}
				}
				for name := range got {
					if dir, file, ok := strings.Cut(name, "/"); ok && dir == kept {
						if _, ok := solved[file]; !ok {
							t.Errorf("variant %d: %s is not a file solve writes", v.Number, name)
						}
					}
				}
			}
			wantHeader := append([]string{"variant"}, axesKeys(axes)...)
			wantHeader = append(wantHeader, whatif.FigureColumns...)
			if d := cmp.Diff(wantHeader, header); d != "" {
				t.Errorf("header (-want +got):\n%s", d)
			}
		})
	}
}

func axesKeys(axes []whatif.Axis) []string {
	keys := make([]string, len(axes))
	for i, a := range axes {
		keys[i] = a.Key
	}
	return keys
}

func TestWhatifOutputDoesNotDependOnJobs(t *testing.T) {
	t.Parallel()
	city := whatifCity(t)
	grid := []string{"--scenario", city, "--keep",
		"--set", "policy.quota_rate=0.01,0.02,0.03", "--set", "weights.quota_bonus=0,200"}
	one, two := t.TempDir(), t.TempDir()
	stdout1 := whatifOK(t, append([]string{"--out", one, "--jobs", "1"}, grid...)...)
	stdout2 := whatifOK(t, append([]string{"--out", two, "--jobs", "2"}, grid...)...)
	a, b := whatifTree(t, one), whatifTree(t, two)

	// Wall times are the one thing allowed to differ, and only in their
	// own file: same rows, same columns.
	ha, ra := whatifRecords(t, a[whatif.TimingsFile])
	hb, rb := whatifRecords(t, b[whatif.TimingsFile])
	if !slices.Equal(ha, hb) || len(ra) != 6 || len(rb) != 6 {
		t.Errorf("timings: headers %v and %v, %d and %d rows", ha, hb, len(ra), len(rb))
	}
	delete(a, whatif.TimingsFile)
	delete(b, whatif.TimingsFile)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("--jobs 1 and --jobs 2 wrote different files (-jobs1 +jobs2):\n%s", d)
	}
	// The table printed is the same too; the last line names the directory.
	table := func(s string) string { return s[:strings.LastIndex(strings.TrimRight(s, "\n"), "\n")] }
	if table(stdout1) != table(stdout2) {
		t.Errorf("--jobs 1 and --jobs 2 printed different tables:\n%s\n%s", stdout1, stdout2)
	}
	// 6 variants kept, each with a complete plan, folders sorting in grid order.
	var dirs []string
	for name := range a {
		if dir, file, ok := strings.Cut(name, "/"); ok && file == output.SummaryFile {
			dirs = append(dirs, dir)
		}
	}
	wantDirs := []string{
		"1_policy.quota_rate-0.01_weights.quota_bonus-0", "2_policy.quota_rate-0.01_weights.quota_bonus-200",
		"3_policy.quota_rate-0.02_weights.quota_bonus-0", "4_policy.quota_rate-0.02_weights.quota_bonus-200",
		"5_policy.quota_rate-0.03_weights.quota_bonus-0", "6_policy.quota_rate-0.03_weights.quota_bonus-200",
	}
	if d := cmp.Diff(wantDirs, sorted(dirs)); d != "" {
		t.Errorf("kept folders (-want +got):\n%s", d)
	}
	// The chart, the report and the table a person sees.
	if !strings.HasPrefix(a[whatif.SVGFile], "<?xml") || !strings.Contains(a[whatif.SVGFile], "</svg>") {
		t.Errorf("whatif.svg is not an SVG:\n%.200s", a[whatif.SVGFile])
	}
	for _, want := range []string{"# What if: ", "| 6 | 0.03 | 200 |", "## Against variant 1", "![", whatif.SVGFile} {
		if !strings.Contains(a[whatif.ReportFile], want) {
			t.Errorf("whatif.md lacks %q:\n%s", want, a[whatif.ReportFile])
		}
	}
	if !strings.Contains(stdout1, "policy.quota_rate") || strings.Count(stdout1, "\n") < 7 {
		t.Errorf("stdout:\n%s", stdout1)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

func TestWhatifWithoutKeepWritesOnlyItsFiles(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	whatifOK(t, append([]string{"--out", out, "--set", "policy.quota_rate=0.01,0.02"}, tinyAllStages...)...)
	var names []string
	for name := range whatifTree(t, out) {
		names = append(names, name)
	}
	want := []string{whatif.SVGFile, whatif.CSVFile, whatif.ReportFile, whatif.TimingsFile}
	if d := cmp.Diff(sorted(want), sorted(names)); d != "" {
		t.Errorf("files (-want +got):\n%s", d)
	}
}

func TestWhatifRejectsABadGridBeforeRunningAnything(t *testing.T) {
	t.Parallel()
	tiny := []string{"--scenario", "../../scenarios/testdata/tiny/scenario.yaml"}
	tests := []struct {
		name string
		args []string
		want []string // in stderr
	}{
		{"an unknown key", []string{"--set", "policy.quota_rat=0.01,0.02"},
			[]string{`--set "policy.quota_rat=0.01,0.02": unknown key "policy.quota_rat" (did you mean "policy.quota_rate"?)`}},
		{"a bad value among good ones", []string{"--set", "policy.quota_rate=0.01,0.00001,abc"},
			[]string{`--set "policy.quota_rate=0.01,0.00001,abc": policy.quota_rate "0.00001" has more than 4 decimal places`,
				`--set "policy.quota_rate=0.01,0.00001,abc": policy.quota_rate "abc" is not a decimal number like 0.02`}},
		{"a bad value in the second flag", []string{"--set", "policy.quota_rate=0.01,0.02", "--set", "weights.quota_bonus=0,-5"},
			[]string{`--set "weights.quota_bonus=0,-5": weights.quota_bonus "-5" must be at least 0`}},
		{"a bad list item", []string{"--set", "weights.preference=[30,20,10],[x]"},
			[]string{`--set "weights.preference=[30,20,10],[x]": weights.preference item 1 "x" is not an integer`}},
		{"a section instead of a key", []string{"--set", "policy=1,2"},
			[]string{`--set "policy=1,2": "policy" is a section`}},
		{"one key in two flags", []string{"--set", "policy.quota_rate=0.01", "--set", "policy.quota_rate=0.02"},
			[]string{`--set "policy.quota_rate=0.02": policy.quota_rate is already varied by --set "policy.quota_rate=0.01"`}},
		{"a value twice", []string{"--set", "policy.max_commute_km=10,20,10"},
			[]string{`--set "policy.max_commute_km=10,20,10": value 3 "10" is value 1 again`}},
		{"a malformed list", []string{"--set", "weights.preference=[30,20,10],0,0,0"},
			[]string{`write every alternative of a list key in brackets`}},
		{"no key=value", []string{"--set", "0.01,0.02"},
			[]string{`--set "0.01,0.02": expected key=value`}},
		{"a data file that is not there", []string{"--set", "data.students=students.csv,nowhere.csv"},
			[]string{"nowhere.csv"}},
		{"negative jobs", []string{"--jobs", "-1", "--set", "policy.quota_rate=0.01"},
			[]string{"--jobs must be at least 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append(append([]string{"whatif", "--out", out, "--log-format", "text"}, tiny...), tt.args...)
			code, stdout, stderr := placement(t, nil, args...)
			if code != exitInput {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, exitInput, stderr)
			}
			for _, want := range tt.want {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.Contains(stderr, "solved") || stdout != "" {
				t.Errorf("something ran; stdout:\n%s\nstderr:\n%s", stdout, stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("%s exists after a rejected grid: %v", out, err)
			}
		})
	}
}

func TestWhatifReportsEachProblemOnce(t *testing.T) {
	t.Parallel()
	// Six variants share the base's problem and the bad value; each is
	// reported once.
	code, _, stderr := placement(t, nil, "whatif", "--out", filepath.Join(t.TempDir(), "out"), "--log-format", "text",
		"--scenario", brokenScenario, "--set", "policy.quota_rate=0.01,0.02,0.03", "--set", "weights.per_km=1,x")
	if code != exitInput {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if n := strings.Count(stderr, line); n > 1 {
			t.Errorf("reported %d times: %s", n, line)
		}
	}
	if !strings.Contains(stderr, `--set "weights.per_km=1,x": weights.per_km "x" is not an integer`) {
		t.Errorf("stderr:\n%s", stderr)
	}
}

func TestWhatifUsage(t *testing.T) {
	t.Parallel()
	code, stdout, _ := placement(t, nil, "help", "whatif")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"placement whatif", "--set", "--jobs", "--keep", "[a,b],[c,d]"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("usage lacks %q:\n%s", want, stdout)
		}
	}
}

func TestWhatifExcelMarksTheCSVFilesAsSolveDoes(t *testing.T) {
	t.Parallel()
	out, solved := t.TempDir(), t.TempDir()
	whatifOK(t, append([]string{"--out", out, "--keep", "--excel", "--set", "policy.quota_rate=0.05"}, tinyAllStages...)...)
	solveOK(t, nil, append([]string{"--out", solved, "--excel", "--set", "policy.quota_rate=0.05"}, tinyAllStages...)...)
	got := whatifTree(t, out)
	for _, name := range []string{whatif.CSVFile, whatif.TimingsFile} {
		if !strings.HasPrefix(got[name], output.UTF8BOM+"variant,") {
			t.Errorf("%s does not start with a byte-order mark: %.20q", name, got[name])
		}
	}
	// The one variant's folder (its name is cut at 100 bytes).
	kept := ""
	for name := range got {
		if dir, _, ok := strings.Cut(name, "/"); ok {
			kept = dir
		}
	}
	if !strings.HasPrefix(kept, "1_policy.quota_rate-0.05_data.bases-bases.csv_") || len(kept) > 100 {
		t.Errorf("kept folder %q", kept)
	}
	want := readDir(t, solved)
	if !strings.HasPrefix(want[output.AssignmentsFile], output.UTF8BOM) {
		t.Fatalf("solve --excel wrote no byte-order mark")
	}
	for name, data := range want {
		if got[kept+"/"+name] != data {
			t.Errorf("%s/%s differs from solve --excel's (-solve +whatif):\n%s", kept, name, cmp.Diff(data, got[kept+"/"+name]))
		}
	}
}

func TestWhatifWithoutSetIsTheScenarioAsItIs(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	whatifOK(t, "--out", out, "--scenario", "../../scenarios/testdata/tiny/scenario.yaml")
	header, rows := whatifRecords(t, readDir(t, out)[whatif.CSVFile])
	if d := cmp.Diff(append([]string{"variant"}, whatif.FigureColumns...), header); d != "" {
		t.Errorf("header (-want +got):\n%s", d)
	}
	if len(rows) != 1 || rows[0]["students"] != "2" || rows[0]["objective_p"] != "" || rows[0]["objective_m"] != "" {
		t.Errorf("rows %v", rows)
	}
}

func TestWhatifReadsTheEnvironmentLikeSolveAndSaysSo(t *testing.T) {
	t.Parallel()
	out, solved := t.TempDir(), t.TempDir()
	env := []string{"PLACEMENT_WEIGHTS_PER_KM=7", "PLACEMENT_POLICY_QUOTA_RATE=0.5", "HOME=/nowhere"}
	args := []string{"whatif", "--out", out, "--seed", "2", "--log-format", "json",
		"--scenario", "../../scenarios/testdata/tiny/scenario.yaml", "--set", "policy.quota_rate=0.01,0.05"}
	if code, _, stderr := placement(t, env, args...); code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	solveOK(t, env, "--out", solved, "--scenario", "../../scenarios/testdata/tiny/scenario.yaml", "--set", "policy.quota_rate=0.05")
	files := readDir(t, out)
	_, rows := whatifRecords(t, files[whatif.CSVFile])
	want := solveFigures(t, solved)
	for _, col := range whatif.FigureColumns {
		if rows[1][col] != want[col] {
			t.Errorf("%s is %q, solve with the same environment reports %q", col, rows[1][col], want[col])
		}
	}
	cmdLine := "PLACEMENT_WEIGHTS_PER_KM=7 PLACEMENT_POLICY_QUOTA_RATE=0.5 placement whatif --scenario ../../scenarios/testdata/tiny/scenario.yaml --set policy.quota_rate=0.01,0.05 --seed 2"
	if !strings.Contains(files[whatif.ReportFile], cmdLine) {
		t.Errorf("whatif.md does not give the command %q:\n%s", cmdLine, files[whatif.ReportFile])
	}
}
