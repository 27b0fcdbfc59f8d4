// Package schedule solves stage 2 of a semester plan: every session of every
// training cohort at a public training base in a (week, day, period), within
// the hard constraints (equipment, stations, opening periods, the cohort's
// weeks and days), minimizing the penalty
//
//	P = train_per_km × Σ over sessions km(cohort's district, base's district)
//	  + base_switch × Σ over cohorts (distinct bases used − 1)
//	  + unscheduled × sessions left out.
//
// The cohorts of one equipment and its bases are a problem of their own
// (parts.go); the parts are solved in parallel and joined in order, so the
// schedule does not depend on GOMAXPROCS. In each part, P is bounded below
// by the larger of a per-cohort bound and a min-cost-flow relaxation that
// sees the capacity cohorts share, with each base-slot's stations as a
// nested cover — at most K(h) cohorts of h people or more — (bound.go).
// The relaxation's optimal flow also seeds a second construction
// (hint.go) beside the greedy one (hardest cohorts first, each at its
// cheapest main base with spill to the next-nearest); the cheaper is
// improved by ruin-and-recreate with late acceptance, deterministic for a
// seed and a move limit. On parts small enough, a branch and bound on the
// cohorts the relaxation splits between groups of bases then raises the
// bound, often to P, and its leaves' flows sometimes give a better
// schedule (branch.go). Result reports P, Bound and Gap. Sessions left
// out carry a Reason: no_base, too_large, no_slot or capacity.
//
// Keep (keep.go) re-plans from a previous schedule: cohorts whose previous
// sessions are all still valid are placed first and never moved; only the
// others are constructed and searched.
package schedule
