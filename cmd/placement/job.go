package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"placement/plan"
	"placement/scenarios"
)

// planJob is what solve, schedule and mentors share: load the scenario,
// run a stage function of package plan, write the plan directory, log each
// step with its figures and wall time. Nothing is written unless every step
// before succeeded.
type planJob struct {
	name     string // the command, for messages
	what     string // what is written: "plan", "schedule", "mentor plan"
	scenario scenarioFlags
	out      string
	output   outputFlags
	log      logFlags
}

func (j *planJob) add(fs *pflag.FlagSet, outFiles string) {
	j.scenario.add(fs)
	fs.StringVar(&j.out, "out", "out", "output `dir`ectory: "+outFiles)
	j.output.add(fs)
	j.log.add(fs)
}

// stageFunc runs the command's stages on a loaded scenario.
type stageFunc func(ctx context.Context, log *logger, sc *scenarios.Scenario) (*plan.Result, error)

// run is load → stages → write → summary log; it returns the exit code.
func (j *planJob) run(ctx context.Context, env []string, stderr io.Writer, stages stageFunc) int {
	log, err := j.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement %s: %v\n", j.name, err)
		return exitInput
	}
	start := time.Now()
	src := j.scenario.source(env)
	sc, ps := plan.Load(ctx, src)
	if !log.problems(ps, src.String()) {
		return exitInput
	}
	r := sc.Roster
	loadTime := time.Since(start)
	log.Info().Str("stage", "load").Str("scenario", sc.Config.Name).Str("term", sc.Config.Term).
		Str("file", src.String()).
		Int("schools", len(r.Schools)).Int("students", len(r.Students)).
		Int("enterprises", len(r.Enterprises)).Int("posts", len(r.Posts)).Int("pins", len(r.Pins)).
		Int("bases", len(sc.Bases)).Int("cohorts", len(sc.Cohorts)).Int("mentors", len(sc.Mentors)).
		Int("warnings", len(ps.Warnings())).Float64("ms", ms(loadTime)).
		Msg("loaded scenario")

	p, err := stages(ctx, log, sc)
	if err != nil {
		return log.failed(err, "nothing written")
	}

	t := time.Now()
	if err := plan.Write(ctx, j.out, p, j.output.options()); err != nil {
		log.Error().Err(err).Str("dir", j.out).Msgf("writing the %s failed", j.what)
		return exitFailure
	}
	writeTime := time.Since(t)
	names := make([]string, len(p.Files))
	for i, f := range p.Files {
		names[i] = f.Name
	}
	log.Info().Str("stage", "write").Str("dir", j.out).Strs("files", names).Float64("ms", ms(writeTime)).
		Msgf("wrote %s", j.what)

	// The summary figures, as in summary.json, plus the wall times that
	// summary.json leaves out.
	sum := p.Summary
	e := log.Info().Str("scenario", sum.Scenario)
	if a := p.Assign; a != nil {
		e = e.Float64("placement_rate", sum.PlacementRate).
			Float64("exact_share", sum.ExactShare).Float64("related_share", sum.RelatedShare).
			Int("compliant_enterprises", sum.CompliantEnterprises).Int("quota_enterprises", sum.QuotaEnterprises).
			Int("total_shortfall", sum.TotalShortfall).
			Int64("internship_yuan", sum.Subsidies.InternshipYuan).Int64("order_class_yuan", sum.Subsidies.OrderClassYuan)
	}
	if t := sum.Stages.Training; t != nil {
		e = e.Int64("p", t.PenaltyP).Float64("training_gap", t.Gap).Int("trained_employees", t.TrainedEmployees).
			Int64("training_yuan", sum.Subsidies.TrainingYuan)
	}
	if m := sum.Stages.Mentors; m != nil {
		e = e.Int64("m", m.PenaltyM).Float64("mentors_gap", m.Gap).
			Int("teacher_missing", m.TeacherMissing).Int("expert_missing", m.ExpertMissing)
	}
	e.Int64("total_yuan", sum.Subsidies.TotalYuan).
		Float64("load_ms", ms(loadTime)).Float64("assignment_ms", ms(p.Times.Assign)).
		Float64("training_ms", ms(p.Times.Schedule)).Float64("mentors_ms", ms(p.Times.Mentor)).
		Float64("write_ms", ms(writeTime)).Float64("total_ms", ms(time.Since(start))).
		Msg("summary")
	return exitOK
}

// failed logs the error of a library call and returns its exit code: 2 for
// input the stages refused, 1 for anything else (a cancelled run included;
// main turns that into 130 or 143). after says what became of the output.
func (l *logger) failed(err error, after string) int {
	switch {
	case errors.Is(err, plan.ErrInput):
		l.Error().Err(err).Msg("the input was refused; " + after)
		return exitInput
	case errors.Is(err, context.Canceled):
		l.Error().Msg("interrupted; " + after)
		return exitFailure
	}
	l.Error().Err(err).Msg("failed; " + after)
	return exitFailure
}
