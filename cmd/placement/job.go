package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"placement/output"
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
	profile  profileFlags
	inputs   []string // input files besides the scenario's (an assignments file)
}

func (j *planJob) add(fs *pflag.FlagSet, outFiles string) {
	j.scenario.add(fs)
	fs.StringVar(&j.out, "out", "out", "output `dir`ectory: "+outFiles)
	j.output.add(fs)
	j.log.add(fs)
	j.profile.add(fs)
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
	defer j.profile.start(log)()
	start := time.Now()
	if code := checkOut(log, j.out); code != exitOK {
		return code
	}
	src := j.scenario.source(env)
	sc, ps := plan.Load(ctx, src)
	if !log.problems(ps, src.String()) {
		return exitInput
	}
	inputs := append(sc.InputFiles(), j.inputs...)
	release, code := lockOut(log, j.out, inputs)
	if code != exitOK {
		return code
	}
	defer release()
	r := sc.Roster
	loadTime := time.Since(start)
	log.Info().Str("stage", "load").Str("scenario", sc.Config.Name).Str("term", sc.Config.Term).
		Str("file", src.String()).
		Int("schools", len(r.Schools)).Int("students", len(r.Students)).
		Int("enterprises", len(r.Enterprises)).Int("posts", len(r.Posts)).Int("pins", len(r.Pins)).
		Int("bases", len(sc.Bases)).Int("cohorts", len(sc.Cohorts)).Int("mentors", len(sc.Mentors)).
		Int("warnings", len(ps.Warnings())).Float64("ms", ms(loadTime)).
		Msg("loaded scenario")

	opts, err := j.output.options(sc, ps.Warnings())
	if err != nil {
		log.Error().Err(err).Msg("nothing run")
		return exitInput
	}
	p, err := stages(ctx, log, sc)
	if err != nil {
		return log.failed(err, "nothing written")
	}

	t := time.Now()
	opts.Inputs = inputs
	files, err := plan.WriteFiles(p, opts)
	if err == nil {
		var rep output.Report
		rep, err = output.WritePlanContext(ctx, j.out, files, opts.Inputs)
		logReport(log, j.out, rep)
	}
	if err != nil {
		log.Error().Err(err).Str("dir", j.out).Msgf("writing the %s failed", j.what)
		return exitFailure
	}
	writeTime := time.Since(t)
	names := make([]string, len(files))
	for i, f := range files {
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
		Float64("fairness_ms", ms(p.Times.Fairness)).Float64("assignment_files_ms", ms(p.Times.Files)).
		Float64("training_ms", ms(p.Times.Schedule)).Float64("mentors_ms", ms(p.Times.Mentor)).
		Float64("write_ms", ms(writeTime)).Float64("total_ms", ms(time.Since(start))).
		Msg("summary")
	if isTerminal(stderr) {
		// A person is watching: the plan in a few plain lines, after the log.
		fmt.Fprint(stderr, "\n"+output.Brief(sum, opts.Lang, j.out))
	}
	return exitOK
}

// checkOut refuses, before any work, an --out that cannot be written (a
// file, an unwritable or read-only directory); exit code 2.
func checkOut(log *logger, dir string) int {
	if err := output.CheckOutDir(dir); err != nil {
		log.Error().Err(err).Str("dir", dir).Msg("--out cannot be used; nothing done, nothing written")
		return exitInput
	}
	return exitOK
}

// lockOut, once the scenario is loaded and before it is solved, refuses an
// --out where the plan would replace or remove one of inputs, and takes
// the directory's lock (output.LockDir), so that no other run writes there
// until release is called. The exit code is 2 when the directory cannot be
// used, another run's included.
func lockOut(log *logger, dir string, inputs []string) (release func(), code int) {
	if err := output.CheckPlanInputs(dir, inputs); err != nil {
		log.Error().Err(err).Str("dir", dir).Msg("--out holds an input file; nothing done, nothing written")
		return nil, exitInput
	}
	lock, err := output.LockDir(dir)
	if err != nil {
		log.Error().Err(err).Str("dir", dir).Msg("--out cannot be locked; nothing done, nothing written")
		return nil, exitInput
	}
	return lock.Release, exitOK
}

// logReport logs what a write removed besides writing its files.
func logReport(log *logger, dir string, rep output.Report) {
	if len(rep.Leftovers) > 0 {
		log.Warn().Str("dir", dir).Strs("removed", rep.Leftovers).
			Msg("removed temporary directories left in --out by a run that was killed while writing")
	}
	if len(rep.Removed) > 0 {
		log.Info().Str("dir", dir).Strs("removed", rep.Removed).
			Msg("removed the previous plan's files that this plan does not have (one plan a directory)")
	}
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
