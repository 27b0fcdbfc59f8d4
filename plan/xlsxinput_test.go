package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placement/plan"
	"placement/xlsx"
)

// xlsxCopy copies a scenario directory with every CSV file saved as a
// workbook (xlsx.FromCSV: numbers stored as numbers) and the
// scenario's data paths renamed; sheet, when not "", names the sheet in
// the paths (file.xlsx#sheet).
func xlsxCopy(t *testing.T, dir, sheet string) string {
	t.Helper()
	out := t.TempDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		name := e.Name()
		switch {
		case strings.HasSuffix(name, ".csv"):
			s := sheet
			if s == "" {
				s = "Sheet1"
			}
			if data, err = xlsx.FromCSV(s, data); err != nil {
				t.Fatal(err)
			}
			name = strings.TrimSuffix(name, ".csv") + ".xlsx"
		case name == "scenario.yaml":
			suffix := ".xlsx"
			if sheet != "" {
				suffix += "#" + sheet
			}
			data = []byte(strings.ReplaceAll(string(data), ".csv", suffix))
		}
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(out, "scenario.yaml")
}

// A scenario whose files are workbooks solves to the same files as the
// same data in CSV: the tiny city and a generated one (smallCity).
func TestAWorkbookScenarioSolvesLikeItsCSV(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, c := range []struct{ dir, sheet string }{
		{"testdata/tiny", ""},
		{smallCityDir(t), "数据"},
	} {
		var want *plan.Result // the plan of the CSV files
		if c.dir == smallCityDir(t) {
			want = smallPlan(t) // solved once for the package's tests
		} else {
			var err error
			if want, err = plan.Solve(ctx, load(t, plan.Source{Path: filepath.Join(c.dir, "scenario.yaml")}), plan.Settings{}); err != nil {
				t.Fatal(err)
			}
		}
		sc, ps := plan.Load(ctx, plan.Source{Path: xlsxCopy(t, c.dir, c.sheet)})
		if ps.Err() != nil || len(ps) != 0 {
			t.Fatalf("%s as workbooks: %v", c.dir, ps)
		}
		got, err := plan.Solve(ctx, sc, plan.Settings{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Files) != len(want.Files) {
			t.Fatalf("%s: %d files, want %d", c.dir, len(got.Files), len(want.Files))
		}
		for i, f := range want.Files {
			if string(got.Files[i].Data) != string(f.Data) {
				t.Errorf("%s: %s differs when the input is workbooks", c.dir, f.Name)
			}
		}
	}
}
