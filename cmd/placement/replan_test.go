package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"placement/output"
)

// Re-planning a city against its own plan keeps every CSV file as it was
// and writes an empty changes.csv.
func TestReplanOfTheDemoAgainstItsOwnPlanChangesNothing(t *testing.T) {
	t.Parallel()
	plan, _ := smallPlan(t)
	out := t.TempDir()
	code, _, stderr := placement(t, nil, append([]string{"replan", "--previous", plan, "--out", out, "--log-format", "json"}, small(t)...)...)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	a, b := readDir(t, plan), readDir(t, out)
	for name, data := range b {
		switch name {
		case output.ChangesFile:
			if data != "student_id,what,old,new,cause\n" {
				t.Errorf("changes.csv:\n%s", data)
			}
		case output.SummaryFile, output.WorkbookFile:
			// Both describe the re-plan (its stage, its changes sheet);
			// the workbook's rows are the CSV files' (plan's
			// TestWorkbookRowsAreTheCSVRows), compared here.
		default:
			if a[name] != data {
				t.Errorf("%s changed", name)
			}
		}
	}
	var sum output.Summary
	if err := json.Unmarshal([]byte(b[output.SummaryFile]), &sum); err != nil {
		t.Fatal(err)
	}
	if r := sum.Stages.Replan; r == nil || r.Kept != sum.Stages.Assignment.Placed || r.Moved+r.NewlyPlaced+r.Removed != 0 {
		t.Errorf("replan summary %+v, placed %d", sum.Stages.Replan, sum.Stages.Assignment.Placed)
	}
	if strings.Contains(stderr, "unknown column") {
		t.Errorf("replan warns about columns of the plan it wrote itself:\n%s", stderr)
	}
	if !strings.Contains(stderr, `"stage":"replan"`) {
		t.Errorf("no replan record in the log:\n%s", stderr)
	}
}

// Without --previous, or with a previous plan that is not one, replan
// stops with exit 2, names the file and writes nothing.
func TestReplanRefusesAMissingOrBrokenPreviousPlan(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := placement(t, nil, append([]string{"replan", "--out", out}, small(t)...)...); code != exitInput || !strings.Contains(stderr, "--previous") {
		t.Errorf("without --previous: exit %d, stderr %s", code, stderr)
	}
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, output.AssignmentsFile), []byte("student_id,enterprise_id\nS1,E1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := placement(t, nil, append([]string{"replan", "--previous", broken, "--out", out}, small(t)...)...)
	if code != exitInput || !strings.Contains(stderr, output.AssignmentsFile) || !strings.Contains(stderr, "post_id") {
		t.Errorf("broken previous plan: exit %d, stderr:\n%s", code, stderr)
	}
	if code, _, _ := placement(t, nil, append([]string{"replan", "--previous", t.TempDir(), "--out", out}, small(t)...)...); code != exitInput {
		t.Errorf("empty previous directory: exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("replan wrote %s after refusing its input", out)
	}
}

// explain answers in JSON with the documented fields, and refuses an
// unknown id or a missing question with exit 2.
func TestExplainCommand(t *testing.T) {
	t.Parallel()
	plan := demoPlan(t)
	unassigned, err := os.ReadFile(filepath.Join(plan, output.UnassignedFile))
	if err != nil {
		t.Fatal(err)
	}
	id := strings.Split(strings.Split(string(unassigned), "\n")[1], ",")[0]
	code, stdout, stderr := placement(t, nil, "explain", "--plan", plan, "--student", id, "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var ans map[string]any
	if err := json.Unmarshal([]byte(stdout), &ans); err != nil {
		t.Fatalf("%v:\n%s", err, stdout)
	}
	for _, k := range []string{"student_id", "status", "post_id", "reason", "terms", "eligible", "threshold"} {
		if _, ok := ans[k]; !ok {
			t.Errorf("no %q in %s", k, stdout)
		}
	}
	if ans["status"] != "unassigned" || ans["student_id"] != id {
		t.Errorf("answer %v for unassigned student %s", ans, id)
	}
	for _, args := range [][]string{{"--enterprise", "E0001"}, {"--post", "P00001"}} {
		if code, stdout, stderr := placement(t, nil, append([]string{"explain", "--plan", plan}, args...)...); code != exitOK || stdout == "" {
			t.Errorf("explain %v: exit %d, stderr %s", args, code, stderr)
		}
	}
	for _, args := range [][]string{
		{"explain", "--plan", plan, "--student", "nobody"},
		{"explain", "--plan", plan},
		{"explain", "--student", id},
		{"explain", "--plan", plan, "--student", id, "--post", "P00001"},
		{"explain", "--plan", plan, "--student", id, "--format", "xml"},
	} {
		if code, _, _ := placement(t, nil, args...); code != exitInput {
			t.Errorf("%v: exit %d, want %d", args, code, exitInput)
		}
	}
}

// A plan written in Chinese (--lang zh) is as good a previous plan as the
// English one: replan reads its headers and enum values back and re-plans
// to the same files.
func TestReplanReadsAChinesePlan(t *testing.T) {
	t.Parallel()
	args := small(t)
	outs := map[string]string{}
	for _, lang := range []string{"en", "zh"} {
		prev, _ := smallPlan(t) // English: the default
		if lang != "en" {
			prev = t.TempDir()
			solveOK(t, nil, append([]string{"--out", prev, "--lang", lang}, args...)...)
		}
		out := t.TempDir()
		code, _, stderr := placement(t, nil, append([]string{"replan", "--previous", prev, "--out", out, "--lang", "en", "--log-format", "text"}, args...)...)
		if code != exitOK {
			t.Fatalf("replan of the %s plan: exit %d\n%s", lang, code, stderr)
		}
		outs[lang] = out
	}
	for _, f := range []string{output.AssignmentsFile, output.ChangesFile, output.MentorPairsFile, output.TrainingScheduleFile} {
		en, zh := readFile(t, filepath.Join(outs["en"], f)), readFile(t, filepath.Join(outs["zh"], f))
		if en != zh {
			t.Errorf("%s re-planned from the Chinese plan differs from the English one's", f)
		}
	}
}
