// Package mentor solves stage 3 of a semester plan: every placed intern gets
// a teacher of the student's school and an expert of the enterprise,
// minimizing the penalty
//
//	M = mentor_missing × missing mentors + teacher_visit × distinct (teacher, enterprise)
//	  + mentor_related × pairings by a related (not exact) specialty.
//
// The expert side is a min-cost flow per enterprise (all in one network),
// solved exactly. The teacher side is a capacitated fixed-charge problem — a
// teacher visits each enterprise of its mentees once — solved school by school
// and, within a school, by independent parts: the best of three proven lower
// bounds (the convex envelope of the visit charge as a min-cost flow;
// Lagrangian relaxations of the capacities and of the intern constraints,
// bound.go and knapsack.go), a construction by dynamic slope scaling, iterated
// local search of group moves and swaps (search.go), flow-priced drop/add/swap
// moves and a Lagrangian heuristic (teacher.go). Result reports M, Bound and
// Gap. Interns left without a mentor carry a Reason: no_mentor_for_specialty
// or mentors_full.
//
// Keep (keep.go) re-plans from previous pairs: every teacher and expert that
// is still valid stays, only the rest is paired, and a teacher's existing
// visits are free for new mentees.
package mentor
