package output

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// oldPlan is a previous full plan: its summary.json lists the three CSV
// files it was written with.
var oldPlan = map[string]string{
	"assignments.csv":       "old assignments\n",
	"training_schedule.csv": "old schedule\n",
	"mentor_pairs.csv":      "old pairs\n",
	"summary.json":          `{"scenario": "x", "files": [{"name": "assignments.csv"}, {"name": "training_schedule.csv"}, {"name": "mentor_pairs.csv"}, {"name": "../escape.csv"}, {"name": "summary.json"}]}` + "\n",
	"notes.txt":             "the officer's\n",
}

var newPlan = []File{
	{Name: "assignments.csv", Data: []byte("new assignments\n")},
	{Name: "summary.json", Data: []byte(`{"files": [{"name": "assignments.csv"}]}` + "\n")},
}

// One plan a directory: the old plan's files that the new one does not
// write are removed; files the product did not write stay.
func TestWritePlanRemovesThePreviousPlansOtherFiles(t *testing.T) {
	dir := t.TempDir()
	writeAll(t, dir, oldPlan)
	rep, err := WritePlan(dir, newPlan, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"assignments.csv": "new assignments\n",
		"summary.json":    string(newPlan[1].Data),
		"notes.txt":       "the officer's\n",
	}
	if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
		t.Errorf("dir (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"training_schedule.csv", "mentor_pairs.csv"}, rep.Removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
}

func TestWritePlanRemovesOnlyWhatTheOldSummaryListsAndNeverAnInput(t *testing.T) {
	t.Run("no readable summary: nothing is removed", func(t *testing.T) {
		dir := t.TempDir()
		old := map[string]string{"training_schedule.csv": "old\n", "summary.json": "previous summary.json\n"}
		writeAll(t, dir, old)
		if _, err := WritePlan(dir, newPlan, nil); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, dir)["training_schedule.csv"]; got != "old\n" {
			t.Errorf("training_schedule.csv = %q", got)
		}
	})
	t.Run("an input is kept", func(t *testing.T) {
		dir := t.TempDir()
		writeAll(t, dir, oldPlan)
		if _, err := WritePlan(dir, newPlan, []string{filepath.Join(dir, "mentor_pairs.csv")}); err != nil {
			t.Fatal(err)
		}
		if got := snapshot(t, dir)["mentor_pairs.csv"]; got != "old pairs\n" {
			t.Errorf("mentor_pairs.csv = %q", got)
		}
	})
	t.Run("a link or a directory is kept", func(t *testing.T) {
		dir := t.TempDir()
		writeAll(t, dir, oldPlan)
		os.Remove(filepath.Join(dir, "mentor_pairs.csv"))
		if err := os.Symlink("notes.txt", filepath.Join(dir, "mentor_pairs.csv")); err != nil {
			t.Fatal(err)
		}
		os.Remove(filepath.Join(dir, "training_schedule.csv"))
		os.Mkdir(filepath.Join(dir, "training_schedule.csv"), 0o755)
		if _, err := WritePlan(dir, newPlan, nil); err != nil {
			t.Fatal(err)
		}
		got := snapshot(t, dir)
		if got["training_schedule.csv"] != "<dir>" || got["mentor_pairs.csv"] != "the officer's\n" {
			t.Errorf("dir: %v", got)
		}
	})
	t.Run("a failed write removes nothing", func(t *testing.T) {
		dir := t.TempDir()
		writeAll(t, dir, oldPlan)
		before := snapshot(t, dir)
		afterWrite = func(string) error { return errors.New("disk full") }
		defer func() { afterWrite = nil }()
		if _, err := WritePlan(dir, newPlan, nil); err == nil {
			t.Fatal("no error")
		}
		if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
			t.Errorf("dir changed (-before +after):\n%s", diff)
		}
	})
}

