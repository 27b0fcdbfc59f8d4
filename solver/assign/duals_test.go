package assign

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"placement/scenarios/gen"
	"placement/solver/internal/lpseeds"
)

// bestWith is the brute-force optimum over plans that place student s
// (placed true) or leave it out.
func (in instance) bestWith(s int, placed bool) int64 {
	return in.bestPlan(func(i, q int) bool { return i != s || (q >= 0) == placed })
}

func planOf(res *Result, n int) []int {
	post := make([]int, n)
	for i := range post {
		post[i] = -1
	}
	for _, a := range res.Assignments {
		post[a.Student] = a.Post
	}
	return post
}

// The threshold of an unplaced student is exactly the brute-force
// difference between the best plan without it and the best plan with it:
// adding threshold + 1 to its value places it, threshold − 1 does not.
func TestThresholdMatchesBruteForce(t *testing.T) {
	t.Parallel()
	checked := map[bool]int{}
	for seed := uint64(1); seed <= 400; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 8)), 2+int(seed%5), 1+int(seed%4))
		label := fmt.Sprintf("seed %d", seed)
		res := in.solve(t)
		d, err := NewDuals(context.Background(), in.r, in.pol, in.w, planOf(res, len(in.r.Students)))
		if err != nil {
			t.Fatalf("%s: duals of an optimal plan: %v", label, err)
		}
		for _, u := range res.Unassigned {
			if _, pinned := in.pinned()[u.Student]; pinned {
				continue
			}
			th, q, ok := d.Threshold(u.Student)
			out, with := in.bestWith(u.Student, false), in.bestWith(u.Student, true)
			if !ok {
				if with != math.MinInt64 {
					t.Fatalf("%s: student %d has no threshold, but a plan places it (%d vs %d)", label, u.Student, with, out)
				}
				continue
			}
			checked[th == 0]++
			if th != out-with {
				t.Fatalf("%s: student %d threshold %d, brute force %d (best without %d, with %d)", label, u.Student, th, out-with, out, with)
			}
			if q < 0 {
				t.Fatalf("%s: student %d threshold %d but no post", label, u.Student, th)
			}
			if _, ok := in.oracleValue(u.Student, q, false); !ok {
				t.Fatalf("%s: student %d would go to post %d, not eligible", label, u.Student, q)
			}
		}
	}
	if checked[true] == 0 || checked[false] == 0 {
		t.Errorf("thresholds checked: %v; the generator misses zero or positive ones", checked)
	}
}

// A plan that is not optimal gets no certificate.
func TestDualsRefuseAPlanThatIsNotOptimal(t *testing.T) {
	t.Parallel()
	refused := 0
	for seed := uint64(1); seed <= 200; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 9)), 3+int(seed%5), 2+int(seed%4))
		res := in.solve(t)
		post := planOf(res, len(in.r.Students))
		for _, a := range res.Assignments {
			if a.Pinned || a.Value <= 0 {
				continue
			}
			worse := append([]int(nil), post...)
			worse[a.Student] = -1 // leaving out a student worth > 0 loses value
			if _, err := NewDuals(context.Background(), in.r, in.pol, in.w, worse); err == nil {
				t.Fatalf("seed %d: a plan without student %d (worth %d) was certified", seed, a.Student, a.Value)
			}
			refused++
			break
		}
	}
	if refused == 0 {
		t.Error("no plan was made worse")
	}
}

// bestAt is the brute-force optimum over plans that put student s at
// post at.
func (in instance) bestAt(s, at int) int64 {
	return in.bestPlan(func(i, q int) bool { return i != s || q == at })
}

// What moving a student to a post costs the plan is exactly the brute-force
// difference between the optimum and the best plan with it there.
//
// The searches use a bucket queue (reduced costs are small here); every
// other seed they use the heap that takes over for large costs.
func TestMoveCostsMatchBruteForce(t *testing.T) {
	t.Parallel()
	checked := 0
	for seed := uint64(1); seed <= 250; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 10)), 2+int(seed%5), 1+int(seed%4))
		res := in.solve(t)
		d, err := NewDuals(context.Background(), in.r, in.pol, in.w, planOf(res, len(in.r.Students)))
		if err != nil {
			t.Fatal(err)
		}
		if seed%2 == 0 {
			d.maxBuckets = 0
		}
		pins := in.pinned()
		for i := range in.r.Students {
			if _, ok := pins[i]; ok {
				continue
			}
			cost := d.MoveCosts(i)
			for q := range in.r.Posts {
				if _, ok := in.oracleValue(i, q, false); !ok {
					continue
				}
				best := in.bestAt(i, q)
				c, ok := cost(q)
				if best == math.MinInt64 {
					if ok {
						t.Fatalf("seed %d: student %d at post %d: cost %d, but no plan has it there", seed, i, q, c)
					}
					continue
				}
				if !ok || c != res.Z-best {
					t.Fatalf("seed %d: student %d at post %d: cost %d (ok %v), brute force %d", seed, i, q, c, ok, res.Z-best)
				}
				if c2, ok := d.MoveCostsTo(i, []int{q})(q); !ok || c2 != c {
					t.Fatalf("seed %d: student %d at post %d: MoveCostsTo says %d (ok %v), MoveCosts %d", seed, i, q, c2, ok, c)
				}
				at, _ := d.CostsAt(q, nil, -1)
				if c3, ok := at(i); !ok || c3 != c {
					t.Fatalf("seed %d: student %d at post %d: CostsAt says %d (ok %v), MoveCosts %d", seed, i, q, c3, ok, c)
				}
				// The search that stops once it has reached student i.
				at, _ = d.CostsAt(q, []int{i}, -1)
				if c4, ok := at(i); !ok || c4 != c {
					t.Fatalf("seed %d: student %d at post %d: CostsAt for i alone says %d (ok %v), MoveCosts %d", seed, i, q, c4, ok, c)
				}
				checked++
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d move costs checked", checked)
	}
}

