package assign

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"placement/model"
	"placement/solver/internal/lpseeds"
)

// instance is a random stage-1 problem for the oracle tests.
type instance struct {
	r   *model.Roster
	pol model.Policy
	w   model.Weights
}

// randomInstance draws a small city with every stage-1 feature somewhere:
// related specialties, posts refusing related students, minimum levels, a
// commute limit, awards, preferences, order classes in both modes, pins
// (eligible or not), binding quotas, and weights that can make a
// placement worth less than nothing.
func randomInstance(rnd *rand.Rand, students, posts int) instance {
	r := &model.Roster{}
	nd := 2 + rnd.IntN(3)
	for d := 0; d < nd; d++ {
		r.Districts = append(r.Districts, model.District{ID: fmt.Sprintf("D%d", d)})
	}
	for a := 0; a < nd; a++ {
		for b := a + 1; b < nd; b++ {
			r.Distances = append(r.Distances, model.Distance{From: r.Districts[a].ID, To: r.Districts[b].ID, Km: rnd.IntN(60)})
		}
	}
	ns := 2 + rnd.IntN(4)
	for s := 0; s < ns; s++ {
		r.Specialties = append(r.Specialties, model.Specialty{Code: fmt.Sprintf("sp%d", s), Group: fmt.Sprintf("g%d", s%2)})
	}
	r.Schools = []model.School{{ID: "SC", Kind: model.VocationalSchool}}
	ne := 1 + rnd.IntN(4)
	for e := 0; e < ne; e++ {
		r.Enterprises = append(r.Enterprises, model.Enterprise{
			ID: fmt.Sprintf("E%d", e), Employees: rnd.IntN(300), AboveScale: rnd.IntN(3) > 0,
			District: r.Districts[rnd.IntN(nd)].ID,
		})
	}
	for q := 0; q < posts; q++ {
		p := model.Post{
			ID: fmt.Sprintf("P%d", q), EnterpriseID: r.Enterprises[rnd.IntN(ne)].ID,
			Specialty: r.Specialties[rnd.IntN(ns)].Code, Capacity: 1 + rnd.IntN(3),
			AcceptsRelated: rnd.IntN(4) > 0,
		}
		if rnd.IntN(3) == 0 {
			p.MinLevel = model.Level(1 + rnd.IntN(3))
		}
		r.Posts = append(r.Posts, p)
	}
	for i := 0; i < students; i++ {
		s := model.Student{
			ID: fmt.Sprintf("S%02d", i), SchoolID: "SC",
			Specialty: r.Specialties[rnd.IntN(ns)].Code, Level: model.Level(1 + rnd.IntN(3)),
			District: r.Districts[rnd.IntN(nd)].ID, Award: model.Award(rnd.IntN(model.NumAwards)),
			Score: float64(rnd.IntN(5) * 10),
		}
		if rnd.IntN(5) == 0 {
			s.OrderEnterpriseID = r.Enterprises[rnd.IntN(ne)].ID
		}
		if rnd.IntN(2) == 0 {
			for _, e := range rnd.Perm(ne)[:1+rnd.IntN(ne)] {
				s.Preferences = append(s.Preferences, r.Enterprises[e].ID)
			}
		}
		// Clones: identical students make kinds with supply > 1.
		if i > 0 && rnd.IntN(3) == 0 {
			c := r.Students[rnd.IntN(i)]
			c.ID, c.Score = s.ID, s.Score
			s = c
		}
		r.Students = append(r.Students, s)
	}
	if students > 0 && rnd.IntN(3) == 0 {
		i, q := rnd.IntN(students), rnd.IntN(posts)
		r.Pins = append(r.Pins, model.Pin{StudentID: r.Students[i].ID, PostID: r.Posts[q].ID})
	}
	pol := model.DefaultPolicy()
	pol.QuotaBasisPoints = []int{0, 200, 1000, 5000}[rnd.IntN(4)]
	pol.MaxCommuteKm = []int{0, 0, 30}[rnd.IntN(3)]
	pol.OrderClass = []model.OrderClass{model.OrderStrict, model.OrderPrefer}[rnd.IntN(2)]
	w := model.DefaultWeights()
	w.Placement = rnd.IntN(250)
	w.ExactSpecialty = rnd.IntN(120)
	w.RelatedSpecialty = rnd.IntN(80)
	w.Preference = []int{rnd.IntN(40), rnd.IntN(30)}[:rnd.IntN(3)]
	w.PerKm = rnd.IntN(6)
	w.Award = [model.NumAwards]int{0, rnd.IntN(100), rnd.IntN(200), rnd.IntN(300)}
	w.QuotaBonus = rnd.IntN(300)
	w.OrderPrefer = rnd.IntN(200)
	return instance{r, pol, w}
}

