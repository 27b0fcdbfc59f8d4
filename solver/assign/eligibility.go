package assign

import "placement/model"

// Reason says why a student was left without a post.
type Reason string

// Reasons for an unassigned student, as written to unassigned.csv.
const (
	// No post passes the eligibility filters, whatever its capacity.
	ReasonNoEligiblePost Reason = "no_eligible_post"
	// Eligible posts exist but are full: placing the student would displace
	// someone worth at least as much.
	ReasonCapacity Reason = "capacity"
	// An order-class student (order_class strict) whose sponsor's eligible
	// posts are full.
	ReasonOrderSponsorFull Reason = "order_sponsor_full"
	// An eligible post has room, but every such placement is worth ≤ 0
	// (only possible with unusual weights, e.g. per_km large against
	// placement). Documented in docs/formats.md.
	ReasonNotWorthwhile Reason = "not_worthwhile"
)

// index is the roster with its dense numbers (model.Index), so the
// filters below compare integers.
type index struct {
	*model.Index
	r *model.Roster
}

func newIndex(r *model.Roster) *index { return &index{Index: r.Index(), r: r} }

// The eligibility filters of SPEC stage 1, each a small verdict. They are
// applied in the order the network applies them: specialty and level per
// post kind, commute per district pair, order class per student.

// Filter 1, the specialty, is model.Index.SpecialtyMatch: exact, related
// (same group and the post accepts related students), or none.

// levelOK is filter 2.
func levelOK(student, min model.Level) bool { return min == model.LevelNone || student >= min }

// commuteOK is filter 3.
func commuteOK(km int, p model.Policy) bool { return p.MaxCommuteKm == 0 || km <= p.MaxCommuteKm }

// orderOK is filter 4: under strict order class an order student may only
// go to its sponsor.
func orderOK(sponsor, ent int32, p model.Policy) bool {
	return p.OrderClass != model.OrderStrict || sponsor < 0 || sponsor == ent
}

// Filter names the eligibility filter that keeps a student from a post, so
// that "why not this post?" always has an answer (Eligible).
type Filter string

// The filters, in the order Eligible applies them.
const (
	FilterNone      Filter = ""            // eligible
	FilterOrder     Filter = "order_class" // strict order class: only the sponsor's posts
	FilterLevel     Filter = "level"       // below the post's min_level
	FilterSpecialty Filter = "specialty"   // neither the post's specialty nor, where accepted, its group
	FilterDistance  Filter = "distance"    // no road distance between home and enterprise districts
	FilterCommute   Filter = "commute"     // farther than policy.max_commute_km
)

// verdict applies the four filters to student i and post q in order and
// returns the match (model.MatchNone when not eligible), the km, and the
// filter that rejected the pair (FilterNone when eligible).
func (ix *index) verdict(i, q int, p model.Policy) (model.Match, int, Filter) {
	post := &ix.r.Posts[q]
	e := ix.PostEnt[q]
	if !orderOK(ix.StuSponsor[i], e, p) {
		return model.MatchNone, 0, FilterOrder
	}
	if !levelOK(ix.r.Students[i].Level, post.MinLevel) {
		return model.MatchNone, 0, FilterLevel
	}
	m := ix.SpecialtyMatch(ix.StuSpec[i], ix.PostSpec[q], post.AcceptsRelated)
	if m == model.MatchNone {
		return model.MatchNone, 0, FilterSpecialty
	}
	km, ok := ix.Km(ix.StuDistrict[i], ix.EntDistrict[e])
	if !ok {
		return model.MatchNone, 0, FilterDistance
	}
	if !commuteOK(km, p) {
		return model.MatchNone, km, FilterCommute
	}
	return m, km, FilterNone
}

// eligible is verdict without the filter: the match and the km.
func (ix *index) eligible(i, q int, p model.Policy) (model.Match, int) {
	m, km, _ := ix.verdict(i, q, p)
	if m == model.MatchNone {
		km = 0
	}
	return m, km
}

// Eligible says whether student i (an index into r.Students) may take post
// q under pol, exactly as Solve decides it: the specialty match
// (model.MatchNone when not eligible), the commute km, and the filter that
// rejected the pair (FilterNone when eligible). For explanations, not for
// inner loops: the network applies the same filters by class.
func Eligible(r *model.Roster, pol model.Policy, i, q int) (model.Match, int, Filter) {
	return newIndex(r).verdict(i, q, pol)
}

// prefRank is the 1-based rank of enterprise e in the student's
// preferences, or 0 when not listed.
func (ix *index) prefRank(i int, e int32) int {
	id := ix.r.Enterprises[e].ID
	for r, pe := range ix.r.Students[i].Preferences {
		if pe == id {
			return r + 1
		}
	}
	return 0
}

// value is v(i,p) of SPEC stage 1, scored term by term. m is the specialty
// match (model.MatchNone for an ineligible pin: no specialty points).
func value(w *model.Weights, p model.Policy, award model.Award, m model.Match, rank, km int, atSponsor bool) int64 {
	v := int64(w.Placement) + int64(w.Award[award]) - int64(w.PerKm)*int64(km)
	switch m {
	case model.MatchExact:
		v += int64(w.ExactSpecialty)
	case model.MatchRelated:
		v += int64(w.RelatedSpecialty)
	}
	if rank > 0 && rank <= len(w.Preference) {
		v += int64(w.Preference[rank-1])
	}
	if p.OrderClass == model.OrderPrefer && atSponsor {
		v += int64(w.OrderPrefer)
	}
	return v
}
