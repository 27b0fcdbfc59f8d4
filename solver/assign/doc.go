// Package assign solves stage 1 of a semester plan: which student interns at
// which post, maximizing the objective Z exactly.
//
// Z = Σ over placed students v(i,p) + quota_bonus × Σ over enterprises
// min(filled(e), quota(e)), where v(i,p) adds the placement points, the
// award points, the specialty points (exact or related), the preference
// points of the enterprise's rank, the order-class bonus in prefer mode and
// subtracts per_km × commute km. A student is eligible for a post when four
// filters pass (eligibility.go): specialty, level, commute limit and, under
// strict order class, the sponsor.
//
// Solve builds a minimum-cost flow network and solves it with the network
// simplex of package flow; flow.SolveCertified checks the dual certificate,
// and the plan is priced again from the formula above, so the returned Z is
// a proven optimum (Result.Bound = Z, Result.Gap = 0). The network is
// compressed without loss: students who differ in nothing the objective sees
// share one node, posts of one kind at one enterprise share one node, and the
// value of a placement is split over layers (award, commute, specialty) so
// that the arcs grow with the number of student kinds and post kinds, not with
// their product. See network.go for the layers and why each is exact.
//
// Students left unplaced carry a Reason (no_eligible_post, capacity,
// order_sponsor_full, not_worthwhile). Infeasibility is a result, never an
// error: ErrInput is for input validation should have refused, ErrInternal
// for a broken solver state.
//
// Settings.Keep re-plans (keep.go): Z' = Z + bonus × (students kept at their
// previous post), still one certified min-cost flow, with a default bonus
// that makes the plan keep as many placements as the data allows.
//
// NewDuals (duals.go) turns any plan back into a flow on this network and
// certifies it with potentials from residual shortest paths; from them come
// exact marginal answers without a re-solve: the Threshold that would place
// an unplaced student, MoveCosts (what moving a student to a post costs Z),
// EnterpriseGap. Price splits a value into its terms (terms.go).
//
// NewNetwork and NewUncompressedNetwork expose the network for export to other
// min-cost-flow codes (DIMACS, see package flow).
package assign
