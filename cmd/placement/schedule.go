package main

import (
	"context"
	"io"

	"github.com/spf13/pflag"

	"placement/plan"
	"placement/scenarios"
)

type scheduleOptions struct {
	job      planJob
	training trainingFlags
}

func scheduleCommand() (*pflag.FlagSet, runFunc) {
	o := &scheduleOptions{job: planJob{name: "schedule", what: "schedule"}}
	fs := pflag.NewFlagSet("schedule", pflag.ContinueOnError)
	o.job.add(fs, "training_schedule.csv, training_unscheduled.csv, bases_utilization.csv, summary.json")
	o.training.add(fs)
	return fs, o.run
}

// run solves stage 2 alone (plan.Schedule) and writes it; stage 1 is not run.
func (o *scheduleOptions) run(ctx context.Context, env []string, _, stderr io.Writer) int {
	return o.job.run(ctx, env, stderr, func(ctx context.Context, log *logger, sc *scenarios.Scenario) (*plan.Result, error) {
		return plan.Schedule(ctx, sc, plan.Settings{Schedule: o.training.settings(), Log: &log.Logger})
	})
}
