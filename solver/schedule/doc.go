// Package schedule solves stage 2 of a semester plan: every session of every
// training cohort at a public training base in a (week, day, period), within
// the hard constraints (equipment, stations, opening periods, the cohort's
// weeks and days), minimizing the penalty
//
//	P = train_per_km × Σ over sessions km(cohort's district, base's district)
//	  + base_switch × Σ over cohorts (distinct bases used − 1)
//	  + unscheduled × sessions left out.
//
// Solve builds a greedy construction (hardest cohorts first, each at its
// cheapest main base with spill to the next-nearest) and improves it by
// ruin-and-recreate with late acceptance, deterministic for a seed and a move
// limit. P is bounded below by the larger of a per-cohort bound and a
// min-cost-flow relaxation that sees the capacity cohorts share (bound.go);
// Result reports P, Bound and Gap. Sessions left out carry a Reason: no_base,
// too_large, no_slot or capacity.
//
// Keep (keep.go) re-plans from a previous schedule: cohorts whose previous
// sessions are all still valid are placed first and never moved; only the
// others are constructed and searched.
package schedule
