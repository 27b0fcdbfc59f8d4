package explain_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"placement/explain"
	"placement/model"
	"placement/plan"
	"placement/scenarios"
	"placement/solver/assign"
)

// demo is the demo's stage 1, solved once; demoDir its plan directory.
var (
	demoDir string
	demo    = sync.OnceValues(func() (*scenarios.Scenario, *assign.Result) {
		ctx := context.Background()
		sc, ps := plan.Load(ctx, plan.Source{Set: []string{"data.bases=", "data.cohorts=", "data.mentors="}})
		if ps.Err() != nil {
			panic(ps.Err())
		}
		res, err := plan.Solve(ctx, sc, plan.Settings{})
		if err != nil {
			panic(err)
		}
		if demoDir, err = os.MkdirTemp("", "explain-demo-"); err != nil {
			panic(err)
		}
		if err := plan.Write(ctx, demoDir, res, plan.WriteOptions{}); err != nil {
			panic(err)
		}
		return sc, res.Assign
	})
)

func demoPlan(t *testing.T) (*scenarios.Scenario, *assign.Result, *explain.Plan) {
	t.Helper()
	sc, res := demo()
	p, err := explain.FromResult(context.Background(), sc, res)
	if err != nil {
		t.Fatal(err)
	}
	if p.NoPrices != "" {
		t.Fatalf("the optimal demo plan has no prices: %s", p.NoPrices)
	}
	return sc, res, p
}

// The JSON answer for a student has the documented fields, and its terms
// add up to the value of assignments.csv.
func TestStudentAnswerHasTheDocumentedFields(t *testing.T) {
	t.Parallel()
	sc, res, p := demoPlan(t)
	a := res.Assignments[len(res.Assignments)/2]
	ans, err := p.Student(sc.Roster.Students[a.Student].ID)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(ans)
	var m map[string]any
	json.Unmarshal(data, &m)
	for _, k := range []string{"student_id", "status", "post_id", "reason", "terms", "eligible"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in %s", k, data)
		}
	}
	if _, ok := m["threshold"]; ok {
		t.Errorf("an assigned student has a threshold: %s", data)
	}
	el := m["eligible"].([]any)[0].(map[string]any)
	for _, k := range []string{"post_id", "enterprise_id", "value", "full", "held_by_lower"} {
		if _, ok := el[k]; !ok {
			t.Errorf("no %q in an eligible post: %v", k, el)
		}
	}
	tm := ans.Terms
	if ans.Status != "assigned" || ans.PostID != sc.Roster.Posts[a.Post].ID ||
		tm.Value != a.Value || tm.Placement+tm.Award+tm.Specialty+tm.Preference+tm.Km+tm.Order != a.Value {
		t.Errorf("answer %+v terms %+v for assignment %+v", ans, tm, a)
	}
	own := slices.IndexFunc(ans.Eligible, func(e explain.Eligible) bool { return e.PostID == ans.PostID })
	if own < 0 || ans.Eligible[own].Why != "assigned here" {
		t.Errorf("the student's own post is not among its eligible posts")
	}
	for _, e := range ans.Eligible {
		if e.PostID != ans.PostID && (e.CostToPlan == nil || *e.CostToPlan < 0) {
			t.Errorf("post %s: cost to plan %v; an optimal plan loses ≥ 0 by any move", e.PostID, e.CostToPlan)
		}
	}
}

// Every unplaced student gets a threshold ≥ 0 and a post it is eligible
// for; the reason is unassigned.csv's.
func TestUnplacedStudentsGetAThreshold(t *testing.T) {
	t.Parallel()
	sc, res, p := demoPlan(t)
	seen := 0
	for k := 0; k < len(res.Unassigned); k += 37 {
		u := res.Unassigned[k]
		ans, err := p.Student(sc.Roster.Students[u.Student].ID)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Status != "unassigned" || ans.Reason != string(u.Reason) {
			t.Errorf("%s: status %s reason %s, want unassigned %s", ans.StudentID, ans.Status, ans.Reason, u.Reason)
		}
		if u.Reason == assign.ReasonNoEligiblePost {
			if ans.Threshold != nil || len(ans.Eligible) != 0 {
				t.Errorf("%s: no eligible post but threshold %v, %d eligible", ans.StudentID, ans.Threshold, len(ans.Eligible))
			}
			continue
		}
		if ans.Threshold == nil || *ans.Threshold < 0 ||
			!slices.ContainsFunc(ans.Eligible, func(e explain.Eligible) bool { return e.PostID == ans.ThresholdPostID }) {
			t.Errorf("%s: threshold %v at %q, not among its eligible posts", ans.StudentID, ans.Threshold, ans.ThresholdPostID)
		}
		seen++
	}
	if seen == 0 {
		t.Fatal("no unplaced student checked")
	}
}

