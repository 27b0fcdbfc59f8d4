package explain

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"placement/model"
	"placement/scenarios"
	"placement/solver/assign"
)

// ErrUnknown is returned for an id the scenario does not have.
var ErrUnknown = errors.New("explain: unknown id")

// Plan is a solved stage-1 plan ready to be questioned. Its methods are
// safe for concurrent use, so a server can keep one per solved run.
type Plan struct {
	sc      *scenarios.Scenario
	post    []int   // by student: post, -1 unplaced
	holders [][]int // by post: students
	pinned  []bool
	filled  []int          // by enterprise
	reason  map[int]string // unplaced student → reason code, when known
	duals   *assign.Duals  // nil when the plan could not be certified
	mu      sync.Mutex     // guards costs
	costs   map[int]func(int) (int64, bool)
	// NoPrices says why the priced answers (threshold, gap, cost) are
	// missing: the plan is not optimal for the scenario. "" when they are
	// there.
	NoPrices string
}

// New prepares the plan post (each student's post index, -1 unplaced) of
// scenario sc for questions. reasons, when not nil, are the unassigned
// students' reason codes by student index (from unassigned.csv or the
// result). An error is returned only for a broken input or a cancelled
// context; a plan that is not optimal is answered without prices.
func New(ctx context.Context, sc *scenarios.Scenario, post []int, reasons map[int]string) (*Plan, error) {
	return newPlan(ctx, sc, post, reasons, func() (*assign.Duals, error) {
		return assign.NewDuals(ctx, sc.Roster, sc.Config.Policy, sc.Config.Weights, post)
	})
}

// newPlan is New with the duals made by duals.
func newPlan(ctx context.Context, sc *scenarios.Scenario, post []int, reasons map[int]string, duals func() (*assign.Duals, error)) (*Plan, error) {
	r := sc.Roster
	if len(post) != len(r.Students) {
		return nil, fmt.Errorf("explain: %d posts for %d students", len(post), len(r.Students))
	}
	p := &Plan{sc: sc, post: post, holders: make([][]int, len(r.Posts)), pinned: make([]bool, len(r.Students)), reason: reasons,
		costs: map[int]func(int) (int64, bool){}}
	ix := r.Index()
	p.filled = make([]int, len(r.Enterprises))
	for i, q := range post {
		if q >= 0 {
			p.holders[q] = append(p.holders[q], i)
			p.filled[ix.PostEnt[q]]++
		}
	}
	for _, pin := range r.Pins {
		if i, ok := ix.Student[pin.StudentID]; ok {
			p.pinned[i] = true
		}
	}
	if p.reason == nil {
		p.reason = map[int]string{}
	}
	d, err := duals()
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, assign.ErrInput):
		p.NoPrices = err.Error()
	case err != nil:
		return nil, err
	default:
		p.duals = d
	}
	return p, nil
}

// FromResult prepares a stage-1 result for questions. It takes the
// network res kept (assign.DualsOf), so a second FromResult of res builds
// its own.
func FromResult(ctx context.Context, sc *scenarios.Scenario, res *assign.Result) (*Plan, error) {
	post := make([]int, len(sc.Roster.Students))
	for i := range post {
		post[i] = -1
	}
	for _, a := range res.Assignments {
		post[a.Student] = a.Post
	}
	reasons := map[int]string{}
	for _, u := range res.Unassigned {
		reasons[u.Student] = string(u.Reason)
	}
	return newPlan(ctx, sc, post, reasons, func() (*assign.Duals, error) {
		// The network res was solved on, when it kept it.
		return assign.DualsOf(ctx, sc.Roster, sc.Config.Policy, sc.Config.Weights, res)
	})
}

// higher reports whether student a has priority over b: a higher award
// level, or the same award and a higher score.
func (p *Plan) higher(a, b int) bool {
	sa, sb := &p.sc.Roster.Students[a], &p.sc.Roster.Students[b]
	return sa.Award > sb.Award || (sa.Award == sb.Award && sa.Score > sb.Score)
}

