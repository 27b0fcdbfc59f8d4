package main

import (
	"time"

	"github.com/spf13/pflag"

	"placement/plan"
	"placement/solver/schedule"
)

// scenarioFlags choose a scenario and its overrides; every command that
// reads a scenario shares them.
type scenarioFlags struct {
	path    string   // "" means the embedded demo
	sets    []string // "section.key=value"
	lenient bool
}

func (s *scenarioFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&s.path, "scenario", "", "scenario YAML `file` (default: the embedded demo)")
	// StringArray, not StringSlice: a value may hold commas ("weights.preference=30,20,10").
	fs.StringArrayVar(&s.sets, "set", nil,
		"override a scenario `key=value` (repeatable; lists comma-separated); beats PLACEMENT_* variables and the file")
	fs.BoolVar(&s.lenient, "lenient", false,
		"unknown keys in the scenario files and PLACEMENT_* variables naming no key are warnings, not errors (as the key lenient: true)")
}

// source is the scenario with the environment's PLACEMENT_* variables and
// the --set overrides.
func (s *scenarioFlags) source(env []string) plan.Source {
	return plan.Source{Path: s.path, Env: env, Set: s.sets, Lenient: s.lenient}
}

// trainingFlags tune stage 2; solve, schedule and whatif share them.
type trainingFlags struct {
	seed      uint64
	moves     int
	timeLimit time.Duration
}

func (t *trainingFlags) add(fs *pflag.FlagSet) {
	fs.Uint64Var(&t.seed, "seed", 1, "seed of the training-schedule search (same seed, same schedule)")
	fs.IntVar(&t.moves, "moves", schedule.DefaultMoves,
		"training-schedule local-search moves (the limit that decides the result; < 0: construction only)")
	fs.DurationVar(&t.timeLimit, "time-limit", 0,
		"stop the training-schedule search early after this long (0: no limit; a run stopped by time is not reproducible)")
}

// settings are the stage settings the flags ask for. --moves 0 means
// construction only, not schedule's default.
func (t *trainingFlags) settings() schedule.Settings {
	moves := t.moves
	if moves == 0 {
		moves = -1
	}
	return schedule.Settings{Seed: t.seed, MaxMoves: moves, TimeLimit: t.timeLimit}
}

// outputFlags choose the form of the files a command writes.
type outputFlags struct {
	excel bool
}

func (f *outputFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&f.excel, "excel", false,
		"write the CSV files as UTF-8 with a byte-order mark, so that Excel and WPS show Chinese text correctly")
}

func (f *outputFlags) options() plan.WriteOptions { return plan.WriteOptions{Excel: f.excel} }
