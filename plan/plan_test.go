package plan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"placement/model"
	"placement/plan"
	"placement/scenarios"
	"placement/scenarios/gen"
	"placement/solver/schedule"
)

const tiny = "testdata/tiny/scenario.yaml"

// smallCity is a generated city with every stage, written once for the
// package's tests: the demo's shape at a fifth of its size, so that tests
// that want a realistic city but not the demo's 4,000 students stay fast.
var smallCity = sync.OnceValues(func() (string, error) {
	city, err := gen.Generate(gen.Options{Students: 800, Enterprises: 30, Seed: 5})
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "plan-small-city-")
	if err != nil {
		return "", err
	}
	keepTempDir(dir)
	return dir, city.WriteDir(dir)
})

// tempDirs are the directories the package's shared fixtures made; TestMain
// removes them.
var (
	tempMu   sync.Mutex
	tempDirs []string
)

func keepTempDir(dir string) {
	tempMu.Lock()
	defer tempMu.Unlock()
	tempDirs = append(tempDirs, dir)
}

func TestMain(m *testing.M) {
	debug.SetGCPercent(400) // as cmd/placement's tests: many plans at once, memory to spare
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// smallSolved is smallCity solved once with the default settings, for the
// tests that want its plan (smallPlan) and never change it.
var smallSolved = sync.OnceValues(func() (*plan.Result, error) {
	ctx := context.Background()
	city, err := smallCity()
	if err != nil {
		return nil, err
	}
	sc, ps := plan.Load(ctx, plan.Source{Path: filepath.Join(city, "scenario.yaml")})
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return plan.Solve(ctx, sc, plan.Settings{})
})

// smallPlan is smallSolved's plan. Tests read it and never change it.
func smallPlan(t *testing.T) *plan.Result {
	t.Helper()
	res, err := smallSolved()
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// smallCityDir is smallCity's directory; the scenario is scenario.yaml in it.
func smallCityDir(t *testing.T) string {
	t.Helper()
	dir, err := smallCity()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func load(t *testing.T, src plan.Source) *scenarios.Scenario {
	t.Helper()
	sc, ps := plan.Load(context.Background(), src)
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	return sc
}

// Solve runs the stages the scenario has and no other.
func TestSolveRunsTheStagesTheScenarioHas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	full, err := plan.Solve(ctx, load(t, plan.Source{Path: tiny}), plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if full.Assign == nil || full.Schedule == nil || full.Mentor == nil {
		t.Fatalf("stages run: assign %v, schedule %v, mentor %v", full.Assign != nil, full.Schedule != nil, full.Mentor != nil)
	}
	if last := full.Files[len(full.Files)-1].Name; last != "summary.json" {
		t.Errorf("last file %s, want summary.json (the commit marker)", last)
	}
	sc := load(t, plan.Source{Path: tiny, Set: []string{"data.bases=", "data.cohorts=", "data.mentors="}})
	only, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if only.Schedule != nil || only.Mentor != nil || len(only.Files) != 5 { // stage 1, fairness.csv, summary.json
		t.Errorf("a stage-1 scenario ran stages 2/3 or wrote %d files", len(only.Files))
	}
	if only.Assign.Z != full.Assign.Z {
		t.Errorf("Z %d without stages 2 and 3, %d with", only.Assign.Z, full.Assign.Z)
	}
}

// Stages 2 and 3 run beside stage 1 and the audit in Solve: stage 2's
// schedule is the one it finds alone (for stage 3 see
// TestMentorsOnStageOnePlacementsMatchesSolve), and the log still reads
// in stage order —
// stage 2's progress lines after stage 1's records, its own record before
// stage 3's. The log writer is a plain buffer, so the race detector sees
// any two goroutines writing it at once.
func TestStagesBesideStageOneLogInStageOrder(t *testing.T) {
	t.Parallel()
	sc := load(t, plan.Source{Path: filepath.Join(smallCityDir(t), "scenario.yaml")})
	var buf bytes.Buffer
	log := zerolog.New(&buf)
	set := plan.Settings{Log: &log, Schedule: schedule.Settings{ProgressEvery: time.Nanosecond}}
	full, err := plan.Solve(context.Background(), sc, set)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := plan.Schedule(context.Background(), sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if full.Schedule.P != alone.Schedule.P || !slices.Equal(full.Schedule.Sessions, alone.Schedule.Sessions) {
		t.Errorf("stage 2 beside stage 1: P %d, alone %d (or other sessions)", full.Schedule.P, alone.Schedule.P)
	}
	var got []string
	for line := range strings.Lines(buf.String()) {
		var r struct{ Stage, Progress string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v in %q", err, line)
		}
		switch {
		case r.Stage != "":
			got = append(got, r.Stage)
		case r.Progress != "" && got[len(got)-1] != "progress "+r.Progress:
			got = append(got, "progress "+r.Progress) // a run of them as one
		}
	}
	want := []string{"assignment", "fairness", "assignment_files", "progress training", "training", "mentors"}
	if !slices.Equal(got, want) && !slices.Equal(got, slices.Delete(slices.Clone(want), 3, 4)) {
		t.Errorf("log records %q, want %q (the progress lines optional)", got, want)
	}
}

// Schedule and Mentors on a scenario without their data are input errors.
func TestAStageWithoutItsDataIsAnInputError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sc := load(t, plan.Source{Path: tiny, Set: []string{"data.bases=", "data.cohorts=", "data.mentors="}})
	if _, err := plan.Schedule(ctx, sc, plan.Settings{}); !errors.Is(err, plan.ErrInput) {
		t.Errorf("Schedule: err = %v, want ErrInput", err)
	}
	if _, err := plan.Mentors(ctx, sc, nil, "x.csv", plan.Settings{}); !errors.Is(err, plan.ErrInput) {
		t.Errorf("Mentors: err = %v, want ErrInput", err)
	}
}

// Mentors on stage 1's own placements gives stage 3's result of Solve.
func TestMentorsOnStageOnePlacementsMatchesSolve(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sc := load(t, plan.Source{Path: tiny})
	full, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	var placed []model.Placed
	for _, a := range full.Assign.Assignments {
		placed = append(placed, model.Placed{Student: a.Student, Post: a.Post, Enterprise: a.Enterprise})
	}
	m, err := plan.Mentors(ctx, sc, placed, plan.StageOneSource, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Mentor.M != full.Mentor.M || len(m.Mentor.Pairs) != len(full.Mentor.Pairs) {
		t.Errorf("M %d with %d pairs, Solve's %d with %d", m.Mentor.M, len(m.Mentor.Pairs), full.Mentor.M, len(full.Mentor.Pairs))
	}
}

// A cancelled context stops Load, Solve and Write; Write leaves the
// directory as it was.
func TestACancelledContextStopsEveryStep(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, ps := plan.Load(ctx, plan.Source{Path: tiny}); ps.Err() == nil {
		t.Error("Load with a cancelled context: no error")
	}
	sc := load(t, plan.Source{Path: tiny})
	if _, err := plan.Solve(ctx, sc, plan.Settings{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Solve: err = %v, want context.Canceled", err)
	}
	res, err := plan.Solve(context.Background(), sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := plan.Write(ctx, dir, res, plan.WriteOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Write: err = %v, want context.Canceled", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a cancelled Write left %d entries", len(entries))
	}
}

// Cancelling a large solve stops it within a moment, not at its end.
func TestCancellingStopsALargeSolveSoon(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("solves the demo city")
	}
	sc := load(t, plan.Source{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := plan.Solve(ctx, sc, plan.Settings{})
	if !errors.Is(err, context.DeadlineExceeded) { // the demo takes about 0.5 s
		t.Fatalf("err = %v, want the deadline's", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("stopped after %v", d)
	}
}

// Write with Excel adds a byte-order mark to the CSV files only.
func TestWriteForExcel(t *testing.T) {
	t.Parallel()
	res, err := plan.Solve(context.Background(), load(t, plan.Source{Path: tiny}), plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := plan.Write(context.Background(), dir, res, plan.WriteOptions{Excel: true}); err != nil {
		t.Fatal(err)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "assignments.csv"))
	js, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if !bytes.HasPrefix(csv, []byte("\uFEFF")) || bytes.HasPrefix(js, []byte("\uFEFF")) {
		t.Errorf("BOM on assignments.csv %v, on summary.json %v", bytes.HasPrefix(csv, []byte("\uFEFF")), bytes.HasPrefix(js, []byte("\uFEFF")))
	}
}
