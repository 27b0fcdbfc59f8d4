package assign

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"placement/model"
	"placement/solver/internal/lpseeds"
)

// edit changes a solved instance the way a semester does: a student leaves,
// a new one arrives, an enterprise withdraws a post, a capacity is cut, an
// officer adds a pin, a weight moves. It returns what it did, for labels.
func (in *instance) edit(rnd *rand.Rand) string {
	r := in.r
	var did []string
	for n := 1 + rnd.IntN(3); n > 0; n-- {
		switch rnd.IntN(6) {
		case 0: // a student leaves
			if len(r.Students) > 1 {
				i := rnd.IntN(len(r.Students))
				id := r.Students[i].ID
				r.Students = slices.Delete(r.Students, i, i+1)
				r.Pins = slices.DeleteFunc(r.Pins, func(p model.Pin) bool { return p.StudentID == id })
				did = append(did, "left "+id)
			}
		case 1: // a new student, like an existing one
			s := r.Students[rnd.IntN(len(r.Students))]
			s.ID = fmt.Sprintf("N%02d", len(r.Students))
			s.Score = float64(rnd.IntN(5) * 10)
			s.District = r.Districts[rnd.IntN(len(r.Districts))].ID
			r.Students = append(r.Students, s)
			did = append(did, "new "+s.ID)
		case 2: // a post withdrawn
			if len(r.Posts) > 1 {
				q := rnd.IntN(len(r.Posts))
				id := r.Posts[q].ID
				r.Posts = slices.Delete(r.Posts, q, q+1)
				r.Pins = slices.DeleteFunc(r.Pins, func(p model.Pin) bool { return p.PostID == id })
				did = append(did, "removed "+id)
			}
		case 3: // a capacity cut
			q := rnd.IntN(len(r.Posts))
			if r.Posts[q].Capacity > 1 {
				r.Posts[q].Capacity--
				did = append(did, "cut "+r.Posts[q].ID)
			}
		case 4: // a new pin
			i, q := rnd.IntN(len(r.Students)), rnd.IntN(len(r.Posts))
			if !slices.ContainsFunc(r.Pins, func(p model.Pin) bool {
				return p.StudentID == r.Students[i].ID || p.PostID == r.Posts[q].ID
			}) {
				r.Pins = append(r.Pins, model.Pin{StudentID: r.Students[i].ID, PostID: r.Posts[q].ID})
				did = append(did, "pinned "+r.Students[i].ID)
			}
		case 5: // a weight moves
			in.w.Placement += rnd.IntN(60) - 30
			did = append(did, "weights")
		}
	}
	r.Reindex()
	return fmt.Sprint(did)
}

// clone copies an instance deeply enough for edit.
func (in instance) clone() instance {
	r := *in.r
	r.Students = slices.Clone(r.Students)
	r.Posts = slices.Clone(r.Posts)
	r.Pins = slices.Clone(r.Pins)
	r.Reindex()
	w := in.w
	w.Preference = slices.Clone(w.Preference)
	return instance{&r, in.pol, w}
}

// previousPosts maps a plan of the old roster onto the new one by ids:
// each new student's previous post (index in the new roster), -1 when the
// student or the post is gone or the student was unplaced.
func previousPosts(old *model.Roster, res *Result, cur *model.Roster) []int {
	byID := map[string]string{}
	for _, a := range res.Assignments {
		byID[old.Students[a.Student].ID] = old.Posts[a.Post].ID
	}
	postIx := map[string]int{}
	for q, p := range cur.Posts {
		postIx[p.ID] = q
	}
	prev := make([]int, len(cur.Students))
	for i, s := range cur.Students {
		prev[i] = -1
		if pid, ok := byID[s.ID]; ok {
			if q, ok := postIx[pid]; ok {
				prev[i] = q
			}
		}
	}
	return prev
}

// bruteForceKeep tries every plan and returns the best Z' = Z + bonus ×
// kept, and the lexicographic best (kept, Z), independently of the bonus.
func (in instance) bruteForceKeep(prev []int, bonus int64) (zKeep int64, lexKept int, lexZ int64) {
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
	zKeep, lexKept, lexZ = math.MinInt64, -1, math.MinInt64
	var rec func(i, kept int)
	rec = func(i, kept int) {
		if i == n {
			z := in.zOf(post)
			zKeep = max(zKeep, z+bonus*int64(kept))
			if kept > lexKept || (kept == lexKept && z > lexZ) {
				lexKept, lexZ = kept, z
			}
			return
		}
		k := func(q int) int {
			if prev[i] == q {
				return 1
			}
			return 0
		}
		if q, ok := pins[i]; ok {
			post[i] = q
			rec(i+1, kept+k(q))
			return
		}
		post[i] = -1
		rec(i+1, kept)
		for q := range in.r.Posts {
			if _, ok := in.oracleValue(i, q, false); ok && left[q] > 0 {
				left[q]--
				post[i] = q
				rec(i+1, kept+k(q))
				left[q]++
			}
		}
	}
	rec(0, 0)
	return zKeep, lexKept, lexZ
}

