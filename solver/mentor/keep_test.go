package mentor

import (
	"context"
	"math/rand/v2"
	"testing"
)

// Keep keeps every previous teacher and expert that is still valid — both,
// or one alone when the other went — pairs the rest, and returns a valid
// plan priced by the formula with a bound below it.
func TestKeepKeepsEveryValidMentor(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 1))
	kept := 0
	for i := range 300 {
		c := randomMentorCity(rng, 1+rng.IntN(8))
		w := testMentorWeights(rng)
		old, err := Solve(context.Background(), c.r, c.mentors, c.plan, w, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		prev := make([]Pair, len(old.Pairs))
		copy(prev, old.Pairs)
		for k := range prev { // a mentor or a placement changes now and then
			switch rng.IntN(6) {
			case 0:
				prev[k].Teacher = -1
			case 1:
				prev[k].Expert = -1
			case 2:
				prev[k].Enterprise = -1
			}
		}
		res, err := Keep(context.Background(), c.r, c.mentors, c.plan, prev, w, Settings{})
		if err != nil {
			t.Fatalf("instance %d: %v", i, err)
		}
		checkMentorPlan(t, c, w, res)
		got := map[int]Pair{}
		for _, p := range res.Pairs {
			got[p.Student] = p
		}
		for _, p := range prev {
			if p.Enterprise < 0 {
				continue
			}
			if p.Teacher >= 0 {
				kept++
				if got[p.Student].Teacher != p.Teacher {
					t.Fatalf("instance %d: student %d's teacher %d became %d", i, p.Student, p.Teacher, got[p.Student].Teacher)
				}
			}
			if p.Expert >= 0 && got[p.Student].Expert != p.Expert {
				t.Fatalf("instance %d: student %d's expert %d became %d", i, p.Student, p.Expert, got[p.Student].Expert)
			}
		}
	}
	if kept == 0 {
		t.Fatal("nothing was kept")
	}
}
