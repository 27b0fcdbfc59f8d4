package assign

import (
	"fmt"

	"placement/model"
)

// Keep asks Solve for a re-plan: the objective becomes
//
//	Z' = Z + Bonus × (students placed at the same post as before)
//
// where a pinned student counts when its pin is its previous post. The
// network stays a min-cost flow: a student who may stay (its previous post
// still exists, has room after the pins, and passes the eligibility
// filters) gets one more arc, straight to a per-post keep node priced
// −(v(i,p) + Bonus), and the keep node feeds the post's kind with at most
// the post's room; the decode seats the students who took that arc on
// exactly their previous post. Students with a previous post form their own
// student kinds (one per kind and previous post); everybody else keeps the
// compression.
type Keep struct {
	// Post is each student's previous post, an index into Roster.Posts, or
	// -1 when the student had none (unplaced or new). Its length is the
	// number of students.
	Post []int
	// Bonus is replan.keep_bonus, the worth of one kept placement; 0 means
	// DefaultKeepBonus, which keeps as many placements as the data allows
	// and, among those plans, finds the largest Z.
	Bonus int64
}

// DefaultKeepBonus is a keep bonus that dominates every other term: one
// more than the largest possible difference in Z between any two plans.
// It is not enough to beat the value of moving one student: keeping one
// student at its post may displace another, who displaces a third, so a
// chain of moves can cost up to the whole plan's worth. Each student's value
// lies within ±vmax (vmax adds the largest of every weight and per_km × the
// longest distance; unplaced is 0) and the quota bonus adds at most
// quota_bonus × Σ quota, so
//
//	bonus = 1 + 2 × students × vmax + quota_bonus × Σ quota(e).
//
// Then a plan that keeps one more placement is always worth more in Z',
// whatever it costs in Z.
func DefaultKeepBonus(r *model.Roster, pol model.Policy, w model.Weights) int64 {
	abs := func(x int) int64 {
		if x < 0 {
			return -int64(x)
		}
		return int64(x)
	}
	var maxAward, maxPref, maxKm int64
	for _, a := range w.Award {
		maxAward = max(maxAward, abs(a))
	}
	for _, p := range w.Preference {
		maxPref = max(maxPref, abs(p))
	}
	for _, d := range r.Distances {
		maxKm = max(maxKm, abs(d.Km))
	}
	vmax := abs(w.Placement) + maxAward + max(abs(w.ExactSpecialty), abs(w.RelatedSpecialty)) +
		maxPref + abs(w.OrderPrefer) + abs(w.PerKm)*maxKm
	var quotas int64
	for e := range r.Enterprises {
		quotas += int64(model.Quota(&r.Enterprises[e], pol.QuotaBasisPoints))
	}
	return 1 + 2*int64(len(r.Students))*vmax + abs(w.QuotaBonus)*quotas
}

// keepPlan is Keep checked against the roster, with the bonus decided.
type keepPlan struct {
	post  []int32 // previous post of each student, -1 none
	bonus int64
	nodes map[int32]int // post → its keep node
	order []int32       // posts with a keep node, in creation order
}

func newKeepPlan(k *Keep, r *model.Roster, pol model.Policy, w *model.Weights) (*keepPlan, error) {
	if k == nil {
		return nil, nil
	}
	if len(k.Post) != len(r.Students) {
		return nil, fmt.Errorf("%w: keep: %d previous posts for %d students", ErrInput, len(k.Post), len(r.Students))
	}
	if k.Bonus < 0 {
		return nil, fmt.Errorf("%w: replan.keep_bonus %d < 0", ErrInput, k.Bonus)
	}
	kp := &keepPlan{post: make([]int32, len(k.Post)), bonus: k.Bonus, nodes: map[int32]int{}}
	if kp.bonus == 0 {
		kp.bonus = DefaultKeepBonus(r, pol, *w)
	}
	for i, q := range k.Post {
		if q < -1 || q >= len(r.Posts) {
			return nil, fmt.Errorf("%w: keep: student %d's previous post %d is out of range", ErrInput, i, q)
		}
		kp.post[i] = int32(q)
	}
	return kp, nil
}

// keepPost is the post student i may stay at (its previous post, when it
// still has room after the pins and i is eligible for it), or -1.
func (nw *network) keepPost(i int) int32 {
	if nw.keep == nil {
		return -1
	}
	q := nw.keep.post[i]
	if q < 0 || nw.postRoom[q] == 0 {
		return -1
	}
	if m, _ := nw.ix.eligible(i, int(q), nw.pol); m == model.MatchNone {
		return -1
	}
	return q
}

// keepNode returns the keep node of post q, creating it and its arc into
// q's kind (capacity: q's room) on first use.
func (nw *network) keepNode(q int32) int {
	if u, ok := nw.keep.nodes[q]; ok {
		return u
	}
	u := nw.addNode()
	nw.keep.nodes[q] = u
	nw.keep.order = append(nw.keep.order, q)
	nw.addArc(u, nw.kinds[nw.kindOf[q]].node, nw.postRoom[q], 0)
	return u
}