// Everything below re-derives the SPEC from its text, sharing no code with
// the solver.

// solve solves the instance's stage 1 with the default settings.
func (in instance) solve(t testing.TB) *Result {
	t.Helper()
	res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func (in instance) km(a, b string) int {
	if a == b {
		for _, d := range in.r.Distances {
			if d.From == a && d.To == a {
				return d.Km
			}
		}
		return 0
	}
	for _, d := range in.r.Distances {
		if (d.From == a && d.To == b) || (d.From == b && d.To == a) {
			return d.Km
		}
	}
	panic("no distance " + a + "-" + b)
}

func (in instance) group(spec string) string {
	for _, s := range in.r.Specialties {
		if s.Code == spec {
			return s.Group
		}
	}
	panic(spec)
}

func (in instance) enterprise(id string) *model.Enterprise {
	for e := range in.r.Enterprises {
		if in.r.Enterprises[e].ID == id {
			return &in.r.Enterprises[e]
		}
	}
	panic(id)
}

// oracleValue is v(i,p) when eligible (ok) and, with pinned, the value a
// pin takes (specialty points 0 when not eligible).
func (in instance) oracleValue(i, q int, pinned bool) (v int64, ok bool) {
	s, p := &in.r.Students[i], &in.r.Posts[q]
	e := in.enterprise(p.EnterpriseID)
	exact := s.Specialty == p.Specialty
	related := !exact && p.AcceptsRelated && in.group(s.Specialty) == in.group(p.Specialty)
	km := in.km(s.District, e.District)
	ok = (exact || related) &&
		(p.MinLevel == model.LevelNone || s.Level >= p.MinLevel) &&
		(in.pol.MaxCommuteKm == 0 || km <= in.pol.MaxCommuteKm) &&
		!(in.pol.OrderClass == model.OrderStrict && s.OrderEnterpriseID != "" && s.OrderEnterpriseID != e.ID)
	if !ok && !pinned {
		return 0, false
	}
	v = int64(in.w.Placement + in.w.Award[s.Award] - in.w.PerKm*km)
	if ok && exact {
		v += int64(in.w.ExactSpecialty)
	}
	if ok && related {
		v += int64(in.w.RelatedSpecialty)
	}
	for r, pe := range s.Preferences {
		if pe == e.ID && r < len(in.w.Preference) {
			v += int64(in.w.Preference[r])
		}
	}
	if in.pol.OrderClass == model.OrderPrefer && s.OrderEnterpriseID == e.ID {
		v += int64(in.w.OrderPrefer)
	}
	return v, ok
}

func (in instance) quota(e *model.Enterprise) int {
	if !e.AboveScale {
		return 0
	}
	return int(math.Ceil(float64(e.Employees) * float64(in.pol.QuotaBasisPoints) / 10000))
}

// zOf prices a complete plan (post of each student, -1 = none) by the SPEC.
func (in instance) zOf(post []int) int64 {
	var z int64
	filled := map[string]int{}
	for i, q := range post {
		if q < 0 {
			continue
		}
		v, _ := in.oracleValue(i, q, true)
		z += v
		filled[in.r.Posts[q].EnterpriseID]++
	}
	for e := range in.r.Enterprises {
		en := &in.r.Enterprises[e]
		z += int64(in.w.QuotaBonus) * int64(min(filled[en.ID], in.quota(en)))
	}
	return z
}

func (in instance) pinned() map[int]int {
	pins := map[int]int{}
	for _, pin := range in.r.Pins {
		for i, s := range in.r.Students {
			if s.ID == pin.StudentID {
				for q, p := range in.r.Posts {
					if p.ID == pin.PostID {
						pins[i] = q
					}
				}
			}
		}
	}
	return pins
}

// bruteForce tries every plan.
func (in instance) bruteForce() int64 { return in.bestPlan(func(int, int) bool { return true }) }

// bestPlan is the brute-force optimum over every plan whose unpinned
// students each take a place allowed by allow(i, q) — q a post, or -1 for
// none — among the posts they are eligible for and that have room.
func (in instance) bestPlan(allow func(i, q int) bool) int64 {
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
		if allow(i, -1) {
			post[i] = -1
			rec(i + 1)
		}
		for q := range in.r.Posts {
			if !allow(i, q) {
				continue
			}
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

// lpOptimum solves the uncompressed formulation with gonum's LP simplex:
// x(i,p) per eligible unpinned pair, y(e) ≤ quota left, y(e) ≤ Σ x at e.
// The matrix is a network matrix, so the LP optimum is integral and equals
// the integer optimum.
func (in instance) lpOptimum(t *testing.T) int64 {
	t.Helper()
	return in.lpOptimumKeep(t, nil, 0)
}

// lpOptimumKeep is lpOptimum with a re-plan's keep bonus: a pair (i, q)
// with q = prev[i] is worth bonus more (prev nil: no bonus).
func (in instance) lpOptimumKeep(t *testing.T, prev []int, bonus int64) int64 {
	t.Helper()
	return in.lpOptimumWith(t, func(i, q int) int64 {
		if prev != nil && prev[i] == q {
			return bonus
		}
		return 0
	})
}

// lpOptimumWith is lpOptimum with kept(i, q) added to each pair's value.
func (in instance) lpOptimumWith(t *testing.T, kept func(i, q int) int64) int64 {
	t.Helper()
	pins := in.pinned()
	left := make([]int, len(in.r.Posts))
	for q, p := range in.r.Posts {
		left[q] = p.Capacity
	}
	pinsAt := map[string]int{}
	var constant int64
	for i, q := range pins {
		left[q]--
		v, _ := in.oracleValue(i, q, true)
		constant += v + kept(i, q)
		pinsAt[in.r.Posts[q].EnterpriseID]++
	}
	type pair struct{ i, q int }
	var pairs []pair
	var vals []float64
	for i := range in.r.Students {
		if _, ok := pins[i]; ok {
			continue
		}
		for q := range in.r.Posts {
			if v, ok := in.oracleValue(i, q, false); ok {
				pairs = append(pairs, pair{i, q})
				vals = append(vals, float64(v+kept(i, q)))
			}
		}
	}
	ne := len(in.r.Enterprises)
	nx := len(pairs)
	nvar := nx + ne
	rows := len(in.r.Students) + len(in.r.Posts) + 2*ne
	cols := nvar + rows // one slack per row
	A := mat.NewDense(rows, cols, nil)
	b := make([]float64, rows)
	c := make([]float64, cols)
	for k, pr := range pairs {
		c[k] = -vals[k]
		A.Set(pr.i, k, 1)
		A.Set(len(in.r.Students)+pr.q, k, 1)
		e := in.enterpriseIndex(in.r.Posts[pr.q].EnterpriseID)
		A.Set(len(in.r.Students)+len(in.r.Posts)+ne+e, k, -1)
	}
	for i := range in.r.Students {
		b[i] = 1
	}
	for q := range in.r.Posts {
		b[len(in.r.Students)+q] = float64(left[q])
	}
	for e := range in.r.Enterprises {
		en := &in.r.Enterprises[e]
		quota := in.quota(en)
		constant += int64(in.w.QuotaBonus) * int64(min(pinsAt[en.ID], quota))
		c[nx+e] = -float64(in.w.QuotaBonus)
		A.Set(len(in.r.Students)+len(in.r.Posts)+e, nx+e, 1)
		b[len(in.r.Students)+len(in.r.Posts)+e] = float64(max(0, quota-pinsAt[en.ID]))
		A.Set(len(in.r.Students)+len(in.r.Posts)+ne+e, nx+e, 1)
	}
	// Every row has its own slack and b ≥ 0, so the slacks are a feasible
	// first basis (x = y = 0): the simplex starts there, without a phase 1.
	slacks := make([]int, rows)
	for row := 0; row < rows; row++ {
		A.Set(row, nvar+row, 1)
		slacks[row] = nvar + row
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-9, slacks)
	if err != nil && !errors.Is(err, lp.ErrZeroColumn) {
		t.Fatalf("lp oracle: %v", err)
	}
	return constant + int64(math.Round(-opt))
}

func (in instance) enterpriseIndex(id string) int {
	for e := range in.r.Enterprises {
		if in.r.Enterprises[e].ID == id {
			return e
		}
	}
	panic(id)
}

// checkPlan verifies a result against the SPEC's rules, independently.
func (in instance) checkPlan(t *testing.T, res *Result, label string) {
	t.Helper()
	post := make([]int, len(in.r.Students))
	for i := range post {
		post[i] = -1
	}
	load := make([]int, len(in.r.Posts))
	pins := in.pinned()
	for _, a := range res.Assignments {
		if post[a.Student] >= 0 {
			t.Fatalf("%s: student %d placed twice", label, a.Student)
		}
		post[a.Student] = a.Post
		load[a.Post]++
		_, isPin := pins[a.Student]
		v, ok := in.oracleValue(a.Student, a.Post, isPin)
		if !isPin && !ok {
			t.Fatalf("%s: student %s placed at ineligible post %s", label, in.r.Students[a.Student].ID, in.r.Posts[a.Post].ID)
		}
		if v != a.Value {
			t.Fatalf("%s: value of %d→%d is %d, SPEC says %d", label, a.Student, a.Post, a.Value, v)
		}
		if isPin != a.Pinned || (a.MatchColumn() == "pinned") != isPin {
			t.Fatalf("%s: pinned %v but assignment says %v (%s)", label, isPin, a.Pinned, a.MatchColumn())
		}
	}
	for i, q := range pins {
		if post[i] != q {
			t.Fatalf("%s: pin of student %d not honoured", label, i)
		}
	}
	for q, p := range in.r.Posts {
		if load[q] > p.Capacity {
			t.Fatalf("%s: post %s over capacity", label, p.ID)
		}
	}
	if z := in.zOf(post); z != res.Z {
		t.Fatalf("%s: result says Z=%d, its plan is worth %d", label, res.Z, z)
	}
	if len(res.Assignments)+len(res.Unassigned) != len(in.r.Students) {
		t.Fatalf("%s: %d assigned + %d unassigned ≠ %d students", label, len(res.Assignments), len(res.Unassigned), len(in.r.Students))
	}
	for _, u := range res.Unassigned {
		var eligible, room bool
		for q := range in.r.Posts {
			if _, ok := in.oracleValue(u.Student, q, false); ok {
				eligible = true
				room = room || load[q] < in.r.Posts[q].Capacity
			}
		}
		s := &in.r.Students[u.Student]
		strict := in.pol.OrderClass == model.OrderStrict && s.OrderEnterpriseID != ""
		var want Reason
		switch {
		case !eligible:
			want = ReasonNoEligiblePost
		case room:
			want = ReasonNotWorthwhile
		case strict:
			want = ReasonOrderSponsorFull
		default:
			want = ReasonCapacity
		}
		if u.Reason != want {
			t.Fatalf("%s: student %s unassigned for %q, want %q", label, s.ID, u.Reason, want)
		}
	}
	for _, eo := range res.Enterprises {
		en := &in.r.Enterprises[eo.Enterprise]
		filled := 0
		offered := 0
		for q, p := range in.r.Posts {
			if p.EnterpriseID == en.ID {
				filled += load[q]
				offered += p.Capacity
			}
		}
		if eo.Filled != filled || eo.Offered != offered || eo.Quota != in.quota(en) {
			t.Fatalf("%s: enterprise %s row %+v; filled %d offered %d quota %d", label, en.ID, eo, filled, offered, in.quota(en))
		}
	}
}

func TestAssignMatchesBruteForce(t *testing.T) {
	t.Parallel()
	reasons := map[Reason]int{}
	for seed := uint64(1); seed <= 400; seed++ {
		in := randomInstance(rand.New(rand.NewPCG(seed, 1)), 1+int(seed%6), 1+int(seed%4))
		label := fmt.Sprintf("seed %d", seed)
		res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if want := in.bruteForce(); res.Z != want {
			t.Fatalf("%s: Z = %d, brute force finds %d", label, res.Z, want)
		}
		in.checkPlan(t, res, label)
		for _, u := range res.Unassigned {
			reasons[u.Reason]++
		}
	}
	for _, r := range []Reason{ReasonNoEligiblePost, ReasonCapacity, ReasonOrderSponsorFull, ReasonNotWorthwhile} {
		if reasons[r] == 0 {
			t.Errorf("no instance produced reason %q: the generator misses a case", r)
		}
	}
}

func TestAssignMatchesLP(t *testing.T) {
	t.Parallel()
	for _, seed := range lpseeds.Of(300) {
		rnd := rand.New(rand.NewPCG(seed, 2))
		in := randomInstance(rnd, 5+rnd.IntN(30), 2+rnd.IntN(10))
		label := fmt.Sprintf("seed %d", seed)
		res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		if want := in.lpOptimum(t); res.Z != want {
			t.Fatalf("%s: Z = %d, LP optimum %d", label, res.Z, want)
		}
		in.checkPlan(t, res, label)
	}
}

// Eligible names the first filter that rejects a pair, and agrees with the
// oracle's own eligibility on every pair of many random instances.
func TestEligibleNamesTheFilterAndAgreesWithTheOracle(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(7, 7))
	seen := map[Filter]int{}
	for n := 0; n < 200; n++ {
		in := randomInstance(rnd, 1+rnd.IntN(6), 1+rnd.IntN(5))
		for i := range in.r.Students {
			for q := range in.r.Posts {
				m, _, why := Eligible(in.r, in.pol, i, q)
				_, ok := in.oracleValue(i, q, false)
				if ok != (m != model.MatchNone) || ok != (why == FilterNone) {
					t.Fatalf("instance %d: student %d post %d: Eligible %v/%q, oracle eligible %v", n, i, q, m, why, ok)
				}
				seen[why]++
			}
		}
	}
	for _, f := range []Filter{FilterNone, FilterLevel, FilterSpecialty, FilterCommute} {
		if seen[f] == 0 {
			t.Errorf("no pair was decided by %q: the generator misses a case", f)
		}
	}
}
