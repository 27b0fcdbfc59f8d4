package assign

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"placement/model"
	"placement/solver/flow"
)

// Assignment is one student placed at one post.
type Assignment struct {
	Student    int         // index into Roster.Students
	Post       int         // index into Roster.Posts
	Enterprise int         // index into Roster.Enterprises
	Specialty  model.Match // exact, related, or none (an ineligible pin)
	Pinned     bool        // fixed by an officer in pins.csv
	PrefRank   int         // 1-based rank of the enterprise in the preferences; 0 = not listed
	Km         int
	Value      int64 // v(i,p) of SPEC stage 1
	Kept       bool  // re-planning: the student's previous post (Settings.Keep)
}

// MatchColumn is the specialty_match column of assignments.csv: "pinned"
// for every pin, else "exact" or "related".
func (a *Assignment) MatchColumn() string {
	if a.Pinned {
		return "pinned"
	}
	return a.Specialty.String()
}

// Unplaced is a student left without a post, and why.
type Unplaced struct {
	Student int
	Reason  Reason
}

// EnterpriseOutcome is one row of enterprises.csv.
type EnterpriseOutcome struct {
	Enterprise  int
	Quota       int
	Offered     int
	Filled      int
	Shortfall   int
	Compliant   bool
	SubsidyYuan int64
}

// Stats describe the compressed network and the work done.
type Stats struct {
	Students, Pinned int
	StudentKinds     int // supply nodes: students identical to the objective share one
	PostKinds        int // post nodes: posts of one kind at one enterprise share one
	Nodes, Arcs      int
	Pivots           int64
	Build, Solve     time.Duration
	Decode           time.Duration
}

// Result is a proven-optimal stage-1 plan.
type Result struct {
	// Z is the objective of the plan; Bound an upper bound on the optimum
	// proven by the dual certificate (= Z); Gap = (Bound − Z) / max(1,
	// |Bound|), 0; Optimal when Z = Bound — always, for a plan Solve returns.
	Z, Bound    int64
	Gap         float64
	Optimal     bool
	Assignments []Assignment
	Unassigned  []Unplaced
	Enterprises []EnterpriseOutcome
	// Re-planning (Settings.Keep): Kept students stay at their previous
	// post, KeepBonus is the bonus used and ZKeep = Z + KeepBonus × Kept is
	// the objective the flow maximized (proven optimal). All 0 otherwise.
	Kept             int
	KeepBonus, ZKeep int64
	Stats            Stats

	// net is the network of a plain solve (no Keep, no Boost), kept for
	// DualsOf, which takes it; nil otherwise.
	net *network
}

// Settings tune Assign; the zero value works.
type Settings struct {
	Flow flow.Settings
	// Keep, when set, re-plans: the objective rewards students who stay at
	// their previous post (see Keep). nil solves the plain stage 1.
	Keep *Keep
	// Boost answers "what if": Boost[i] is added to unpinned student i's
	// value at every post it may take, as if it had that many more points
	// (an explanation's threshold is checked this way). The returned plan's
	// values and Z are the plain ones, without the boost. nil: none.
	Boost map[int]int64
}

// Errors of Assign: broken input that validation should have caught, or a
// broken solver state. An infeasible student is never an error.
var (
	ErrInput    = errors.New("assign: invalid input")
	ErrInternal = errors.New("assign: internal error")
)

// Assign solves stage 1 of the SPEC to a proven optimum.
func Solve(ctx context.Context, r *model.Roster, pol model.Policy, w model.Weights, set Settings) (*Result, error) {
	if err := checkWeights(&w); err != nil {
		return nil, err
	}
	t0 := time.Now()
	ix := newIndex(r)
	keep, err := newKeepPlan(set.Keep, r, pol, &w)
	if err != nil {
		return nil, err
	}
	nw, err := buildNetworkBoost(ix, pol, &w, keep, set.Boost)
	if err != nil {
		return nil, err
	}
	t1 := time.Now()
	res, err := flow.SolveCertified(ctx, nw.g, set.Flow)
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	t2 := time.Now()
	out := nw.decode(res.Flow)
	out.Z = nw.constant - res.Cost
	for _, a := range out.Assignments {
		if !a.Pinned {
			out.Z -= set.Boost[a.Student]
		}
	}
	if keep != nil {
		out.KeepBonus, out.ZKeep = keep.bonus, out.Z
		out.Z -= keep.bonus * int64(out.Kept)
	}
	out.Bound = out.Z
	out.Gap = float64(out.Bound-out.Z) / math.Max(1, math.Abs(float64(out.Bound)))
	out.Optimal = out.Z == out.Bound
	if z := recomputeZ(&w, out); z != out.Z {
		return nil, fmt.Errorf("%w: plan is worth %d, flow says %d", ErrInternal, z, out.Z)
	}
	out.Stats.Students = len(r.Students)
	out.Stats.Pinned = len(r.Pins)
	out.Stats.StudentKinds = len(nw.supplies)
	out.Stats.PostKinds = len(nw.kinds)
	out.Stats.Nodes, out.Stats.Arcs = nw.g.N(), nw.g.M()
	out.Stats.Pivots = res.Stats.Pivots
	out.Stats.Build, out.Stats.Solve, out.Stats.Decode = t1.Sub(t0), t2.Sub(t1), time.Since(t2)
	if keep == nil && set.Boost == nil {
		out.net = nw
	}
	return out, nil
}

// checkWeights rejects weights the exact model cannot price. The quota
// bonus is modelled by two parallel arcs (the first quota(e) units earn
// it), which is exact only when the bonus is concave, i.e. ≥ 0; the layered
// network prices preferences and order-class bonuses on direct arcs, which
// is exact when they never lower a value.
func checkWeights(w *model.Weights) error {
	if w.QuotaBonus < 0 {
		return fmt.Errorf("%w: weights.quota_bonus %d < 0", ErrInput, w.QuotaBonus)
	}
	if w.OrderPrefer < 0 {
		return fmt.Errorf("%w: weights.order_prefer %d < 0", ErrInput, w.OrderPrefer)
	}
	for i, p := range w.Preference {
		if p < 0 {
			return fmt.Errorf("%w: weights.preference[%d] %d < 0", ErrInput, i, p)
		}
	}
	return nil
}

// recomputeZ prices a plan from scratch with the SPEC formula, independent
// of the network: Σ v(i,p) + quota_bonus × Σ min(filled(e), quota(e)).
func recomputeZ(w *model.Weights, out *Result) int64 {
	var z int64
	for _, a := range out.Assignments {
		z += a.Value
	}
	for _, e := range out.Enterprises {
		z += int64(w.QuotaBonus) * int64(min(e.Filled, e.Quota))
	}
	return z
}

// studentLess orders interchangeable students for the decode: better score
// first, then student id, so that "who got the better post" has a
// stated answer.
func studentLess(r *model.Roster) func(a, b int32) int {
	return func(a, b int32) int {
		sa, sb := &r.Students[a], &r.Students[b]
		switch {
		case sa.Score > sb.Score:
			return -1
		case sa.Score < sb.Score:
			return 1
		case sa.ID < sb.ID:
			return -1
		case sa.ID > sb.ID:
			return 1
		}
		return 0
	}
}
