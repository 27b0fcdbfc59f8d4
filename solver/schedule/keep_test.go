package schedule

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"

	"placement/model"
)

func sessionsOf(res *Result, cohort int) []Session {
	var out []Session
	for _, s := range res.Sessions {
		if s.Cohort == cohort {
			out = append(out, s)
		}
	}
	return out
}

// Keeping a schedule against itself keeps every complete cohort where it
// was; after one cohort changes, every other complete cohort keeps its
// sessions, and the schedule stays feasible. The re-plans use another
// seed, so that a search free to move the kept cohorts would move some.
func TestKeepMovesOnlyTheCohortsThatChanged(t *testing.T) {
	t.Parallel()
	cal := model.Calendar{Weeks: 6, Days: []string{"mon", "tue", "wed", "sat"}, Periods: []string{"am", "pm", "eve"}}
	for seed := uint64(1); seed <= 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 9))
		in := randomTraining(rng, 5, 3, 8, 50, cal)
		old := in.solve(t, Settings{Seed: seed, MaxMoves: 2000})
		complete := map[int]bool{}
		for i, c := range in.cohorts {
			complete[i] = len(sessionsOf(old, i)) == c.Sessions
		}
		ctx := context.Background()
		same, err := Keep(ctx, in.bases, in.cohorts, in.dist, in.cal, in.tr, in.w, old.Sessions, Settings{Seed: seed + 100, MaxMoves: 2000})
		if err != nil {
			t.Fatal(err)
		}
		checkSchedule(t, in, same)
		for i := range in.cohorts {
			if complete[i] && !slices.Equal(sessionsOf(old, i), sessionsOf(same, i)) {
				t.Fatalf("seed %d: unchanged cohort %d moved", seed, i)
			}
		}
		if same.P > old.P {
			t.Errorf("seed %d: keeping the schedule made P worse: %d → %d", seed, old.P, same.P)
		}
		// One cohort asks for one more session.
		edited := rng.IntN(len(in.cohorts))
		in.cohorts = slices.Clone(in.cohorts)
		in.cohorts[edited].Sessions++
		res, err := Keep(ctx, in.bases, in.cohorts, in.dist, in.cal, in.tr, in.w, old.Sessions, Settings{Seed: seed + 100, MaxMoves: 2000})
		if err != nil {
			t.Fatal(err)
		}
		checkSchedule(t, in, res)
		kept := 0
		for i := range in.cohorts {
			if i == edited || !complete[i] {
				continue
			}
			kept++
			if !slices.Equal(sessionsOf(old, i), sessionsOf(res, i)) {
				t.Fatalf("seed %d: cohort %d moved when only cohort %d changed", seed, i, edited)
			}
		}
		if res.Stats.Kept != kept {
			t.Errorf("seed %d: Stats.Kept %d, want %d", seed, res.Stats.Kept, kept)
		}
	}
}
