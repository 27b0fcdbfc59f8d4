package main

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"placement/model"
	"placement/output"
	"placement/plan"
	"placement/scenarios"
	"placement/solver/mentor"
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
	fs.IntVar(&t.moves, "moves", 0,
		"training-schedule local-search moves (the limit that decides the result; 0: 400 per cohort, at least 40,000 and at most 800,000, each equipment's search ending after 40 per cohort (at least 40,000) without a better schedule; < 0: construction only)")
	fs.DurationVar(&t.timeLimit, "time-limit", 0,
		"stop the training-schedule and mentor searches early after this long each (0: solver.*.time_limit, else no limit; a run stopped by time is not reproducible)")
}

// settings are the stage settings the flags ask for.
func (t *trainingFlags) settings() schedule.Settings {
	return schedule.Settings{Seed: t.seed, MaxMoves: t.moves, TimeLimit: t.timeLimit}
}

// mentorSettings are the stage-3 settings the flags ask for: the same
// time limit.
func (t *trainingFlags) mentorSettings() mentor.Settings {
	return mentor.Settings{TimeLimit: t.timeLimit}
}

// outputFlags choose the form of the files a command writes.
type outputFlags struct {
	excel    bool
	lang     string
	xlsx     bool
	bySchool bool
}

func (f *outputFlags) add(fs *pflag.FlagSet) {
	fs.BoolVar(&f.excel, "excel", false,
		"write the CSV files as UTF-8 with a byte-order mark, so that Excel and WPS show Chinese text correctly")
	fs.StringVar(&f.lang, "lang", "",
		"the `lang`uage of plan.xlsx, zh or en; zh makes the CSV headers and values Chinese too (default: output.lang; unset: a Chinese plan.xlsx, English CSV files)")
	fs.BoolVar(&f.xlsx, "xlsx", true, "write plan.xlsx, the plan as one workbook, beside the CSV files")
	fs.BoolVar(&f.bySchool, "by-school", false,
		"write one workbook a school (plan_<school_id>.xlsx) instead of one sheet a school in plan.xlsx")
}

// options are the write options the flags ask for; the scenario's
// output.lang applies when --lang is not given. warnings go on the
// workbook's summary sheet.
func (f *outputFlags) options(sc *scenarios.Scenario, warnings model.Problems) (plan.WriteOptions, error) {
	lang := f.lang
	if lang == "" && sc != nil {
		lang = sc.Config.Output.Lang
	}
	l, err := output.ParseLang(lang)
	if err != nil {
		return plan.WriteOptions{}, fmt.Errorf("--lang %q must be zh or en", f.lang)
	}
	o := plan.WriteOptions{Excel: f.excel, Lang: l, BySchool: f.bySchool, NoWorkbook: !f.xlsx}
	for _, w := range warnings {
		o.Warnings = append(o.Warnings, w.String())
	}
	return o, nil
}