// Re-solving with the student's value raised by threshold + 1 places it
// (the optimum grows), raised by threshold − 1 does not (the optimum is
// the same): checked with gonum's LP on larger instances.
func TestThresholdByResolvingWithLP(t *testing.T) {
	t.Parallel()
	checked := 0
	seeds := lpseeds.Of(120)
	for _, seed := range seeds {
		rnd := rand.New(rand.NewPCG(seed, 11))
		in := randomInstance(rnd, 8+rnd.IntN(20), 2+rnd.IntN(6))
		res := in.solve(t)
		d, err := NewDuals(context.Background(), in.r, in.pol, in.w, planOf(res, len(in.r.Students)))
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range res.Unassigned {
			th, _, ok := d.Threshold(u.Student)
			if !ok {
				continue
			}
			raised := func(delta int64) int64 {
				return in.lpOptimumWith(t, func(i, q int) int64 {
					if i == u.Student {
						return delta
					}
					return 0
				})
			}
			if z := raised(th + 1); z <= res.Z {
				t.Fatalf("seed %d: student %d, threshold %d: raised by %d the optimum is %d, not above %d", seed, u.Student, th, th+1, z, res.Z)
			}
			if z := raised(th - 1); z != res.Z {
				t.Fatalf("seed %d: student %d, threshold %d: raised by %d the optimum is %d, not %d", seed, u.Student, th, th-1, z, res.Z)
			}
			// And with our own solver, raising it through Settings.Boost.
			for _, delta := range []int64{th + 1, th - 1} {
				again, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{Boost: map[int]int64{u.Student: delta}})
				if err != nil {
					t.Fatal(err)
				}
				if placed(again, u.Student) != (delta > th) {
					t.Fatalf("seed %d: student %d, threshold %d: boosted by %d, placed %v", seed, u.Student, th, delta, placed(again, u.Student))
				}
				in.checkPlan(t, again, fmt.Sprintf("seed %d boosted", seed))
				zb := again.Z
				if placed(again, u.Student) {
					zb += delta
				}
				if want := raised(delta); zb != want {
					t.Fatalf("seed %d: boosted by %d the plan is worth %d with the boost, LP %d", seed, delta, zb, want)
				}
			}
			checked++
			break
		}
	}
	if checked < len(seeds)/4 {
		t.Errorf("only %d thresholds re-solved in %d cities", checked, len(seeds))
	}
}

// placed reports whether student i is placed in res.
func placed(res *Result, i int) bool {
	for _, a := range res.Assignments {
		if a.Student == i {
			return true
		}
	}
	return false
}

