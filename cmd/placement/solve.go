package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"

	"placement/plan"
	"placement/scenarios"
)

type solveOptions struct {
	job      planJob
	training trainingFlags
}

func solveCommand() (*pflag.FlagSet, runFunc) {
	o := &solveOptions{job: planJob{name: "solve", what: "plan"}}
	fs := pflag.NewFlagSet("solve", pflag.ContinueOnError)
	o.job.add(fs, "assignments.csv, unassigned.csv, enterprises.csv, summary.json and the files of stages 2 and 3")
	o.training.add(fs)
	return fs, o.run
}

// run solves every stage the scenario has (plan.Solve) and writes the plan.
func (o *solveOptions) run(ctx context.Context, env []string, _, stderr io.Writer) int {
	return o.job.run(ctx, env, stderr, func(ctx context.Context, log *logger, sc *scenarios.Scenario) (*plan.Result, error) {
		return plan.Solve(ctx, sc, plan.Settings{Schedule: o.training.settings(), Mentor: o.training.mentorSettings(), Log: &log.Logger})
	})
}
