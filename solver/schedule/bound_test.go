package schedule

import (
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/model"
)

// TestFlowBoundCountsCohortsOfAtLeastHPeople: two cohorts of 30 can only
// train on Monday morning, one of 5 on Monday morning or afternoon, at a
// 40-station base. Counting cohorts alone, two fit a slot (5 + 30 ≤ 40),
// so the relaxation would hold both 30s in the morning and the 5 in the
// afternoon: P ≥ 0. The nested cover sees that at most one cohort of 30
// or more fits, so one session of a 30 goes unscheduled: P = 10000, and
// the bound proves it.
func TestFlowBoundCountsCohortsOfAtLeastHPeople(t *testing.T) {
	cal := model.Calendar{Weeks: 1, Days: []string{"mon"}, Periods: []string{"am", "pm"}}
	r := &model.Roster{Districts: []model.District{{ID: "d"}}}
	cohort := func(id string, head int, periods ...string) model.Cohort {
		return model.Cohort{ID: id, Equipment: "g", Headcount: head, Sessions: 1, EarliestWeek: 1, LatestWeek: 1,
			District: "d", Days: cal.Days, Periods: periods}
	}
	in := &trainingInstance{
		cal: cal, w: model.DefaultWeights(), dist: model.NewDistanceTable(r),
		tr:      model.Training{MaxSessionsPerDay: 2, MaxSessionsPerWeek: 2},
		bases:   []model.Base{{ID: "b", District: "d", Equipment: "g", Stations: 40, OpenPeriods: cal.Periods}},
		cohorts: []model.Cohort{cohort("a", 30, "am"), cohort("b", 30, "am"), cohort("c", 5, "am", "pm")},
	}
	res := in.solve(t, Settings{})
	checkSchedule(t, in, res)
	if res.P != 10000 || res.Stats.FlowBound != 10000 || !res.Optimal {
		t.Errorf("P %d, flow bound %d, optimal %v; want 10000, 10000, true", res.P, res.Stats.FlowBound, res.Optimal)
	}
}

// TestFlowBoundAddsForcedSwitches: cohort x has two sessions, and each
// of its bases opens one period a day, so no base holds both: it pays a
// switch in any schedule. Cohort y (30 people, mornings) takes the
// near morning base, which cannot hold both cohorts, so one of them
// travels 10 km: the optimum is 60 (a switch and 10 km). The relaxation
// alone finds 10 and the cohorts alone 50; the relaxation with x's
// forced switch proves 60.
func TestFlowBoundAddsForcedSwitches(t *testing.T) {
	cal := model.Calendar{Weeks: 1, Days: []string{"mon"}, Periods: []string{"am", "pm"}}
	r := &model.Roster{Districts: []model.District{{ID: "d"}, {ID: "e"}},
		Distances: []model.Distance{{From: "d", To: "e", Km: 10}}}
	base := func(id, district, period string) model.Base {
		return model.Base{ID: id, District: district, Equipment: "g", Stations: 40, OpenPeriods: []string{period}}
	}
	in := &trainingInstance{
		cal: cal, w: model.DefaultWeights(), dist: model.NewDistanceTable(r),
		tr:    model.Training{MaxSessionsPerDay: 2, MaxSessionsPerWeek: 2},
		bases: []model.Base{base("near-am", "d", "am"), base("near-pm", "d", "pm"), base("far-am", "e", "am")},
		cohorts: []model.Cohort{
			{ID: "x", Equipment: "g", Headcount: 30, Sessions: 2, EarliestWeek: 1, LatestWeek: 1, District: "d", Days: cal.Days, Periods: cal.Periods},
			{ID: "y", Equipment: "g", Headcount: 30, Sessions: 1, EarliestWeek: 1, LatestWeek: 1, District: "d", Days: cal.Days, Periods: []string{"am"}},
		},
	}
	in.w.TrainPerKm, in.w.BaseSwitch = 1, 50
	res := in.solve(t, Settings{})
	checkSchedule(t, in, res)
	if res.P != 60 || res.Stats.FlowBound != 60 || res.Stats.CohortBound != 50 || !res.Optimal {
		t.Errorf("P %d, flow bound %d, cohort bound %d, optimal %v; want 60, 60, 50, true",
			res.P, res.Stats.FlowBound, res.Stats.CohortBound, res.Optimal)
	}
}

// TestHintedConstructionIsFeasible builds schedules from the flow
// relaxation's hints alone on crowded instances (mixed headcounts, bases
// in one district sharing a group, more sessions than room) and checks
// every hard constraint with the independent checker.
func TestHintedConstructionIsFeasible(t *testing.T) {
	t.Parallel()
	cal := model.Calendar{Weeks: 4, Days: []string{"mon", "tue", "sat"}, Periods: []string{"am", "pm"}}
	used := 0
	for seed := uint64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		in := randomTraining(rng, 2, 2, 6, 30, cal)
		for i := range in.cohorts {
			in.cohorts[i].Sessions = 2 + rng.IntN(5)
			in.cohorts[i].Headcount = 8 + rng.IntN(20)
		}
		s, err := newScheduler(in.bases, in.cohorts, in.dist, in.cal, in.tr, in.w, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		bound, hints, ok := s.flowBound()
		if !ok {
			t.Fatal("no flow bound")
		}
		order := make([]int, len(s.c))
		for i := range order {
			order[i] = i
		}
		s.constructHinted(order, hints)
		res := s.result(in.bases, s.plan, bound)
		checkSchedule(t, in, res)
		if res.P != s.P {
			t.Errorf("seed %d: P kept as %d, recomputed %d", seed, s.P, res.P)
		}
		if full := in.solve(t, Settings{Seed: seed, MaxMoves: -1}); full.Stats.ConstructionP < full.Stats.GreedyP {
			used++
		}
	}
	if used == 0 {
		t.Error("the hinted construction never beat the greedy one on crowded instances")
	}
}

// TestScheduleIsTheSameWhateverGOMAXPROCS: the equipment parts are solved
// in parallel and joined in order, so the schedule does not depend on the
// number of cores.
func TestScheduleIsTheSameWhateverGOMAXPROCS(t *testing.T) {
	cal := model.Calendar{Weeks: 6, Days: []string{"mon", "tue", "wed", "sat"}, Periods: []string{"am", "pm", "eve"}}
	in := randomTraining(rand.New(rand.NewPCG(3, 9)), 6, 4, 12, 120, cal)
	var runs []*Result
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		runs = append(runs, in.solve(t, Settings{Seed: 2, MaxMoves: 4000}))
		runtime.GOMAXPROCS(old)
	}
	checkSchedule(t, in, runs[0])
	for k, r := range runs[1:] {
		if d := cmp.Diff(runs[0], r, cmp.FilterPath(func(p cmp.Path) bool {
			return p.String() == "Stats.Construction" || p.String() == "Stats.Search"
		}, cmp.Ignore())); d != "" {
			t.Errorf("GOMAXPROCS run %d differs from the first:\n%s", k+1, d)
		}
	}
}