func (p *Plan) price(i, q int) (assign.Terms, bool) {
	return assign.Price(p.sc.Roster, p.sc.Config.Policy, p.sc.Config.Weights, i, q)
}

// Terms are a placement's value term by term (SPEC stage 1).
type Terms struct {
	Placement  int64 `json:"placement"`
	Award      int64 `json:"award"`
	Specialty  int64 `json:"specialty"`
	Preference int64 `json:"preference"`
	Km         int64 `json:"km"`
	Order      int64 `json:"order"`
	Value      int64 `json:"value"`
}

func termsOf(t assign.Terms) *Terms {
	return &Terms{t.Placement, t.Award, t.Specialty, t.Preference, t.Km, t.Order, t.Value}
}

// Holder is a student holding a post, with its value there.
type Holder struct {
	StudentID string `json:"student_id"`
	Value     int64  `json:"value"`
	Pinned    bool   `json:"pinned,omitempty"`
}

// Eligible is a post the student passes the filters for (capacity
// ignored), with its value for the student and why it is not the
// student's.
type Eligible struct {
	PostID       string `json:"post_id"`
	EnterpriseID string `json:"enterprise_id"`
	Value        int64  `json:"value"`
	// Full: the post's capacity is taken by others; HeldByLower: one of
	// them has lower priority than the student (award, then score).
	Full        bool     `json:"full"`
	HeldByLower bool     `json:"held_by_lower"`
	Why         string   `json:"why"`
	Holders     []Holder `json:"holders,omitempty"`
	// CostToPlan is what moving the student here would cost Z (see
	// Plan.CostToPlan); absent without prices.
	CostToPlan *int64 `json:"cost_to_plan,omitempty"`
}

// StudentAnswer is explain's answer for a student (the JSON of explain
// --format json).
type StudentAnswer struct {
	StudentID    string     `json:"student_id"`
	Status       string     `json:"status"` // assigned | unassigned
	PostID       string     `json:"post_id"`
	EnterpriseID string     `json:"enterprise_id"`
	Reason       string     `json:"reason"`
	Terms        *Terms     `json:"terms"`
	Eligible     []Eligible `json:"eligible"`
	// Threshold (unassigned only): adding more than this to the student's
	// value places it (at ThresholdPostID); adding Threshold − 1 does not.
	Threshold       *int64 `json:"threshold,omitempty"`
	ThresholdPostID string `json:"threshold_post_id,omitempty"`
	NoPrices        string `json:"no_prices,omitempty"`
}

// Reasons of an assigned student in StudentAnswer.Reason.
const (
	ReasonPinned  = "pinned"  // an officer pinned the student there
	ReasonOptimal = "optimal" // the post of the optimal plan
)

// Student explains student id's result.
func (p *Plan) Student(id string) (*StudentAnswer, error) {
	r := p.sc.Roster
	i, ok := r.Index().Student[id]
	if !ok {
		return nil, fmt.Errorf("%w: student %q is not in students.csv", ErrUnknown, id)
	}
	ans := &StudentAnswer{StudentID: id, Status: "unassigned", NoPrices: p.NoPrices, Terms: &Terms{}}
	own := p.post[i]
	var ownValue int64
	if own >= 0 {
		t, _ := p.price(int(i), own)
		ans.Status, ans.PostID, ans.EnterpriseID = "assigned", r.Posts[own].ID, r.Posts[own].EnterpriseID
		ans.Terms, ownValue = termsOf(t), t.Value
		ans.Reason = ReasonOptimal
		if p.pinned[i] {
			ans.Reason = ReasonPinned
		}
	} else {
		ans.Reason = p.reason[int(i)]
		if ans.Reason == "" {
			ans.Reason = "unassigned"
		}
	}
	for q := range r.Posts {
		t, ok := p.price(int(i), q)
		if !ok {
			continue
		}
		e := Eligible{PostID: r.Posts[q].ID, EnterpriseID: r.Posts[q].EnterpriseID, Value: t.Value}
		for _, h := range p.holders[q] {
			if h == int(i) {
				continue
			}
			hv, _ := p.price(h, q)
			e.Holders = append(e.Holders, Holder{StudentID: r.Students[h].ID, Value: hv.Value, Pinned: p.pinned[h]})
			e.HeldByLower = e.HeldByLower || p.higher(int(i), h)
		}
		e.Full = len(p.holders[q]) >= r.Posts[q].Capacity && q != own
		if c, ok := p.CostToPlan(int(i), q); ok && q != own {
			e.CostToPlan = &c
		}
		e.Why = p.whyNot(int(i), q, own, t.Value, ownValue, &e)
		ans.Eligible = append(ans.Eligible, e)
	}
	slices.SortStableFunc(ans.Eligible, func(a, b Eligible) int {
		return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.PostID, b.PostID))
	})
	if own < 0 && p.duals != nil && !p.pinned[i] {
		if th, q, ok := p.duals.Threshold(int(i)); ok {
			ans.Threshold = &th
			if q >= 0 {
				ans.ThresholdPostID = r.Posts[q].ID
			}
		}
	}
	return ans, nil
}

