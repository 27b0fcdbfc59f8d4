package assign

import "placement/model"

// Terms are v(i,p) of SPEC stage 1 term by term, for explanations: Value =
// Placement + Award + Specialty + Preference + Km + Order, where Km is the
// commute's (negative) share, −per_km × KmDistance.
type Terms struct {
	Placement, Award, Specialty, Preference, Km, Order int64

	Value      int64
	Match      model.Match // exact, related, or none (not eligible)
	Rank       int         // 1-based rank of the enterprise in the preferences; 0 = not listed
	KmDistance int
	AtSponsor  bool // the post is at the student's order-class sponsor
}

// Price prices student i at post q term by term and reports whether i is
// eligible for q (the four filters). For an ineligible pair the terms are
// what a pin there would be worth: specialty points 0.
func Price(r *model.Roster, pol model.Policy, w model.Weights, i, q int) (Terms, bool) {
	ix := newIndex(r)
	e := ix.PostEnt[q]
	m, km := ix.eligible(i, q, pol)
	if m == model.MatchNone {
		km, _ = ix.Km(ix.StuDistrict[i], ix.EntDistrict[e])
	}
	t := Terms{
		Placement: int64(w.Placement), Award: int64(w.Award[r.Students[i].Award]),
		Km: -int64(w.PerKm) * int64(km), Match: m, Rank: ix.prefRank(i, e), KmDistance: km,
		AtSponsor: ix.StuSponsor[i] == e,
	}
	switch m {
	case model.MatchExact:
		t.Specialty = int64(w.ExactSpecialty)
	case model.MatchRelated:
		t.Specialty = int64(w.RelatedSpecialty)
	}
	if t.Rank > 0 && t.Rank <= len(w.Preference) {
		t.Preference = int64(w.Preference[t.Rank-1])
	}
	if pol.OrderClass == model.OrderPrefer && t.AtSponsor {
		t.Order = int64(w.OrderPrefer)
	}
	t.Value = t.Placement + t.Award + t.Specialty + t.Preference + t.Km + t.Order
	if t.Value != value(&w, pol, r.Students[i].Award, m, t.Rank, km, t.AtSponsor) {
		panic("assign: Price and value disagree")
	}
	return t, m != model.MatchNone
}
