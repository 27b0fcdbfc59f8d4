package main

import (
	"errors"
	"time"

	"placement/cmd/placement/internal/output"
	"placement/scenarios"
	"placement/solver"
)

// solvedPlan is a loaded scenario run through every stage it has, with its
// output files built in memory but not written.
type solvedPlan struct {
	assign *solver.AssignResult
	files  []output.File // as output.Build makes them; summary.json last
	sum    *output.Summary
	times  stageTimes
}

// stageTimes are the wall times of the stages that ran (0 for one that
// did not), for logs: summary.json leaves them out.
type stageTimes struct {
	assignment, training, mentors time.Duration
}

// solveStages runs stage 1, then stage 2 when the scenario has bases and
// cohorts, then stage 3 on stage 1's plan when it has mentors, logging
// each, and builds the output files (output.Build). It writes nothing, so
// that solve and whatif share it: a what-if variant is exactly what solve
// computes for the same overrides. The exit code is exitOK on success;
// on failure the error has been logged.
func solveStages(log *logger, sc *scenarios.Scenario, training *trainingFlags) (*solvedPlan, int) {
	p := &solvedPlan{}

	// Stage 1: assignment.
	t := time.Now()
	res, err := solver.Assign(sc.Roster, sc.Config.Policy, sc.Config.Weights, solver.AssignSettings{})
	if err != nil {
		if errors.Is(err, solver.ErrInput) {
			// Validation should have caught it; the input is still what is wrong.
			log.Error().Err(err).Msg("the solver rejected the input; nothing written")
			return nil, exitInput
		}
		log.Error().Err(err).Msg("stage 1 failed; nothing written")
		return nil, exitFailure
	}
	p.assign = res
	p.times.assignment = time.Since(t)
	st := res.Stats
	log.Info().Str("stage", "assignment").Int64("z", res.Z).Int64("bound", res.Bound).
		Int("placed", len(res.Assignments)).Int("unassigned", len(res.Unassigned)).Int("pinned", st.Pinned).
		Int("student_kinds", st.StudentKinds).Int("post_kinds", st.PostKinds).
		Int("nodes", st.Nodes).Int("arcs", st.Arcs).Int64("pivots", st.Pivots).
		Float64("build_ms", ms(st.Build)).Float64("solve_ms", ms(st.Solve)).Float64("decode_ms", ms(st.Decode)).
		Float64("ms", ms(p.times.assignment)).
		Msg("solved stage 1 (internship assignment)")

	// Stage 2: the training schedule, when the scenario has bases and cohorts.
	var extras []output.Extra
	if hasTraining(sc) {
		tres, d, code := training.schedule(log, sc)
		if code != exitOK {
			return nil, code
		}
		p.times.training = d
		extras = append(extras, output.Training(sc, tres))
	}

	// Stage 3: dual mentors, when the scenario has mentors.
	if hasMentors(sc) {
		mres, d, code := pairMentors(log, sc, solver.Placements(res), "stage1")
		if code != exitOK {
			return nil, code
		}
		p.times.mentors = d
		extras = append(extras, output.Mentors(sc, mres, "stage1"))
	}

	p.files, p.sum, err = output.Build(sc, res, extras...)
	if err != nil {
		log.Error().Err(err).Msg("building the output files failed; nothing written")
		return nil, exitFailure
	}
	return p, exitOK
}
