package schedule

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// TestBranchBoundNeverPassesTheOptimum runs branchBound to the end on
// crowded tiny instances, with the exhaustive optimum as the incumbent and
// with a far worse one, and checks the bound it proves against the
// optimum: never above it, never below the flow bound it starts from, and
// on enough instances above the flow bound (so that the test could see a
// wrong cut). Three 20-station bases, in the first cohort's district and
// in districts 1 and 2, so that cohorts have groups to split between, and
// a base switch of 5–34 against 7 km between neighbouring districts. The
// same instances through Solve check that it branches, that a schedule
// built from a leaf's flow can replace the search's (and, with
// checkSchedule, that that schedule is feasible and its bound at most P).
func TestBranchBoundNeverPassesTheOptimum(t *testing.T) {
	t.Parallel()
	raised, proved, tried, gapped, viaSolve, improved := 0, 0, 0, 0, 0, 0
	var exh time.Duration
	for seed := uint64(1); seed <= 150; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		in := randomTraining(rng, 3, 1, 3, 5, tinyCalendar)
		for i := range in.bases {
			in.bases[i].District = in.cohorts[0].District
			if i > 0 {
				in.bases[i].District = fmt.Sprintf("d%d", i)
			}
			in.bases[i].Stations = 20
		}
		for i := range in.cohorts {
			in.cohorts[i].Headcount = 12 + rng.IntN(8)
			in.cohorts[i].Sessions = 2 + rng.IntN(3)
		}
		in.w.BaseSwitch = 5 + rng.IntN(30)
		s, err := newScheduler(in.bases, in.cohorts, in.dist, in.cal, in.tr, in.w, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		comps := s.components()
		if len(comps) != 1 {
			continue
		}
		flowB, _, ok := s.flowBound()
		if !ok {
			t.Fatalf("seed %d: no flow bound", seed)
		}
		res := in.solve(t, Settings{Seed: seed, MaxMoves: 2000})
		checkSchedule(t, in, res)
		if res.Bound > max(flowB, res.Stats.CohortBound) {
			viaSolve++ // Solve branched
		}
		improved += res.Stats.BranchImprovements
		opt := res.P // the flow bound proves it when they meet
		if res.P > flowB {
			t0 := time.Now()
			opt = bestByExhaustion(in, res.P+1)
			exh += time.Since(t0)
		}
		if opt > flowB {
			gapped++
		}
		rest := s.baselessCost()
		tried++
		never := func() bool { return false }
		for _, inc := range []int64{opt - rest, opt - rest + 10_000} {
			b, _ := s.branchBound(comps[0], inc, 1<<30, never, nil)
			b += rest
			if b > opt {
				t.Errorf("seed %d: incumbent %d: bound %d above the optimum %d (flow bound %d)", seed, inc+rest, b, opt, flowB)
			}
			if b < flowB {
				t.Errorf("seed %d: incumbent %d: bound %d below the flow bound %d", seed, inc+rest, b, flowB)
			}
			if inc == opt-rest {
				if b > flowB {
					raised++
				}
				if b == opt {
					proved++
				}
			}
		}
	}
	t.Logf("%d above the flow bound; exhaustion %v", gapped, exh)
	t.Logf("%d instances: bound raised above the flow bound on %d, optimum proven on %d", tried, raised, proved)
	t.Logf("Solve's bound above the flow bound on %d, its schedule improved by branching on %d", viaSolve, improved)
	if viaSolve == 0 {
		t.Errorf("Solve never branched")
	}
	if improved == 0 { // one instance, where the search's plan is not optimal
		t.Errorf("no schedule built from a leaf of the tree beat the search's")
	}
	if raised < 10 {
		t.Errorf("branching raised the bound on %d instances of %d: the test sees too little", raised, tried)
	}
}
