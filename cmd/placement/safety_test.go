package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"placement/output"
)

// Tests of issue 11: no silent wrong answer, no lost or mixed files,
// bounded resources on hostile files, every problem at once.

// copyBase copies the valid scenario testdata/bad/base into a new
// directory and returns it; extra files (by name) are added or replaced.
func copyBase(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir("testdata/bad/base")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("testdata/bad/base", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range extra {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// quickly runs the command and fails the test if it takes long.
func quickly(t *testing.T, env []string, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		code, stdout, stderr := placement(t, env, args...)
		done <- result{code, stdout, stderr}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(20 * time.Second):
		t.Fatalf("placement %s hangs", strings.Join(args, " "))
	}
	return 0, "", ""
}

// refused runs solve, which must exit 2 with want on stderr and leave the
// previous plan in out as it was.
func refused(t *testing.T, env []string, out string, want string, args ...string) {
	t.Helper()
	before := readDir(t, out)
	code, stdout, stderr := quickly(t, env, append([]string{"solve", "--out", out, "--log-format", "text"}, args...)...)
	if code != exitInput {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitInput, stderr)
	}
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q", stdout)
	}
	if diff := cmp.Diff(before, readDir(t, out)); diff != "" {
		t.Errorf("--out changed (-before +after):\n%s", diff)
	}
}

func TestUnknownEnvironmentVariablesAreErrorsUnlessLenient(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	previousPlan(t, out)
	env := []string{"PLACEMENT_POLICY_QUOTA_RTE=0.03"}
	refused(t, env, out, `environment PLACEMENT_POLICY_QUOTA_RTE: names no key of the scenario (did you mean "PLACEMENT_POLICY_QUOTA_RATE"?); unset it`)
	code, _, stderr := placement(t, env, "validate", "--lenient")
	if code != exitOK || !strings.Contains(stderr, "environment PLACEMENT_POLICY_QUOTA_RTE: unknown key, ignored") {
		t.Errorf("validate --lenient: exit %d\n%s", code, stderr)
	}
}