// On a generated city, re-solving with an unplaced student's value raised
// by its threshold + 1 places it, and by its threshold − 1 does not.
func TestThresholdByResolvingAGeneratedCity(t *testing.T) {
	t.Parallel()
	c, err := gen.Generate(gen.Options{Students: 2000, Enterprises: 60, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	res, err := Solve(ctx, c.Roster, c.Policy, c.Weights, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDuals(ctx, c.Roster, c.Policy, c.Weights, planOf(res, len(c.Roster.Students)))
	if err != nil {
		t.Fatal(err)
	}
	checked := map[bool]int{}
	for k := 0; k < len(res.Unassigned) && checked[true]+checked[false] < 8; k += 7 {
		u := res.Unassigned[k].Student
		th, _, ok := d.Threshold(u)
		if !ok {
			continue
		}
		for _, delta := range []int64{th + 1, th - 1} {
			again, err := Solve(ctx, c.Roster, c.Policy, c.Weights, Settings{Boost: map[int]int64{u: delta}})
			if err != nil {
				t.Fatal(err)
			}
			if placed(again, u) != (delta > th) {
				t.Fatalf("student %s, threshold %d: raised by %d, placed %v", c.Roster.Students[u].ID, th, delta, placed(again, u))
			}
		}
		checked[th == 0]++
	}
	if checked[false] == 0 {
		t.Errorf("thresholds checked %v: none positive", checked)
	}
}

// postInScan is the definition of postIn, by a scan of the whole plan per
// kind: a post of kind k with room left (the kind's first), else the post
// of the unpinned holder studentLess puts last.
func postInScan(d *Duals, k int) int {
	nw := d.nw
	r := nw.ix.r
	for _, q := range nw.kinds[k].posts {
		used := 0
		for _, p := range d.post {
			if p == q {
				used++
			}
		}
		if used < r.Posts[q].Capacity {
			return int(q)
		}
	}
	less := studentLess(r)
	worst, wq := int32(-1), -1
	for i, q := range d.post {
		if q >= 0 && nw.kindOf[q] == int32(k) && nw.pinPost[i] < 0 && (worst < 0 || less(int32(i), worst) > 0) {
			worst, wq = int32(i), int(q)
		}
	}
	return wq
}

// The post a threshold names, found for all kinds at once, is the one the
// definition gives kind by kind: on small random instances (full and
// partly full kinds, pins) and on a generated city.
func TestPostInMatchesScan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	check := func(label string, d *Duals) (full, room int) {
		for k := range d.nw.kinds {
			got, want := d.postIn(k), postInScan(d, k)
			if got != want {
				t.Fatalf("%s: kind %d: postIn %d, scan %d", label, k, got, want)
			}
			if want >= 0 && d.nw.kinds[k].posts[0] != int32(want) {
				full++
			} else {
				room++
			}
		}
		return full, room
	}
	var full, room int
	for seed := uint64(1); seed <= 200; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 21)), 2+int(seed%7), 1+int(seed%4))
		res := in.solve(t)
		d, err := NewDuals(ctx, in.r, in.pol, in.w, planOf(res, len(in.r.Students)))
		if err != nil {
			t.Fatal(err)
		}
		f, r := check(fmt.Sprintf("seed %d", seed), d)
		full, room = full+f, room+r
	}
	c, res := solvedCity(t, 5)
	d, err := NewDuals(ctx, c.Roster, c.Policy, c.Weights, planOf(res, len(c.Roster.Students)))
	if err != nil {
		t.Fatal(err)
	}
	f, r := check("generated city", d)
	if full+f == 0 || room+r == 0 {
		t.Errorf("kinds checked: %d answered by a holder, %d by a post with room; want both", full+f, room+r)
	}
}

// DualsOf, which takes the network Solve kept, answers as NewDuals, which
// builds its own: the same potentials, distances and thresholds, on random
// instances and a generated city; a second call, or one with other
// weights, builds the network again.
func TestDualsOfMatchesNewDuals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	same := func(label string, a, b *Duals) {
		t.Helper()
		if !slices.Equal(a.pot, b.pot) || !slices.Equal(a.toSink, b.toSink) || !slices.Equal(a.next, b.next) || !slices.Equal(a.flow, b.flow) {
			t.Fatalf("%s: DualsOf and NewDuals differ", label)
		}
		for i := range a.post {
			ta, qa, oka := a.Threshold(i)
			tb, qb, okb := b.Threshold(i)
			if ta != tb || qa != qb || oka != okb {
				t.Fatalf("%s: student %d: threshold %d at %d (%v) against %d at %d (%v)", label, i, ta, qa, oka, tb, qb, okb)
			}
		}
	}
	taken := 0
	for seed := uint64(1); seed <= 100; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 23)), 2+int(seed%7), 1+int(seed%4))
		label := fmt.Sprintf("seed %d", seed)
		res := in.solve(t)
		kept := res.net
		want, err := NewDuals(ctx, in.r, in.pol, in.w, planOf(res, len(in.r.Students)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := DualsOf(ctx, in.r, in.pol, in.w, res)
		if err != nil {
			t.Fatal(err)
		}
		if kept == nil || got.nw != kept || res.net != nil {
			t.Fatalf("%s: DualsOf did not take the kept network", label)
		}
		taken++
		same(label, got, want)
		again, err := DualsOf(ctx, in.r, in.pol, in.w, res)
		if err != nil {
			t.Fatal(err)
		}
		if again.nw == kept {
			t.Fatalf("%s: a second DualsOf shares the network", label)
		}
		same(label+", again", again, want)
		// Other weights: the kept network is not theirs.
		res2 := in.solve(t)
		w2 := in.w
		w2.Placement++
		d2, err := DualsOf(ctx, in.r, in.pol, w2, res2)
		if err == nil && d2.nw == res2.net {
			t.Fatalf("%s: DualsOf used a network built with other weights", label)
		}
		if res2.net == nil {
			t.Fatalf("%s: DualsOf took a network it did not use", label)
		}
	}
	c, res := solvedCity(t, 6)
	want, err := NewDuals(ctx, c.Roster, c.Policy, c.Weights, planOf(res, len(c.Roster.Students)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := DualsOf(ctx, c.Roster, c.Policy, c.Weights, res)
	if err != nil {
		t.Fatal(err)
	}
	same("generated city", got, want)
	// A re-plan (Keep) or a boosted solve keeps no network.
	b, err := Solve(ctx, c.Roster, c.Policy, c.Weights, Settings{Boost: map[int]int64{0: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if b.net != nil {
		t.Error("a boosted solve kept its network")
	}
}
