package mentor

import (
	"context"
	"math/rand/v2"
	"testing"

	"placement/model"
)

// teacherParts is the teacher side of c, part by part, as Solve cuts it.
func teacherParts(t *testing.T, c mentorCity, w *model.Weights) []*teacherProblem {
	t.Helper()
	mx, err := newMentorIndex(c.r, c.mentors, c.plan)
	if err != nil {
		t.Fatal(err)
	}
	mx.ctx = context.Background()
	var parts []*teacherProblem
	for s, pairs := range mx.pairsBySchool() {
		if len(pairs) > 0 {
			parts = append(parts, mx.teacherProblem(s, pairs, w).split()...)
		}
	}
	return parts
}

// Weak duality, checked against exhaustive search: the capacity
// Lagrangian L(λ), summed over a city's parts, is at most the teacher
// side's optimum for every λ ≥ 0 drawn, and so are the bounds the
// subgradient ascents return. A wrong price, crew or envelope in the
// evaluation shows up as a value above the optimum.
func TestLagrangianBoundsNeverPassTheOptimum(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(17, 4))
	const n = 300
	tight, raised := 0, 0
	for i := range n {
		c := randomMentorCity(rng, 4+rng.IntN(8))
		w := testMentorWeights(rng)
		_, opt := bruteMentors(c, w)
		parts := teacherParts(t, c, &w)
		for draw := range 6 {
			var sum int64
			for _, p := range parts {
				lambda := make([]int64, len(p.cap))
				load := make([]int64, len(p.cap))
				for k := range lambda {
					if draw > 0 && rng.IntN(2) == 0 {
						lambda[k] = rng.Int64N(int64(max(w.TeacherVisit, w.MentorRelated, w.MentorMissing)+1) * lagScale)
					}
				}
				sum += newLagrangian(p).eval(lambda, load, nil)
			}
			if sum > opt*lagScale {
				t.Fatalf("instance %d, draw %d: L(λ) = %d/%d above the optimum %d", i, draw, sum, lagScale, opt)
			}
		}
		var lag, knap, l0 int64
		for _, p := range parts {
			ub := opt + 1 // an upper bound the ascent steers toward, as the found plan's cost does
			b, share := p.lagrangeBound(ub)
			kb, _ := p.knapsackBound(ub, share)
			lag, knap = lag+b, knap+kb
			zero := make([]int64, len(p.cap))
			l0 += (newLagrangian(p).eval(zero, make([]int64, len(p.cap)), nil) + lagScale - 1) / lagScale
		}
		if lag > opt || knap > opt {
			t.Fatalf("instance %d: Lagrangian bound %d, knapsack bound %d, optimum %d", i, lag, knap, opt)
		}
		if lag == opt {
			tight++
		}
		if lag > l0 {
			raised++
		}
	}
	t.Logf("%d instances: the Lagrangian bound is the optimum on %d; the ascent raised it above L(0) on %d", n, tight, raised)
	if raised == 0 {
		t.Error("the ascent never raised the bound above L(0): the test does not exercise it")
	}
}