func TestEnterpriseAndPostAnswersAgreeWithThePlan(t *testing.T) {
	t.Parallel()
	sc, res, p := demoPlan(t)
	for _, eo := range res.Enterprises {
		if eo.Shortfall == 0 && eo.Enterprise%9 != 0 {
			continue
		}
		ans, err := p.Enterprise(sc.Roster.Enterprises[eo.Enterprise].ID)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Quota != eo.Quota || ans.Filled != eo.Filled || ans.Shortfall != eo.Shortfall || ans.Offered != eo.Offered {
			t.Errorf("enterprise answer %+v, enterprises.csv row %+v", ans, eo)
		}
		if ans.Shortfall > 0 && ans.Why == "" {
			t.Errorf("%s: a shortfall without a why", ans.EnterpriseID)
		}
	}
	a := res.Assignments[0]
	ans, err := p.Post(sc.Roster.Posts[a.Post].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(ans.Holders, func(h explain.Holder) bool { return h.StudentID == sc.Roster.Students[a.Student].ID }) {
		t.Errorf("post %s: holders %v lack %s", ans.PostID, ans.Holders, sc.Roster.Students[a.Student].ID)
	}
	if len(ans.Wanted) > explain.MaxWanted {
		t.Errorf("%d wanted", len(ans.Wanted))
	}
}

func TestUnknownIDs(t *testing.T) {
	t.Parallel()
	_, _, p := demoPlan(t)
	if _, err := p.Student("nobody"); !errors.Is(err, explain.ErrUnknown) {
		t.Errorf("student: %v", err)
	}
	if _, err := p.Enterprise("nobody"); !errors.Is(err, explain.ErrUnknown) {
		t.Errorf("enterprise: %v", err)
	}
	if _, err := p.Post("nobody"); !errors.Is(err, explain.ErrUnknown) {
		t.Errorf("post: %v", err)
	}
}

// A plan that is not optimal (a placed student taken out) is answered
// without prices, and says so.
func TestAPlanThatIsNotOptimalHasNoPrices(t *testing.T) {
	t.Parallel()
	sc, res := demo()
	post := make([]int, len(sc.Roster.Students))
	for i := range post {
		post[i] = -1
	}
	for _, a := range res.Assignments {
		post[a.Student] = a.Post
	}
	out := res.Assignments[len(res.Assignments)/3]
	post[out.Student] = -1
	p, err := explain.New(context.Background(), sc, post, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.NoPrices, "not optimal") {
		t.Fatalf("NoPrices %q", p.NoPrices)
	}
	ans, err := p.Student(sc.Roster.Students[out.Student].ID)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Threshold != nil || ans.NoPrices == "" {
		t.Errorf("threshold %v, no_prices %q", ans.Threshold, ans.NoPrices)
	}
}

// The fairness audit equals a brute-force recount over every (A, P, B).
func TestFairnessMatchesABruteForceRecount(t *testing.T) {
	t.Parallel()
	sc, res, p := demoPlan(t)
	r := sc.Roster
	au := p.Fairness(0)
	got := au.Rows
	post := make([]int, len(r.Students))
	for i := range post {
		post[i] = -1
	}
	holders := make([][]int, len(r.Posts))
	for _, a := range res.Assignments {
		post[a.Student] = a.Post
		holders[a.Post] = append(holders[a.Post], a.Student)
	}
	rank := func(i int, ent string) int { // unlisted len+1, unplaced len+2
		s := &r.Students[i]
		if ent == "" {
			return len(s.Preferences) + 2
		}
		for k, e := range s.Preferences {
			if e == ent {
				return k + 1
			}
		}
		return len(s.Preferences) + 1
	}
	var want []string
	for a := range r.Students {
		ownEnt := ""
		if post[a] >= 0 {
			ownEnt = r.Posts[post[a]].EnterpriseID
		}
		for q := range r.Posts {
			if q == post[a] || !eligible(r, sc.Config.Policy, a, q) || rank(a, r.Posts[q].EnterpriseID) >= rank(a, ownEnt) {
				continue
			}
			for _, b := range holders[q] {
				sa, sb := r.Students[a], r.Students[b]
				if sa.Award > sb.Award || (sa.Award == sb.Award && sa.Score > sb.Score) {
					want = append(want, sa.ID+" "+r.Posts[q].ID+" "+sb.ID)
				}
			}
		}
	}
	slices.Sort(want)
	var have []string
	for _, e := range got {
		have = append(have, r.Students[e.Student].ID+" "+r.Posts[e.Post].ID+" "+r.Students[e.Holder].ID)
		pinnedA := slices.ContainsFunc(r.Pins, func(pin model.Pin) bool { return pin.StudentID == r.Students[e.Student].ID })
		if e.HasCost == pinnedA || e.Cost < 0 {
			t.Fatalf("envy %+v: cost %d (has %v); an optimal plan loses ≥ 0 by any move", e, e.Cost, e.HasCost)
		}
	}
	if len(want) == 0 {
		t.Fatal("the demo has no justified envy: the recount checks nothing")
	}
	if au.Cases != len(want) || len(got) != len(want) {
		t.Errorf("audit counts %d cases, lists %d; recount %d", au.Cases, len(got), len(want))
	}
	capped := p.Fairness(10)
	if capped.Cases != au.Cases || capped.Students != au.Students || len(capped.Rows) != 10 ||
		!slices.EqualFunc(capped.Rows, au.Rows[:10], func(a, b explain.Envy) bool { return a == b }) {
		t.Errorf("capped at 10: %d cases, %d rows; want the first 10 of %d", capped.Cases, len(capped.Rows), au.Cases)
	}
	if !slices.Equal(have, want) {
		t.Fatalf("audit has %d cases, recount %d; first audit %v, first recount %v", len(have), len(want), have[:min(3, len(have))], want[:3])
	}
}

func eligible(r *model.Roster, pol model.Policy, i, q int) bool {
	m, _, _ := assign.Eligible(r, pol, i, q)
	return m != model.MatchNone
}

// A cache prepares a plan directory once and answers as Load would.
func TestCacheAnswersLikeAFreshPlan(t *testing.T) {
	t.Parallel()
	sc, res, fresh := demoPlan(t)
	c := explain.NewCache(1)
	ctx := context.Background()
	p1, err := c.Plan(ctx, sc, demoDir)
	if err != nil {
		t.Fatal(err)
	}
	p2, _ := c.Plan(ctx, sc, demoDir)
	if p1 != p2 {
		t.Error("the same directory was prepared twice")
	}
	id := sc.Roster.Students[res.Unassigned[0].Student].ID
	a, err := c.Student(ctx, sc, demoDir, id)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := fresh.Student(id)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("cached answer differs from the result's:\n%s\n%s", ja, jb)
	}
	if _, err := c.Plan(ctx, sc, t.TempDir()); err == nil {
		t.Error("a directory without assignments.csv was prepared")
	}
}

// explain's threshold, re-solved on the demo: raised by threshold + 1 the
// student is placed, by threshold − 1 not.
func TestThresholdsReSolvedOnTheDemo(t *testing.T) {
	t.Parallel()
	sc, res, p := demoPlan(t)
	checked := 0
	for k := 3; k < len(res.Unassigned) && checked < 3; k += 97 {
		u := res.Unassigned[k].Student
		ans, err := p.Student(sc.Roster.Students[u].ID)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Threshold == nil {
			continue
		}
		th := *ans.Threshold
		for _, delta := range []int64{th + 1, th - 1} {
			again, err := assign.Solve(context.Background(), sc.Roster, sc.Config.Policy, sc.Config.Weights,
				assign.Settings{Boost: map[int]int64{u: delta}})
			if err != nil {
				t.Fatal(err)
			}
			in := slices.ContainsFunc(again.Assignments, func(a assign.Assignment) bool { return a.Student == u })
			if in != (delta > th) {
				t.Errorf("%s, threshold %d: raised by %d, placed %v", ans.StudentID, th, delta, in)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no threshold checked")
	}
}
