package mentor

import (
	"math/rand/v2"
	"slices"
	"testing"

	"placement/scenarios/gen"
)

// checkState compares the search's running figures with those of a state
// built afresh from the same plan: loads, counts, served and related
// interns, the cost, and each teacher's visits (the blocks, their cached
// counts and their places).
func checkState(t *testing.T, what string, s *tState) {
	t.Helper()
	fresh := newTState(s.p, s.x)
	nt := len(s.p.cap)
	switch {
	case !slices.Equal(s.load, fresh.load):
		t.Fatalf("%s: loads %v, recounted %v", what, s.load, fresh.load)
	case !slices.Equal(s.cnt, fresh.cnt) || !slices.Equal(s.rcnt, fresh.rcnt):
		t.Fatalf("%s: block counts differ from a recount", what)
	case !slices.Equal(s.served, fresh.served) || !slices.Equal(s.rel, fresh.rel):
		t.Fatalf("%s: served or related interns differ from a recount", what)
	case s.cost != fresh.cost:
		t.Fatalf("%s: cost %d, recomputed %d", what, s.cost, fresh.cost)
	}
	for tt := range nt {
		if len(s.visits[tt]) != len(fresh.visits[tt]) {
			t.Fatalf("%s: teacher %d visits %d blocks, recount %d", what, tt, len(s.visits[tt]), len(fresh.visits[tt]))
		}
		for k, v := range s.visits[tt] {
			i := int(v.b)*nt + tt
			if int64(v.cnt) != s.cnt[i] || v.cnt <= 0 || s.pos[i] != int32(k) {
				t.Fatalf("%s: teacher %d's visit %d to block %d: cached count %d, count %d, place %d", what, tt, k, v.b, v.cnt, s.cnt[i], s.pos[i])
			}
		}
	}
}

// The iterated local search keeps its running figures — the teachers'
// visits with their cached counts above all, which the swap scan reads —
// equal to a recount after every descent, perturbation and undo, on the
// schools of small generated cities.
func TestSearchStateMatchesARecount(t *testing.T) {
	t.Parallel()
	checked := 0
	for seed := uint64(1); seed <= 3; seed++ {
		mx, set, w, bySchool := schoolsOf(t, gen.Options{Students: 600, Enterprises: 40, Schools: 3, Seed: int64(seed)})
		for sc, pairs := range bySchool {
			if len(pairs) == 0 {
				continue
			}
			for _, p := range mx.teacherProblem(sc, pairs, &w).split() {
				_, x, err := p.lowerBound(set.Flow, &Stats{})
				if err != nil {
					t.Fatal(err)
				}
				s := newTState(p, x)
				rng := rand.New(rand.NewPCG(seed, uint64(sc)))
				s.markAll()
				s.descend(1 << 30)
				s.clearQueue()
				checkState(t, "first descent", s)
				for range 200 {
					best := s.cost
					s.logging = true
					s.perturb(rng)
					checkState(t, "perturbation", s)
					s.descend(1 << 30)
					s.logging = false
					s.clearQueue()
					checkState(t, "descent", s)
					if s.cost <= best {
						s.log = s.log[:0]
					} else {
						s.undo()
						s.clearQueue()
						checkState(t, "undo", s)
						if s.cost != best {
							t.Fatalf("undo left cost %d, want %d", s.cost, best)
						}
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Errorf("only %d rounds checked", checked)
	}
}

// A plan network re-priced (slope scaling's rounds) solves to the plan a
// network built with the new prices gives; a price that would forbid an
// arc the network has is refused and changes nothing.
func TestRepricedPlanNetSolvesLikeANewOne(t *testing.T) {
	t.Parallel()
	mx, set, w, bySchool := schoolsOf(t, gen.Options{Students: 600, Enterprises: 40, Schools: 3, Seed: 2})
	solved := 0
	for sc, pairs := range bySchool {
		for _, p := range mx.teacherProblem(sc, pairs, &w).split() {
			rng := rand.New(rand.NewPCG(uint64(sc), uint64(len(p.units))))
			prices := func() func(u, a int) int64 {
				m := map[[2]int]int64{}
				return func(u, a int) int64 {
					k := [2]int{u, a}
					if _, ok := m[k]; !ok {
						m[k] = rng.Int64N(50)
					}
					return m[k]
				}
			}
			first, second := prices(), prices()
			pn := p.planNetAll(first, 40)
			if _, err := pn.plan(p, set.Flow, &Stats{}); err != nil {
				t.Fatal(err)
			}
			costs := func() []int64 {
				out := make([]int64, pn.g.M())
				for a := range out {
					_, _, _, out[a] = pn.g.Arc(a)
				}
				return out
			}
			before := costs()
			if len(before) > 0 && pn.reprice(func(u, a int) int64 { return -1 }) {
				t.Fatal("a price forbidding every arc was taken")
			}
			if !slices.Equal(before, costs()) {
				t.Fatal("a refused re-pricing changed the costs")
			}
			if !pn.reprice(second) {
				t.Fatal("a re-pricing with every arc allowed was refused")
			}
			got, err := pn.plan(p, set.Flow, &Stats{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := p.planNetAll(second, 40).plan(p, set.Flow, &Stats{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, want, slices.Equal) {
				t.Fatalf("school %d: the re-priced network's plan differs from a new network's", sc)
			}
			solved++
		}
	}
	if solved < 3 {
		t.Errorf("only %d parts solved", solved)
	}
}
