package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"placement/model"
	"placement/plan"
	"placement/scenarios"
	"placement/solver/mentor"
)

type mentorsOptions struct {
	job         planJob
	assignments string
	timeLimit   time.Duration
}

func mentorsCommand() (*pflag.FlagSet, runFunc) {
	o := &mentorsOptions{job: planJob{name: "mentors", what: "mentor plan"}}
	fs := pflag.NewFlagSet("mentors", pflag.ContinueOnError)
	fs.StringVar(&o.assignments, "assignments", "",
		"assignments CSV `file` to pair mentors for (student_id, post_id; as solve writes it or as an officer edited it)")
	fs.DurationVar(&o.timeLimit, "time-limit", 0,
		"stop the mentor search early after this long (0: solver.mentor.time_limit, else no limit; a run stopped by time is not reproducible)")
	o.job.add(fs, "mentor_pairs.csv, mentor_load.csv, mentor_missing.csv, summary.json")
	return fs, o.run
}

// run loads the assignments file against the scenario and solves stage 3
// for it (plan.Mentors); stage 1 is not run. Any problem in the
// assignments file (an unknown student or post, a student twice, a post
// over capacity) stops it with exit code 2 and nothing written.
func (o *mentorsOptions) run(ctx context.Context, env []string, _, stderr io.Writer) int {
	if o.assignments == "" {
		fmt.Fprintln(stderr, "placement mentors: --assignments FILE is required (the plan to pair mentors for); nothing written")
		return exitInput
	}
	o.job.inputs = []string{o.assignments} // the plan may not replace or remove it
	return o.job.run(ctx, env, stderr, func(ctx context.Context, log *logger, sc *scenarios.Scenario) (*plan.Result, error) {
		if !plan.HasMentors(sc) { // before reading the assignments: the scenario is what is wrong
			return plan.Mentors(ctx, sc, nil, o.assignments, plan.Settings{})
		}
		placed, ps := model.LoadAssignments(model.OpenFile, o.assignments, sc.Roster) // a regular file only
		if !log.problems(ps, o.assignments) {
			return nil, fmt.Errorf("%w: the assignments file %s has %d errors", plan.ErrInput, o.assignments, len(ps.Errors()))
		}
		log.Info().Str("stage", "load").Str("assignments", o.assignments).Int("placed", len(placed)).
			Int("warnings", len(ps.Warnings())).Msg("loaded assignments")
		return plan.Mentors(ctx, sc, placed, o.assignments,
			plan.Settings{Mentor: mentor.Settings{TimeLimit: o.timeLimit}, Log: &log.Logger})
	})
}
