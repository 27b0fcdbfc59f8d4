package explain_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"placement/explain"
	"placement/plan"
	"placement/scenarios"
	"placement/solver/assign"
)

// demo is the demo's stage 1, solved once.
var demo = sync.OnceValues(func() (*scenarios.Scenario, *assign.Result) {
	ctx := context.Background()
	sc, ps := plan.Load(ctx, plan.Source{Set: []string{"data.bases=", "data.cohorts=", "data.mentors="}})
	if ps.Err() != nil {
		panic(ps.Err())
	}
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		panic(err)
	}
	return sc, res.Assign
})

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