// whyNot is the sentence for eligible post q of student i.
func (p *Plan) whyNot(i, q, own int, v, ownValue int64, e *Eligible) string {
	switch {
	case q == own:
		return "assigned here"
	case own >= 0 && p.pinned[i]:
		return "the student is pinned to its post"
	case e.Full:
		s := "full: held by "
		for k, h := range e.Holders {
			if k > 0 {
				s += ", "
			}
			s += fmt.Sprintf("%s (value %d)", h.StudentID, h.Value)
		}
		if e.CostToPlan != nil {
			s += fmt.Sprintf("; moving the student here would cost the plan %d", *e.CostToPlan)
		}
		return s
	case own >= 0 && v <= ownValue:
		return fmt.Sprintf("worth less: %d here against %d at its post", v, ownValue)
	case own >= 0:
		if e.CostToPlan != nil {
			return fmt.Sprintf("worth more to the student (%d against %d) but the plan loses %d: its seat at the post it holds, or the quota there, is worth more to others", v, ownValue, *e.CostToPlan)
		}
		return fmt.Sprintf("worth more to the student (%d against %d) but not to the plan", v, ownValue)
	case v <= 0:
		return fmt.Sprintf("room left, but worth %d ≤ 0", v)
	}
	if e.CostToPlan != nil {
		return fmt.Sprintf("placing the student here would cost the plan %d", *e.CostToPlan)
	}
	return "not chosen"
}

// CostToPlan is what placing student i at post q would cost Z, the rest
// of the plan re-optimized around it: Z − the best Z of a plan with i at q
// (assign.Duals.MoveCosts, exact). ok is false without prices, for a
// pinned student, or when no plan can place i at q.
func (p *Plan) CostToPlan(i, q int) (int64, bool) {
	if p.duals == nil || p.pinned[i] {
		return 0, false
	}
	p.mu.Lock()
	f, ok := p.costs[i]
	if !ok {
		f = p.duals.MoveCosts(i)
		p.costs[i] = f
	}
	p.mu.Unlock()
	return f(q)
}

func assignEligible(p *Plan, i, q int) bool {
	m, _, _ := assign.Eligible(p.sc.Roster, p.sc.Config.Policy, i, q)
	return m != model.MatchNone
}

// Threshold is, for student i (a roster index) left unplaced and not
// pinned, what adding to its value would place it: more than threshold
// places it, at post (a post index, -1 when no post is named). ok is
// false for a placed or pinned student and without prices. It is the
// threshold of Student, without the rest of the answer.
func (p *Plan) Threshold(i int) (threshold int64, post int, ok bool) {
	if i < 0 || i >= len(p.post) || p.post[i] >= 0 || p.duals == nil || p.pinned[i] {
		return 0, -1, false
	}
	return p.duals.Threshold(i)
}
