package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"placement/plan"
	"placement/scenarios"
)

type replanOptions struct {
	job      planJob
	previous string
}

func replanCommand() (*pflag.FlagSet, runFunc) {
	o := &replanOptions{job: planJob{name: "replan", what: "plan"}}
	fs := pflag.NewFlagSet("replan", pflag.ContinueOnError)
	fs.StringVar(&o.previous, "previous", "",
		"the previous plan `dir`ectory (its assignments.csv; mentor_pairs.csv and unassigned.csv when present)")
	o.job.add(fs, "the plan's files as solve writes them, plus changes.csv")
	return fs, o.run
}

// run reads the previous plan and re-plans the scenario as it is now
// (plan.Replan): as few students moved as the data allows.
func (o *replanOptions) run(ctx context.Context, env []string, _, stderr io.Writer) int {
	if o.previous == "" {
		fmt.Fprintln(stderr, "placement replan: --previous DIR is required (the plan to start from); nothing written")
		return exitInput
	}
	return o.job.run(ctx, env, stderr, func(ctx context.Context, log *logger, sc *scenarios.Scenario) (*plan.Result, error) {
		prev, ps := plan.LoadPrevious(ctx, o.previous)
		if !log.problems(ps, o.previous) {
			return nil, fmt.Errorf("%w: the previous plan %s has %d errors", plan.ErrInput, o.previous, len(ps.Errors()))
		}
		log.Info().Str("stage", "load").Str("previous", o.previous).Int("placed", len(prev.Post)).
			Int("unplaced", len(prev.Unplaced)).Bool("mentors", prev.Teacher != nil).
			Msg("loaded the previous plan")
		return plan.Replan(ctx, sc, prev, plan.Settings{Log: &log.Logger})
	})
}