func TestLenientFlagMakesAMisspelledKeyAWarning(t *testing.T) {
	t.Parallel()
	scen := "testdata/bad/yaml-misspelled-key/scenario.yaml"
	code, _, stderr := placement(t, nil, "solve", "--scenario", scen, "--out", t.TempDir(), "--lenient", "--log-format", "text")
	if code != exitOK || !strings.Contains(stderr, `unknown key "policy.quota_rte" is ignored`) {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

func TestHostileScenarioAndDataFilesAreRefusedAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	out := t.TempDir()
	previousPlan(t, out)
	refused(t, nil, out, "/dev/zero: cannot read the scenario: the file is a character device, not a regular file",
		"--scenario", "/dev/zero")
	refused(t, nil, out, fifo+": cannot read the scenario: the file is a named pipe (FIFO), not a regular file",
		"--scenario", fifo)
	extendsZero := copyBase(t, map[string]string{"z.yaml": "extends: /dev/zero\n"})
	refused(t, nil, out, `z.yaml:1:10: extends "/dev/zero": cannot read /dev/zero: the file is a character device, not a regular file`,
		"--scenario", filepath.Join(extendsZero, "z.yaml"))
	refused(t, nil, out, fifo+": the file is a named pipe (FIFO), not a regular file; a data file must be a regular file",
		"--scenario", "testdata/bad/base/scenario.yaml", "--set", "data.students="+fifo)
	refused(t, nil, out, "/dev/zero: the file is a character device, not a regular file; a data file must be a regular file",
		"--scenario", "testdata/bad/base/scenario.yaml", "--set", "data.students=/dev/zero")
}

// --out the scenario's own directory would replace its enterprises.csv
// with the output of that name: refused before solving, nothing changed.
func TestOutMayNotReplaceAnInputFile(t *testing.T) {
	t.Parallel()
	scen := copyBase(t, nil)
	before := readDir(t, scen)
	code, _, stderr := quickly(t, nil, "solve", "--scenario", filepath.Join(scen, "scenario.yaml"), "--out", scen, "--log-format", "text")
	if code != exitInput || !strings.Contains(stderr, "would replace the input file "+filepath.Join(scen, "enterprises.csv")+" (as enterprises.csv)") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
	if strings.Contains(stderr, "solved stage 1") {
		t.Errorf("solved before refusing:\n%s", stderr)
	}
	if diff := cmp.Diff(before, readDir(t, scen)); diff != "" {
		t.Errorf("the scenario's directory changed (-before +after):\n%s", diff)
	}

	// An officer's edited assignments.csv in a plan directory: mentors into
	// that directory would remove it (it is not part of a mentors plan).
	plan := t.TempDir()
	solveOK(t, nil, "--scenario", "testdata/bad/base/scenario.yaml", "--out", plan)
	before = readDir(t, plan)
	code, _, stderr = quickly(t, nil, "mentors", "--scenario", "testdata/bad/base/scenario.yaml",
		"--assignments", filepath.Join(plan, "assignments.csv"), "--out", plan)
	if code != exitInput || !strings.Contains(stderr, "would replace the input file "+filepath.Join(plan, "assignments.csv")) {
		t.Errorf("mentors: exit %d\n%s", code, stderr)
	}
	if diff := cmp.Diff(before, readDir(t, plan)); diff != "" {
		t.Errorf("the plan changed (-before +after):\n%s", diff)
	}

	// export-flow onto an input file.
	code, _, stderr = quickly(t, nil, "export-flow", "--scenario", filepath.Join(scen, "scenario.yaml"), "--out", filepath.Join(scen, "students.csv"))
	if code != exitInput || !strings.Contains(stderr, "would replace the input file") {
		t.Errorf("export-flow: exit %d\n%s", code, stderr)
	}
	if diff := cmp.Diff(before, readDir(t, plan)); diff != "" {
		t.Errorf("changed (-before +after):\n%s", diff)
	}
}

// A plan directory holds one plan: the files of the previous plan that
// the new one does not write go; files the product did not write stay.
func TestAPlanDirectoryHoldsOnePlan(t *testing.T) {
	t.Parallel()
	noStages := copyBase(t, map[string]string{
		"plain.yaml": "extends: scenario.yaml\ndata:\n  bases: ''\n  cohorts: ''\n  mentors: ''\n",
	})
	out := t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	solveOK(t, nil, "--scenario", "testdata/bad/base/scenario.yaml", "--out", out)
	if _, ok := readDir(t, out)[output.MentorPairsFile]; !ok {
		t.Fatalf("the full plan has no %s", output.MentorPairsFile)
	}

	code, _, stderr := placement(t, nil, "solve", "--scenario", filepath.Join(noStages, "plain.yaml"), "--out", out, "--log-format", "text")
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	fresh := t.TempDir()
	solveOK(t, nil, "--scenario", filepath.Join(noStages, "plain.yaml"), "--out", fresh)
	want := readDir(t, fresh)
	want["notes.txt"] = "mine"
	if diff := cmp.Diff(want, readDir(t, out)); diff != "" {
		t.Errorf("--out after a stage-1 plan over a full one (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr, "removed the previous plan's files that this plan does not have") {
		t.Errorf("the log does not say what was removed:\n%s", stderr)
	}

	// schedule into a solve plan: its assignments.csv goes.
	code, _, stderr = placement(t, nil, "schedule", "--scenario", "testdata/bad/base/scenario.yaml", "--out", out, "--log-format", "text")
	if code != exitOK {
		t.Fatalf("schedule: exit %d\n%s", code, stderr)
	}
	got := readDir(t, out)
	for _, name := range []string{output.AssignmentsFile, output.UnassignedFile, output.EnterprisesFile} {
		if _, ok := got[name]; ok {
			t.Errorf("schedule left the solve plan's %s", name)
		}
	}
	if got["notes.txt"] != "mine" || got[output.TrainingScheduleFile] == "" {
		t.Errorf("after schedule: %v", names(got))
	}
}

func names(m map[string]string) []string {
	var out []string
	for n := range m {
		out = append(out, n)
	}
	return out
}

func TestLeftoverTemporaryDirectoriesAreRemovedAndLogged(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	left := output.TempPrefix + strconv.Itoa(cmd.Process.Pid) + "-42"
	if err := os.MkdirAll(filepath.Join(out, left, "assignments.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := placement(t, nil, append([]string{"solve", "--out", out, "--log-format", "text"}, smallStageOne(t)...)...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if _, ok := readDir(t, out)[left]; ok {
		t.Errorf("%s is left", left)
	}
	if !strings.Contains(stderr, "removed temporary directories left in --out by a run that was killed") || !strings.Contains(stderr, left) {
		t.Errorf("the log does not say so:\n%s", stderr)
	}
}

// A second run into a directory another run works on fails at once,
// naming the process, and touches nothing.
func TestASecondRunIntoALockedDirectoryFailsFast(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	previousPlan(t, out)
	lock, err := output.LockDir(out)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Release()
	refused(t, nil, out, "--out "+out+" is in use by process "+strconv.Itoa(os.Getpid()))
}

func TestOutIsCheckedBeforeTheSolve(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "plan")
	if err := os.WriteFile(file, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ out, want string }{
		{file, "--out " + file + " is a file, not a directory"},
		{filepath.Join(file, "sub"), "is a file, not a directory"},
		{"/proc/placement", "--out /proc/placement cannot be created in /proc"},
	} {
		for _, cmd := range []string{"solve", "schedule", "whatif"} {
			code, _, stderr := quickly(t, nil, cmd, "--scenario", "testdata/bad/base/scenario.yaml", "--out", tt.out, "--log-format", "text")
			if code != exitInput || !strings.Contains(stderr, tt.want) {
				t.Errorf("%s --out %s: exit %d, stderr lacks %q:\n%s", cmd, tt.out, code, tt.want, stderr)
			}
			if strings.Contains(stderr, "loaded scenario") || strings.Contains(stderr, "checked every variant") {
				t.Errorf("%s --out %s: worked before refusing:\n%s", cmd, tt.out, stderr)
			}
		}
	}
	if data, _ := os.ReadFile(file); string(data) != "not a directory" {
		t.Errorf("the file changed")
	}
}

// One run shows the problems of every stage: a stage-1 error does not hide
// the stage-2 and stage-3 ones.
func TestValidateAndSolveReportEveryStageAtOnce(t *testing.T) {
	t.Parallel()
	scen := copyBase(t, map[string]string{
		"students.csv": "student_id,name,school_id,specialty,level,district,score,award,order_enterprise_id,preferences\n" +
			"st1,李伟,sch1,cnc,master,d1,90,city,,ent1\nst2,Bo,sch1,welding,intermediate,d1,70,,,\n",
		"bases.csv":   "base_id,name,district,equipment,stations,open_periods\nb1,Machinery Base,d2,machinery,0,am;pm\n",
		"mentors.csv": "mentor_id,name,role,org_id,specialties,capacity\nt1,Teacher Wu,principal,sch1,cnc;welding,10\n",
	})
	want := []string{
		filepath.Join(scen, "bases.csv") + `:2:5: stations "0" must be at least 1`,
		filepath.Join(scen, "mentors.csv") + `:2:3: role "principal" is not one of teacher, expert`,
		filepath.Join(scen, "students.csv") + `:2:5: level "master" is not one of intermediate, senior, technician`,
	}
	for _, cmd := range []string{"validate", "solve"} {
		code, _, stderr := placement(t, nil, cmd, "--scenario", filepath.Join(scen, "scenario.yaml"), "--out", t.TempDir(), "--log-format", "text")
		if cmd == "validate" {
			code, _, stderr = placement(t, nil, cmd, "--scenario", filepath.Join(scen, "scenario.yaml"))
		}
		if code != exitInput {
			t.Errorf("%s: exit %d", cmd, code)
		}
		var got []string
		for _, line := range strings.Split(stderr, "\n") {
			if strings.HasPrefix(line, scen) && !strings.HasSuffix(line, "warnings") {
				got = append(got, line)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: problems (-want +got):\n%s", cmd, diff)
		}
	}
}

func TestValidateTakesTheLogFlags(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := placement(t, nil, "validate", "--scenario", brokenScenario, "--log-format", "json")
	if code != exitInput {
		t.Errorf("exit %d", code)
	}
	recs := checkJSONLines(t, stderr)
	if len(recs) != 4 || recs[0]["file"] != "testdata/broken/students.csv" || recs[3]["message"] != "testdata/broken/scenario.yaml: 2 errors, 0 warnings" {
		t.Errorf("records %v", recs)
	}
	if stdout != "" {
		t.Errorf("stdout %q", stdout)
	}
	// --log-level error leaves the warnings out.
	scen := "testdata/bad/yaml-misspelled-key/scenario.yaml"
	_, _, stderr = placement(t, nil, "validate", "--scenario", scen, "--lenient", "--log-level", "error")
	if stderr != "" {
		t.Errorf("--log-level error printed:\n%s", stderr)
	}
	_, _, stderr = placement(t, nil, "validate", "--scenario", scen, "--lenient")
	if !strings.Contains(stderr, "WRN") || !strings.Contains(stderr, `unknown key "policy.quota_rte" is ignored`) {
		t.Errorf("the warning is missing:\n%s", stderr)
	}
	if code, _, stderr := placement(t, nil, "validate", "--log-level", "loud"); code != exitInput || !strings.Contains(stderr, "--log-level") {
		t.Errorf("a bad level: exit %d\n%s", code, stderr)
	}
}

func TestSolveDIMACSRefusesAHostileFileAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hostile := filepath.Join(dir, "hostile.dimacs")
	if err := os.WriteFile(hostile, []byte("c 70 bytes that declare 2e9 arcs\np min 2 2000000000\na 1 2 0 1 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	overflow := filepath.Join(dir, "overflow.dimacs")
	if err := os.WriteFile(overflow, []byte("p min 2 1\nn 1 5\nn 2 -5\na 1 2 0 10000000000 10000000000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for _, tt := range []struct{ in, want string }{
		{hostile, hostile + ":2:4: 2000000000 arcs cannot be in a file of 64 bytes"},
		{overflow, overflow + ":4:6: capacity 10000000000 × cost 10000000000 overflows the total cost"},
		{fifo, "the file is a named pipe (FIFO), not a regular file"},
	} {
		code, _, stderr := quickly(t, nil, "solve-dimacs", "--in", tt.in)
		if code != exitInput || !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: exit %d, want %q:\n%s", tt.in, code, tt.want, stderr)
		}
	}
}
