// Package explain answers "why" about a solved stage-1 plan: why a student
// got its post or none, why an enterprise is short of its quota, who holds
// a post and who wanted it, and which students have a justified envy
// (the fairness audit).
//
// Answers come from the plan itself and from its dual prices: the plan is
// turned back into a flow on the stage-1 network (assign.NewDuals), whose
// residual shortest paths are certified optimal potentials. They give
// exact marginal figures without solving again — the threshold that would
// place an unplaced student, the extra worth that would fill one more
// place at an enterprise, and what moving a student to a post would cost
// the plan. A plan that is not optimal for its scenario (edited by hand,
// or re-planned with a keep bonus) still gets every answer that does not
// need prices; the priced ones are left out and say why.
//
// New builds the answers' state once (one network construction and two
// shortest-path passes); Student, Enterprise and Post are then cheap, so a
// server can keep a Plan per solved run.
package explain
