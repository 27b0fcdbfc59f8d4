package assign

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// bestWith is the brute-force optimum over plans that place student s
// (placed true) or leave it out.
func (in instance) bestWith(s int, placed bool) int64 {
	n := len(in.r.Students)
	post := make([]int, n)
	left := make([]int, len(in.r.Posts))
	for q, p := range in.r.Posts {
		left[q] = p.Capacity
	}
	pins := in.pinned()
	for _, q := range pins {
		left[q]--
	}
	best := int64(math.MinInt64)
	var rec func(i int)
	rec = func(i int) {
		if i == n {
			best = max(best, in.zOf(post))
			return
		}
		if q, ok := pins[i]; ok {
			post[i] = q
			rec(i + 1)
			return
		}
		if i != s || !placed {
			post[i] = -1
			rec(i + 1)
		}
		if i == s && !placed {
			return
		}
		for q := range in.r.Posts {
			if _, ok := in.oracleValue(i, q, false); ok && left[q] > 0 {
				left[q]--
				post[i] = q
				rec(i + 1)
				left[q]++
			}
		}
	}
	rec(0)
	return best
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
		res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
		if err != nil {
			t.Fatal(err)
		}
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
		res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
		if err != nil {
			t.Fatal(err)
		}
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
