package solver

import "placement/model"

// Match is how a student's specialty meets a post's.
type Match int8

// Matches.
const (
	MatchNone    Match = iota // not eligible by specialty
	MatchExact                // same specialty
	MatchRelated              // same specialty group, and the post accepts related
)

func (m Match) String() string {
	switch m {
	case MatchExact:
		return "exact"
	case MatchRelated:
		return "related"
	}
	return "none"
}

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
	// placement). Not in SPEC's list; documented in the README.
	ReasonNotWorthwhile Reason = "not_worthwhile"
)

// index gives dense integer ids to the roster's string ids, so the filters
// below compare integers.
type index struct {
	r        *model.Roster
	dist     *model.DistanceTable
	spec     map[string]int32
	specGrp  []int32 // group of each specialty
	ent      map[string]int32
	entDist  []int32 // district of each enterprise
	postEnt  []int32
	postSpec []int32
	stuSpec  []int32
	stuDist  []int32
	stuOrder []int32 // sponsor enterprise, or -1
}

func newIndex(r *model.Roster) *index {
	ix := &index{
		r:    r,
		dist: model.NewDistanceTable(r),
		spec: make(map[string]int32, len(r.Specialties)),
		ent:  make(map[string]int32, len(r.Enterprises)),
	}
	groups := map[string]int32{}
	for i, s := range r.Specialties {
		ix.spec[s.Code] = int32(i)
		g, ok := groups[s.Group]
		if !ok {
			g = int32(len(groups))
			groups[s.Group] = g
		}
		ix.specGrp = append(ix.specGrp, g)
	}
	for i, e := range r.Enterprises {
		ix.ent[e.ID] = int32(i)
		ix.entDist = append(ix.entDist, ix.district(e.District))
	}
	ix.postEnt = make([]int32, len(r.Posts))
	ix.postSpec = make([]int32, len(r.Posts))
	for i, p := range r.Posts {
		ix.postEnt[i] = ix.ent[p.EnterpriseID]
		ix.postSpec[i] = ix.spec[p.Specialty]
	}
	n := len(r.Students)
	ix.stuSpec = make([]int32, n)
	ix.stuDist = make([]int32, n)
	ix.stuOrder = make([]int32, n)
	for i, s := range r.Students {
		ix.stuSpec[i] = ix.spec[s.Specialty]
		ix.stuDist[i] = ix.district(s.District)
		ix.stuOrder[i] = -1
		if s.OrderEnterpriseID != "" {
			ix.stuOrder[i] = ix.ent[s.OrderEnterpriseID]
		}
	}
	return ix
}

func (ix *index) district(id string) int32 {
	d, ok := ix.dist.Index(id)
	if !ok {
		return -1
	}
	return int32(d)
}

// km between two district indexes; validation guarantees every pair a
// student–enterprise combination needs, so a missing one is reported as
// not eligible rather than guessed.
func (ix *index) km(a, b int32) (int, bool) {
	if a < 0 || b < 0 {
		return 0, false
	}
	return ix.dist.KmIdx(int(a), int(b))
}

// The eligibility filters of SPEC stage 1, each a small verdict. They are
// applied in the order the network applies them: specialty and level per
// post kind, commute per district pair, order class per student.

// specialtyMatch is filter 1: exact, related (same group and the post
// accepts related students), or none.
func (ix *index) specialtyMatch(stuSpec, postSpec int32, acceptsRelated bool) Match {
	switch {
	case stuSpec == postSpec:
		return MatchExact
	case acceptsRelated && ix.specGrp[stuSpec] == ix.specGrp[postSpec]:
		return MatchRelated
	}
	return MatchNone
}

// levelOK is filter 2.
func levelOK(student, min model.Level) bool { return min == model.LevelNone || student >= min }

// commuteOK is filter 3.
func commuteOK(km int, p model.Policy) bool { return p.MaxCommuteKm == 0 || km <= p.MaxCommuteKm }

// orderOK is filter 4: under strict order class an order student may only
// go to its sponsor.
func orderOK(sponsor, ent int32, p model.Policy) bool {
	return p.OrderClass != model.OrderStrict || sponsor < 0 || sponsor == ent
}

// eligible applies all four filters to student i and post q; it returns the
// match (MatchNone when not eligible) and the km.
func (ix *index) eligible(i, q int, p model.Policy) (Match, int) {
	post := &ix.r.Posts[q]
	e := ix.postEnt[q]
	if !orderOK(ix.stuOrder[i], e, p) || !levelOK(ix.r.Students[i].Level, post.MinLevel) {
		return MatchNone, 0
	}
	m := ix.specialtyMatch(ix.stuSpec[i], ix.postSpec[q], post.AcceptsRelated)
	if m == MatchNone {
		return MatchNone, 0
	}
	km, ok := ix.km(ix.stuDist[i], ix.entDist[e])
	if !ok || !commuteOK(km, p) {
		return MatchNone, 0
	}
	return m, km
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
// match (MatchNone for an ineligible pin: no specialty points).
func value(w *model.Weights, p model.Policy, award model.Award, m Match, rank, km int, atSponsor bool) int64 {
	v := int64(w.Placement) + int64(w.Award[award]) - int64(w.PerKm)*int64(km)
	switch m {
	case MatchExact:
		v += int64(w.ExactSpecialty)
	case MatchRelated:
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
