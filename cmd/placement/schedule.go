package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"placement/cmd/placement/internal/output"
	"placement/model"
	"placement/scenarios"
	"placement/solver"
)

// trainingFlags tune stage 2; solve and schedule share them.
type trainingFlags struct {
	seed      uint64
	moves     int
	timeLimit time.Duration
}

func (t *trainingFlags) add(fs *pflag.FlagSet) {
	fs.Uint64Var(&t.seed, "seed", 1, "seed of the training-schedule search (same seed, same schedule)")
	fs.IntVar(&t.moves, "moves", solver.DefaultScheduleMoves,
		"training-schedule local-search moves (the limit that decides the result; < 0: construction only)")
	fs.DurationVar(&t.timeLimit, "time-limit", 0,
		"stop the training-schedule search early after this long (0: no limit; a run stopped by time is not reproducible)")
}

// hasTraining reports whether the scenario asks for stage 2.
func hasTraining(sc *scenarios.Scenario) bool {
	return sc.Config.Data.Bases != "" && sc.Config.Data.Cohorts != ""
}

// schedule runs stage 2 and logs it; the exit code is exitOK on success.
func (t *trainingFlags) schedule(log *logger, sc *scenarios.Scenario) (*solver.ScheduleResult, time.Duration, int) {
	start := time.Now()
	moves := t.moves
	if moves == 0 {
		moves = -1 // --moves 0: construction only, not "the default"
	}
	res, err := solver.Schedule(sc.Bases, sc.Cohorts, model.NewDistanceTable(sc.Roster),
		model.Calendar(sc.Config.Calendar), model.Training(sc.Config.Training), sc.Config.Weights,
		solver.ScheduleSettings{Seed: t.seed, MaxMoves: moves, TimeLimit: t.timeLimit})
	if err != nil {
		if errors.Is(err, solver.ErrScheduleInput) {
			log.Error().Err(err).Msg("the training scheduler rejected the input; nothing written")
			return nil, 0, exitInput
		}
		log.Error().Err(err).Msg("stage 2 failed; nothing written")
		return nil, 0, exitFailure
	}
	elapsed := time.Since(start)
	missing := 0
	for _, u := range res.Unscheduled {
		missing += u.Missing
	}
	st := res.Stats
	log.Info().Str("stage", "training").Int64("p", res.P).Int64("bound", res.Bound).
		Float64("gap", res.Gap()).
		Int64("km_penalty", res.KmPenalty).Int64("switch_penalty", res.SwitchPenalty).
		Int64("unscheduled_penalty", res.UnscheduledPenalty).
		Int("bases", len(sc.Bases)).Int("cohorts", st.Cohorts).Int("sessions", st.Sessions).
		Int("scheduled", len(res.Sessions)).Int("unscheduled", missing).
		Int64("construction_p", st.ConstructionP).Int("moves", st.Moves).Int("accepted", st.Accepted).
		Int("improvements", st.Improvements).Str("stopped_by", st.StoppedBy).
		Float64("construction_ms", ms(st.Construction)).Float64("search_ms", ms(st.Search)).
		Float64("ms", ms(elapsed)).
		Msg("solved stage 2 (training schedule)")
	return res, elapsed, exitOK
}

type scheduleOptions struct {
	scenario scenarioFlags
	training trainingFlags
	out      string
	output   outputFlags
	log      logFlags
}

func scheduleCommand() (*pflag.FlagSet, runFunc) {
	o := &scheduleOptions{}
	fs := pflag.NewFlagSet("schedule", pflag.ContinueOnError)
	o.scenario.add(fs)
	fs.StringVar(&o.out, "out", "out",
		"output `dir`ectory: training_schedule.csv, training_unscheduled.csv, bases_utilization.csv, summary.json")
	o.training.add(fs)
	o.output.add(fs)
	o.log.add(fs)
	return fs, o.run
}

// run is load → stage 2 → write; stage 1 is not run.
func (o *scheduleOptions) run(env []string, stdout, stderr io.Writer) int {
	log, err := o.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement schedule: %v\n", err)
		return exitInput
	}
	start := time.Now()
	sc, ps, code := o.scenario.loadLogged(log, env)
	if code != exitOK {
		return code
	}
	if !hasTraining(sc) {
		log.Error().Str("scenario", o.scenario.source()).
			Msg("the scenario names no bases and cohorts (data.bases, data.cohorts); nothing to schedule, nothing written")
		return exitInput
	}
	log.Info().Str("stage", "load").Str("scenario", sc.Config.Name).Str("term", sc.Config.Term).
		Str("file", o.scenario.source()).Int("bases", len(sc.Bases)).Int("cohorts", len(sc.Cohorts)).
		Int("warnings", len(ps.Warnings())).Float64("ms", ms(time.Since(start))).
		Msg("loaded scenario")

	res, trainTime, code := o.training.schedule(log, sc)
	if code != exitOK {
		return code
	}
	files, sum, err := output.BuildTraining(sc, res)
	if err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the schedule failed")
		return exitFailure
	}
	if _, code := o.output.writeLogged(log, o.out, files, sum, "schedule"); code != exitOK {
		return code
	}
	log.Info().Str("scenario", sum.Scenario).
		Int64("p", sum.Stages.Training.PenaltyP).Int64("bound", sum.Stages.Training.Bound).
		Float64("gap", sum.Stages.Training.Gap).
		Int("trained_employees", sum.Stages.Training.TrainedEmployees).
		Int64("training_yuan", sum.Subsidies.TrainingYuan).
		Float64("training_ms", ms(trainTime)).Float64("total_ms", ms(time.Since(start))).
		Msg("summary")
	return exitOK
}
