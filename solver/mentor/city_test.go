package mentor

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"placement/scenarios/gen"
	"placement/solver/assign"
)

// TestPairMentorsOnTheGeneratedCity runs stage 3 after stage 1 on the
// default generated city (4,000 students, the demo's shape), checks every
// pairing with the independent checker and holds the gap to the bound.
// The figures it logs are those of docs/benchmarks.md.
func TestPairMentorsOnTheGeneratedCity(t *testing.T) {
	if testing.Short() {
		t.Skip("a 4,000-student city; run without -short")
	}
	city, err := gen.Generate(gen.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := assign.Solve(context.Background(), city.Roster, city.Policy, city.Weights, assign.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	var plan []Placement
	for _, as := range a.Assignments {
		plan = append(plan, Placement{Student: as.Student, Enterprise: as.Enterprise})
	}
	c := mentorCity{r: city.Roster, mentors: city.Mentors, plan: plan}
	res, err := Solve(context.Background(), c.r, c.mentors, c.plan, city.Weights, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	checkMentorPlan(t, c, city.Weights, res)
	st := res.Stats
	t.Logf("%d interns, %d mentors: M %d, bound %d, gap %.1f %%; expert side %d (exact), teacher side %d ≥ %d (%d of %d schools proven optimal)",
		st.Interns, len(c.mentors), res.M, res.Bound, 100*res.Gap, res.ExpertM, res.TeacherM, res.TeacherBound, st.TeacherOptimal, st.Schools)
	t.Logf("missing teacher %d, expert %d; visits %d; related teacher %d, expert %d; %d flows; expert %v, teacher %v",
		st.TeacherMissing, st.ExpertMissing, st.Visits, st.TeacherRelated, st.ExpertRelated, st.FlowSolves, st.Expert, st.Teacher)
	if res.Gap > 0.10 {
		t.Errorf("gap %.1f %%, want at most 10 %%", 100*res.Gap)
	}
}

// TestSolveIsTheSameWhateverGOMAXPROCS solves a small generated city (15
// schools, so many parts solved in parallel) with 1, 2 and 4 threads and
// wants the same plan byte for byte.
func TestSolveIsTheSameWhateverGOMAXPROCS(t *testing.T) {
	c, city := generatedCity(t, gen.Options{Students: 800, Enterprises: 30, Seed: 3})
	var first *Result
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		res, err := Solve(context.Background(), c.r, c.mentors, c.plan, city.Weights, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		checkMentorPlan(t, c, city.Weights, res)
		if first == nil {
			first = res
			continue
		}
		if diff := cmp.Diff(first.Pairs, res.Pairs); diff != "" || first.M != res.M || first.Bound != res.Bound {
			t.Fatalf("GOMAXPROCS %d: M %d/%d, bound %d/%d, pairs (-1 thread +%d):\n%s", procs, first.M, res.M, first.Bound, res.Bound, procs, diff)
		}
	}
	t.Logf("%d interns: M %d, bound %d", len(c.plan), first.M, first.Bound)
}

// TestTimeLimitAndProgress: a time limit far below what the search needs
// still gives a checked plan with a valid bound, and Progress reports the
// parts as they finish.
func TestTimeLimitAndProgress(t *testing.T) {
	c, city := generatedCity(t, gen.Options{Students: 800, Enterprises: 30, Seed: 3})
	full, err := Solve(context.Background(), c.r, c.mentors, c.plan, city.Weights, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	var reports []Progress
	res, err := Solve(context.Background(), c.r, c.mentors, c.plan, city.Weights, Settings{
		TimeLimit:     time.Nanosecond,
		Progress:      func(p Progress) { reports = append(reports, p) },
		ProgressEvery: time.Nanosecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	checkMentorPlan(t, c, city.Weights, res)
	if res.M < full.Bound || res.Bound > full.M {
		t.Errorf("limited: M %d ≥ bound %d; full: M %d ≥ bound %d: the bounds must hold for both", res.M, res.Bound, full.M, full.Bound)
	}
	if len(reports) == 0 {
		t.Fatal("no progress reported")
	}
	for i, p := range reports {
		if p.Parts < 1 || p.Parts >= p.Of || p.M < p.Bound || (i > 0 && p.Parts <= reports[i-1].Parts) {
			t.Errorf("report %d: %+v", i, p)
		}
	}
	t.Logf("limited M %d (full %d), %d progress reports, last %+v", res.M, full.M, len(reports), reports[len(reports)-1])
}
