package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/output"
)

// TestMentorsOnSolvesAssignmentsRepeatsSolvesPairs: stage 3 run alone on
// the assignments.csv that solve wrote gives the pairs solve wrote (on the
// small city: every stage at a fifth of the demo's size).
func TestMentorsOnSolvesAssignmentsRepeatsSolvesPairs(t *testing.T) {
	t.Parallel()
	plan, _ := smallPlan(t)
	out := t.TempDir()
	code, _, stderr := placement(t, nil, append([]string{"mentors", "--assignments", filepath.Join(plan, output.AssignmentsFile), "--out", out}, small(t)...)...)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	a, b := readDir(t, plan), readDir(t, out)
	for _, f := range []string{output.MentorPairsFile, output.MentorLoadFile, output.MentorMissingFile} {
		if a[f] != b[f] {
			t.Errorf("%s differs between solve and mentors", f)
		}
	}
	if _, ok := b[output.AssignmentsFile]; ok {
		t.Errorf("mentors wrote %s", output.AssignmentsFile)
	}
	var sa, sb output.Summary
	if err := json.Unmarshal([]byte(a[output.SummaryFile]), &sa); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b[output.SummaryFile]), &sb); err != nil {
		t.Fatal(err)
	}
	if sa.Stages.Mentors == nil || sb.Stages.Mentors == nil {
		t.Fatalf("summary without a mentors stage: %v, %v", sa.Stages.Mentors, sb.Stages.Mentors)
	}
	ma, mb := *sa.Stages.Mentors, *sb.Stages.Mentors
	mb.Source = ma.Source
	if diff := cmp.Diff(ma, mb); diff != "" {
		t.Errorf("mentors stage (-solve +mentors):\n%s", diff)
	}
	if sb.Stages.Assignment.Status != "not_run" {
		t.Errorf("assignment status %q, want not_run", sb.Stages.Assignment.Status)
	}
}

// TestMentorsRejectsABrokenEditedPlan: an officer's edits with an unknown
// student, a student twice and an over-filled post are located errors,
// exit 2, and nothing is written.
func TestMentorsRejectsABrokenEditedPlan(t *testing.T) {
	t.Parallel()
	plan := demoPlan(t)
	files := readDir(t, plan)
	rows := csvRows(t, files[output.AssignmentsFile]) // student_id, post_id, …
	capacity := map[string]int{}
	for _, p := range csvRows(t, readFile(t, "../../scenarios/demo/posts.csv")) {
		capacity[p[0]], _ = strconv.Atoi(p[3])
	}
	filled := map[string]int{}
	for _, r := range rows {
		filled[r[1]]++
	}
	full, roomy := "", ""
	for _, r := range rows {
		if full == "" && filled[r[1]] == capacity[r[1]] {
			full = r[1]
		}
		if roomy == "" && filled[r[1]] < capacity[r[1]] {
			roomy = r[1]
		}
	}
	if full == "" || roomy == "" {
		t.Fatal("the demo plan has no full post or no post with room")
	}
	idle := csvRows(t, files[output.UnassignedFile])[0][0]
	var b strings.Builder
	b.WriteString("student_id,post_id\n")
	for _, r := range rows {
		b.WriteString(r[0] + "," + r[1] + "\n")
	}
	n := len(rows) + 1                                  // the last line so far
	b.WriteString("NOBODY," + roomy + "\n")             // n+1: unknown student
	b.WriteString(rows[0][0] + "," + rows[1][1] + "\n") // n+2: a student twice
	b.WriteString(idle + "," + full + "\n")             // n+3: over capacity
	file := filepath.Join(t.TempDir(), "edited.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := placement(t, nil, "mentors", "--assignments", file, "--out", out, "--log-format", "text")
	if code != exitInput {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInput, stderr)
	}
	for _, want := range []string{
		fmt.Sprintf("%s:%d:1: student_id \"NOBODY\" is not in", file, n+1),
		fmt.Sprintf("%s:%d:1: student %q is listed twice (first at line 2)", file, n+2, rows[0][0]),
		fmt.Sprintf("%s:%d:2: post %q is over-filled: this is student %d and its capacity is %d", file, n+3, full, capacity[full]+1, capacity[full]),
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--out exists after an input error: %v", err)
	}
}

// csvRows parses CSV text and returns its data rows (the header dropped).
func csvRows(t *testing.T, text string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:]
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMentorsNeedsAssignmentsAndAScenarioWithMentors(t *testing.T) {
	t.Parallel()
	code, _, stderr := placement(t, nil, "mentors", "--out", t.TempDir())
	if code != exitInput || !strings.Contains(stderr, "--assignments") {
		t.Errorf("without --assignments: exit %d, stderr:\n%s", code, stderr)
	}
	code, _, stderr = placement(t, nil, "mentors", "--scenario", "../../scenarios/testdata/tiny/scenario.yaml",
		"--assignments", "nothing.csv", "--out", t.TempDir())
	if code != exitInput || !strings.Contains(stderr, "data.mentors") {
		t.Errorf("a scenario without mentors: exit %d, stderr:\n%s", code, stderr)
	}
}
