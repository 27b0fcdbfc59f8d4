package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"
)

type solveOptions struct {
	scenario scenarioFlags
	training trainingFlags
	out      string
	output   outputFlags
	log      logFlags
}

func solveCommand() (*pflag.FlagSet, runFunc) {
	o := &solveOptions{}
	fs := pflag.NewFlagSet("solve", pflag.ContinueOnError)
	o.scenario.add(fs)
	fs.StringVar(&o.out, "out", "out", "output `dir`ectory: assignments.csv, unassigned.csv, enterprises.csv, summary.json")
	o.training.add(fs)
	o.output.add(fs)
	o.log.add(fs)
	return fs, o.run
}

// run is load → solve → write, logging each stage with its counts and
// wall time. Nothing is written unless every stage before succeeded.
func (o *solveOptions) run(env []string, stdout, stderr io.Writer) int {
	log, err := o.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement solve: %v\n", err)
		return exitInput
	}
	start := time.Now()

	// Load.
	sc, ps, code := o.scenario.loadLogged(log, env)
	if code != exitOK {
		return code
	}
	r := sc.Roster
	loadTime := time.Since(start)
	log.Info().Str("stage", "load").Str("scenario", sc.Config.Name).Str("term", sc.Config.Term).
		Str("file", o.scenario.source()).
		Int("schools", len(r.Schools)).Int("students", len(r.Students)).
		Int("enterprises", len(r.Enterprises)).Int("posts", len(r.Posts)).Int("pins", len(r.Pins)).
		Int("warnings", len(ps.Warnings())).Float64("ms", ms(loadTime)).
		Msg("loaded scenario")

	// Stages 1, 2 and 3, as the scenario has them; files built, not written.
	p, code := solveStages(log, sc, &o.training)
	if code != exitOK {
		return code
	}

	// Write.
	sum := p.sum
	writeTime, code := o.output.writeLogged(log, o.out, p.files, sum, "plan")
	if code != exitOK {
		return code
	}

	// The summary figures, as in summary.json, plus the wall times that
	// summary.json leaves out.
	log.Info().Str("scenario", sum.Scenario).
		Float64("placement_rate", sum.PlacementRate).
		Float64("exact_share", sum.ExactShare).Float64("related_share", sum.RelatedShare).
		Int("compliant_enterprises", sum.CompliantEnterprises).Int("quota_enterprises", sum.QuotaEnterprises).
		Int("total_shortfall", sum.TotalShortfall).
		Int64("internship_yuan", sum.Subsidies.InternshipYuan).Int64("training_yuan", sum.Subsidies.TrainingYuan).
		Int64("order_class_yuan", sum.Subsidies.OrderClassYuan).Int64("total_yuan", sum.Subsidies.TotalYuan).
		Float64("load_ms", ms(loadTime)).Float64("assignment_ms", ms(p.times.assignment)).Float64("training_ms", ms(p.times.training)).Float64("mentors_ms", ms(p.times.mentors)).Float64("write_ms", ms(writeTime)).
		Float64("total_ms", ms(time.Since(start))).
		Msg("summary")
	return exitOK
}
