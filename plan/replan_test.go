package plan_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"placement/model"
	"placement/output"
	"placement/plan"
	"placement/scenarios"
)

// demoPlan is the small generated city's plan (smallSolved) written once
// for the replan tests.
var demoPlan = sync.OnceValues(func() (string, error) {
	ctx := context.Background()
	res, err := smallSolved()
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "replan-test-")
	if err != nil {
		return "", err
	}
	keepTempDir(dir)
	return dir, plan.Write(ctx, dir, res, plan.WriteOptions{})
})

func replanDemo(t *testing.T, edit func(sc *scenarios.Scenario)) (*plan.Previous, *plan.Result) {
	t.Helper()
	dir, err := demoPlan()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	prev, ps := plan.LoadPrevious(ctx, dir)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	sc := load(t, plan.Source{Path: filepath.Join(smallCityDir(t), "scenario.yaml")})
	edit(sc)
	sc.Roster.Reindex()
	res, err := plan.Replan(ctx, sc, prev, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return prev, res
}

func file(t *testing.T, res *plan.Result, name string) []byte {
	t.Helper()
	for _, f := range res.Files {
		if f.Name == name {
			return f.Data
		}
	}
	t.Fatalf("no %s among the files", name)
	return nil
}

func records(t *testing.T, data []byte) [][]string {
	t.Helper()
	rec, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rec[1:]
}

// Re-planning an unchanged scenario changes nothing: every file but
// changes.csv and summary.json is byte-identical, changes.csv is empty.
func TestReplanOfAnUnchangedScenarioChangesNothing(t *testing.T) {
	t.Parallel()
	prev, res := replanDemo(t, func(*scenarios.Scenario) {})
	for _, f := range res.Files {
		switch f.Name {
		case output.SummaryFile:
			continue
		case output.ChangesFile:
			if f.Rows != 0 {
				t.Errorf("changes.csv has %d rows:\n%s", f.Rows, f.Data)
			}
			continue
		}
		old, err := os.ReadFile(filepath.Join(prev.Dir, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(old, f.Data) {
			t.Errorf("%s changed", f.Name)
		}
	}
	st := res.Summary.Stages.Replan
	if st.Kept != len(prev.Post) || st.Moved+st.NewlyPlaced+st.Removed != 0 {
		t.Errorf("counts %+v, want all %d kept", st, len(prev.Post))
	}
}

// An edit that touches one student (she leaves) moves nobody else: every
// other placement, every cohort's sessions and every other intern's
// mentors stay as they were, and changes.csv lists only her and whoever
// was unplaced and now takes the seat she left.
func TestReplanAfterOneStudentLeavesMovesNobodyElse(t *testing.T) {
	t.Parallel()
	var gone string
	prev, res := replanDemo(t, func(sc *scenarios.Scenario) {
		r := sc.Roster
		for i, s := range r.Students {
			if slices.ContainsFunc(r.Pins, func(p model.Pin) bool { return p.StudentID == s.ID }) {
				continue
			}
			if _, placed := mustPrev(t).Post[s.ID]; placed && i > 100 {
				gone = s.ID
				r.Students = slices.Delete(r.Students, i, i+1)
				return
			}
		}
	})
	st := res.Summary.Stages.Replan
	if st.Kept != len(prev.Post)-1 || st.Removed != 1 || st.Moved != 0 || st.NewlyPlaced > 1 {
		t.Errorf("counts %+v after one of %d placed students left", st, len(prev.Post))
	}
	for _, name := range []string{output.TrainingScheduleFile, "training_unscheduled.csv"} {
		old, _ := os.ReadFile(filepath.Join(prev.Dir, name))
		if !bytes.Equal(old, file(t, res, name)) {
			t.Errorf("%s changed", name)
		}
	}
	oldPairs := map[string][]string{}
	old, _ := os.ReadFile(filepath.Join(prev.Dir, output.MentorPairsFile))
	for _, rec := range records(t, old) {
		oldPairs[rec[0]] = rec
	}
	for _, rec := range records(t, file(t, res, output.MentorPairsFile)) {
		if _, was := prev.Post[rec[0]]; was && !slices.Equal(rec, oldPairs[rec[0]]) {
			t.Errorf("intern %s: mentors %v, before %v", rec[0], rec, oldPairs[rec[0]])
		}
	}
	var whom []string
	for _, rec := range records(t, file(t, res, output.ChangesFile)) {
		whom = append(whom, rec[0]+" "+rec[1]+" "+rec[4])
		if (rec[0] != gone || rec[4] != output.CauseLeft) && (!prev.Unplaced[rec[0]] || rec[4] != output.CauseNewlyPlaced) {
			t.Errorf("change %v; only %s (left) and a newly placed student should change", rec, gone)
		}
	}
	if len(whom) != 3*(1+st.NewlyPlaced) { // post, teacher, expert
		t.Errorf("changes %v, want %s's post, teacher and expert", whom, gone)
	}
}

func mustPrev(t *testing.T) *plan.Previous {
	t.Helper()
	dir, err := demoPlan()
	if err != nil {
		t.Fatal(err)
	}
	prev, ps := plan.LoadPrevious(context.Background(), dir)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	return prev
}

// Cutting a post's capacity moves exactly the students it no longer holds,
// with the cause; a new student is newly placed or not, never moving
// anybody who could stay.
func TestReplanNamesTheCauses(t *testing.T) {
	t.Parallel()
	prev := mustPrev(t)
	// The post with the most previous holders.
	holders := map[string]int{}
	for _, q := range prev.Post {
		holders[q]++
	}
	var cut string
	for q, n := range holders {
		if n > holders[cut] || (n == holders[cut] && q < cut) {
			cut = q
		}
	}
	_, res := replanDemo(t, func(sc *scenarios.Scenario) {
		for q := range sc.Roster.Posts {
			if sc.Roster.Posts[q].ID == cut {
				sc.Roster.Posts[q].Capacity = holders[cut] - 1
			}
		}
	})
	st := res.Summary.Stages.Replan
	if st.Kept != len(prev.Post)-1 || st.Moved+st.Removed != 1 {
		t.Errorf("counts %+v after cutting %s from %d to %d", st, cut, holders[cut], holders[cut]-1)
	}
	var posts []string
	for _, rec := range records(t, file(t, res, output.ChangesFile)) {
		if rec[1] == "post" {
			posts = append(posts, strings.Join(rec, ","))
			if rec[2] != cut || rec[4] != output.CauseCapacityCut {
				t.Errorf("change %v, want a move off %s for capacity_cut", rec, cut)
			}
		}
	}
	if len(posts) != 1 {
		t.Errorf("post changes %v, want one", posts)
	}
}

// A cohort that asks for one more session is scheduled again; every other
// cohort keeps its sessions.
func TestReplanAfterACohortChangesKeepsTheOthers(t *testing.T) {
	t.Parallel()
	var edited string
	prev, res := replanDemo(t, func(sc *scenarios.Scenario) {
		c := &sc.Cohorts[len(sc.Cohorts)/2]
		c.Sessions++
		edited = c.ID
	})
	byCohort := func(data []byte) map[string][]string {
		m := map[string][]string{}
		for _, rec := range records(t, data) {
			m[rec[0]] = append(m[rec[0]], strings.Join(rec, ","))
		}
		return m
	}
	old, err := os.ReadFile(filepath.Join(prev.Dir, output.TrainingScheduleFile))
	if err != nil {
		t.Fatal(err)
	}
	before, after := byCohort(old), byCohort(file(t, res, output.TrainingScheduleFile))
	for id, rows := range before {
		if id != edited && !slices.Equal(rows, after[id]) {
			t.Errorf("cohort %s moved when only %s changed:\n%v\n%v", id, edited, rows, after[id])
		}
	}
	st := res.Summary.Stages.Replan
	if st.CohortsRescheduled != 1 || st.CohortsKept != len(before)-1 {
		t.Errorf("cohorts kept %d, rescheduled %d; want %d and 1", st.CohortsKept, st.CohortsRescheduled, len(before)-1)
	}
	schedRows := 0
	for _, rec := range records(t, file(t, res, output.ChangesFile)) {
		if rec[1] != "schedule" {
			continue
		}
		schedRows++
		if !strings.HasPrefix(rec[2], edited+": ") || !strings.HasPrefix(rec[3], edited+": ") || rec[4] != output.CauseCohortChanged {
			t.Errorf("schedule change %v; only cohort %s changed", rec, edited)
		}
	}
	if changed := !slices.Equal(before[edited], after[edited]); changed != (schedRows > 0) {
		t.Errorf("cohort %s's sessions changed: %v, but %d schedule rows", edited, changed, schedRows)
	}
	if len(after[edited]) != len(before[edited])+1 {
		t.Logf("cohort %s: %d sessions before, %d now (the bases may be full)", edited, len(before[edited]), len(after[edited]))
	}
}