func TestCheckPlanInputs(t *testing.T) {
	dir := t.TempDir()
	writeAll(t, dir, map[string]string{"enterprises.csv": "input\n", "students.csv": "input\n"})
	// An input under a name the plan writes.
	err := CheckPlanInputs(dir, []string{filepath.Join(dir, "students.csv"), filepath.Join(dir, "enterprises.csv")})
	if err == nil || !strings.Contains(err.Error(), "would replace the input file "+filepath.Join(dir, "enterprises.csv")+" (as enterprises.csv)") {
		t.Errorf("err = %v", err)
	}
	// Through a relative path and a link.
	t.Chdir(dir)
	link := filepath.Join(t.TempDir(), "e.csv")
	os.Symlink(filepath.Join(dir, "enterprises.csv"), link)
	if err := CheckPlanInputs(".", []string{link}); err == nil {
		t.Errorf("a link to an input is not caught")
	}
	// A file the previous plan lists, which the plan would remove.
	writeAll(t, dir, map[string]string{"summary.json": `{"files": [{"name": "students.csv"}]}`})
	if err := CheckPlanInputs(dir, []string{"students.csv"}); err == nil {
		t.Errorf("an input the plan would remove is not caught")
	}
	if err := CheckPlanInputs(t.TempDir(), []string{"students.csv"}); err != nil {
		t.Errorf("another directory: %v", err)
	}
}

func TestCheckOutDir(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plan.csv")
	writeAll(t, dir, map[string]string{"plan.csv": "x"})
	for _, tt := range []struct{ out, want string }{
		{dir, ""},
		{filepath.Join(dir, "new", "plan"), ""},
		{file, "--out " + file + " is a file, not a directory"},
		{filepath.Join(file, "sub"), "--out " + filepath.Join(file, "sub") + " cannot be created: " + file + " is a file, not a directory"},
		{"/proc", "--out /proc cannot be written: "},
	} {
		err := CheckOutDir(tt.out)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckOutDir(%s) = %v", tt.out, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("CheckOutDir(%s) = %v, want %q", tt.out, err, tt.want)
		}
	}
	if diff := cmp.Diff(map[string]string{"plan.csv": "x"}, snapshot(t, dir)); diff != "" {
		t.Errorf("CheckOutDir changed the directory (-want +got):\n%s", diff)
	}
	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o555)
		if err := CheckOutDir(ro); err == nil {
			t.Errorf("a read-only directory is accepted")
		}
		if err := CheckOutDir(filepath.Join(ro, "plan")); err == nil {
			t.Errorf("a directory that cannot be created is accepted")
		}
	}
}

func TestLockDirKeepsRunsApart(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	l, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockDir(dir)
	var iu *InUseError
	if !errors.As(err, &iu) || iu.PID != os.Getpid() {
		t.Fatalf("second lock: %v", err)
	}
	if want := "--out " + dir + " is in use by process " + strconv.Itoa(os.Getpid()); !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want prefix %q", err, want)
	}
	l.Release()
	l.Release() // twice is fine
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the directory LockDir made is left empty: %v", err)
	}
	l2, err := LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WritePlan(dir, newPlan, nil); err != nil {
		t.Fatal(err)
	}
	l2.Release()
	if diff := cmp.Diff([]string{"assignments.csv", "summary.json"}, names(snapshot(t, dir))); diff != "" {
		t.Errorf("after a write and a release (-want +got):\n%s", diff)
	}
}

func names(m map[string]string) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	return sortedStrings(out)
}

func sortedStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// goneProcess returns the id of a process that has exited.
func goneProcess(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("cannot run true: %v", err)
	}
	return cmd.Process.Pid
}

func TestLeftoverTemporaryDirectoriesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	gone := TempPrefix + strconv.Itoa(goneProcess(t)) + "-123"
	running := TempPrefix + strconv.Itoa(os.Getppid()) + "-456"
	old := TempPrefix + "789abc"
	for _, d := range []string{gone, running, old} {
		if err := os.MkdirAll(filepath.Join(dir, d, "x"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := WritePlan(dir, newPlan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{gone}, rep.Leftovers); diff != "" {
		t.Errorf("leftovers (-want +got):\n%s", diff)
	}
	want := []string{old, running, "assignments.csv", "summary.json"}
	if diff := cmp.Diff(sortedStrings(want), names(snapshot(t, dir))); diff != "" {
		t.Errorf("dir (-want +got):\n%s", diff)
	}
}