// replanOracle solves an instance, edits it, re-plans with the keep bonus
// and returns everything a check needs.
func replanOracle(t *testing.T, seed uint64, stream uint64, students, posts int, bonus int64) (instance, []int, *Result, string) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(seed, stream))
	in := randomInstance(rnd, students, posts)
	old, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	cur := in.clone()
	label := fmt.Sprintf("seed %d, edits %s", seed, cur.edit(rnd))
	prev := previousPosts(in.r, old, cur.r)
	res, err := Solve(context.Background(), cur.r, cur.pol, cur.w, Settings{Keep: &Keep{Post: prev, Bonus: bonus}})
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	cur.checkPlan(t, res, label)
	kept := 0
	for _, a := range res.Assignments {
		if prev[a.Student] == a.Post {
			kept++
		}
		if a.Kept != (prev[a.Student] == a.Post) {
			t.Fatalf("%s: student %d Kept=%v, previous post %d, now %d", label, a.Student, a.Kept, prev[a.Student], a.Post)
		}
	}
	if kept != res.Kept || res.ZKeep != res.Z+res.KeepBonus*int64(kept) {
		t.Fatalf("%s: Kept %d (counted %d), Z' %d ≠ Z %d + %d × kept", label, res.Kept, kept, res.ZKeep, res.Z, res.KeepBonus)
	}
	return cur, prev, res, label
}

func TestReplanMatchesBruteForce(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 300; seed++ {
		// Odd seeds: the default bonus, checked lexicographically; even
		// seeds: a small bonus that trades stability against value.
		var bonus int64
		if seed%2 == 0 {
			bonus = int64(seed % 90)
			if bonus == 0 {
				bonus = 1
			}
		}
		cur, prev, res, label := replanOracle(t, seed, 3, 1+int(seed%6), 1+int(seed%4), bonus)
		zKeep, lexKept, lexZ := cur.bruteForceKeep(prev, res.KeepBonus)
		if res.ZKeep != zKeep {
			t.Fatalf("%s: Z' = %d, brute force finds %d", label, res.ZKeep, zKeep)
		}
		if bonus == 0 && (res.Kept != lexKept || res.Z != lexZ) {
			t.Fatalf("%s: default bonus keeps %d with Z %d; most keepable %d, best Z among those %d", label, res.Kept, res.Z, lexKept, lexZ)
		}
	}
}

func TestReplanMatchesLP(t *testing.T) {
	t.Parallel()
	for _, seed := range lpseeds.Of(200) {
		rnd := rand.New(rand.NewPCG(seed, 4))
		var bonus int64
		if seed%3 == 0 {
			bonus = int64(1 + rnd.IntN(200))
		}
		cur, prev, res, label := replanOracle(t, seed, 5, 5+rnd.IntN(25), 2+rnd.IntN(10), bonus)
		if want := cur.lpOptimumKeep(t, prev, res.KeepBonus); res.ZKeep != want {
			t.Fatalf("%s: Z' = %d, LP optimum %d", label, res.ZKeep, want)
		}
	}
}

// An unchanged roster keeps every placement, and the plan is the same.
func TestReplanUnchangedKeepsEverything(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 100; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 6)), 3+int(seed%20), 2+int(seed%7))
		old := in.solve(t)
		prev := previousPosts(in.r, old, in.r)
		res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{Keep: &Keep{Post: prev}})
		if err != nil {
			t.Fatal(err)
		}
		if res.Kept != len(old.Assignments) || res.Z != old.Z {
			t.Fatalf("seed %d: kept %d of %d, Z %d → %d", seed, res.Kept, len(old.Assignments), old.Z, res.Z)
		}
		for k, a := range res.Assignments {
			b := old.Assignments[k]
			a.Kept = false
			if a != b {
				t.Fatalf("seed %d: %+v became %+v", seed, b, a)
			}
		}
	}
}

func TestKeepRejectsBadInput(t *testing.T) {
	t.Parallel()
	in := randomInstance(rand.New(rand.NewPCG(1, 7)), 4, 3)
	for _, k := range []*Keep{
		{Post: []int{0}},
		{Post: []int{-1, -1, -1, -1}, Bonus: -1},
		{Post: []int{99, -1, -1, -1}},
	} {
		if _, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{Keep: k}); err == nil {
			t.Errorf("keep %+v accepted", k)
		}
	}
}
