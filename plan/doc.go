// Package plan is the pipeline every front end runs: load a scenario, solve
// every stage it has, build the output tables, write a plan directory.
//
//	sc, problems := plan.Load(ctx, plan.Source{Path: "city/scenario.yaml"})
//	res, err := plan.Solve(ctx, sc, plan.Settings{})
//	err = plan.Write(ctx, "out", res, plan.WriteOptions{})
//
// Solve runs stage 1 (package solver/assign), the fairness audit of its plan
// with stage 1's files, then stage 2 (solver/schedule)
// when the scenario names bases and cohorts, then stage 3 (solver/mentor) on
// stage 1's placements when it names mentors; Schedule and Mentors run one
// stage alone; Replan (with LoadPrevious) solves again from a previous plan
// directory, keeping every placement, session and mentor it can and writing
// changes.csv. Every plan with stage 1 carries the fairness audit
// (fairness.csv, package explain). Each returns the stage results, the
// files of the plan (package output) built in memory, and the summary
// figures; nothing is written until
// Write, which replaces the directory's plan all or nothing. So the CLI, the
// what-if grid and any other front end compute exactly the same plan for the
// same scenario.
//
// Every call takes a context: cancelling it stops the solvers (between
// network-simplex pivots, search moves and schools) and a write that has not
// begun to commit, which then leaves the directory as it was.
//
// Errors: input the stages refuse wraps ErrInput (a front end reports it as
// bad input, exit code 2 in the CLI); a cancelled run returns the context's
// error; anything else is an internal failure. An infeasible student, cohort
// or intern is never an error: it is in the results with its reason.
package plan
