// Package solver turns a validated roster into a semester plan.
//
// Stage 1 (Assign) chooses which student interns at which post so as to
// maximize the SPEC's objective Z, exactly: it is a minimum-cost flow,
// solved by the network simplex of package flow and certified optimal by
// its dual potentials. The network is compressed without loss: students
// who differ in nothing the objective sees share one node, posts of one
// kind at one enterprise share one node, and the value of a placement is
// split over layers (award, commute, specialty) so that the arcs grow with
// the number of student kinds and post kinds, not with their product. See
// network.go for the layers and why each is exact.
//
// Stage 2 (Schedule) places every session of every training cohort at a
// base in a (week, day, period), within the hard constraints, minimizing
// the SPEC's penalty P: a greedy construction (hardest cohorts first, each
// at its cheapest main base with spill to the next-nearest) improved by
// ruin-and-recreate with late acceptance, deterministic for a seed and a
// move limit. P is bounded below by the larger of a per-cohort bound and a
// min-cost-flow relaxation that sees the capacity cohorts share; see
// schedule.go and schedule_bound.go. Sessions left out carry a reason:
// no_base, too_large, no_slot or capacity.
//
// Stage 3 (PairMentors) gives every placed intern a teacher of the school
// and an expert of the enterprise, minimizing the SPEC's penalty M. The
// expert side is a min-cost flow per enterprise (all in one network),
// solved exactly. The teacher side is a capacitated fixed-charge problem —
// a teacher visits each enterprise of its mentees once — solved school by
// school and, within a school, by independent parts: the best of three
// proven lower bounds (the convex envelope of the visit charge as a
// min-cost flow; Lagrangian relaxations of the capacities and of the
// intern constraints, mentor_bound.go and mentor_knapsack.go), a
// construction by dynamic slope scaling, iterated local search of group
// moves and swaps (mentor_search.go), flow-priced drop/add/swap moves and a
// Lagrangian heuristic. M, the bound and the gap are reported; see
// mentor_teacher.go.
// Interns left without a mentor carry a reason: no_mentor_for_specialty or
// mentors_full.
//
// The solver never reads files: it takes model values and returns results
// with reasons for everything it could not do.
package solver
