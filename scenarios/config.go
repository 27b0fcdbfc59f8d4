package scenarios

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/viper"

	"placement/model"
)

// Config is a scenario file read, merged with its overrides and checked.
type Config struct {
	Name     string // the name key; the file's base name without extension when empty
	Term     string
	Path     string          // the YAML file as given to LoadConfig
	Dir      string          // the directory of Path
	Data     model.DataPaths // resolved against the YAML file's directory; absolute paths kept
	Policy   model.Policy
	Weights  model.Weights
	Calendar Calendar
	Training Training
	Solver   Solver
	// Lenient is the lenient key: unknown keys in the scenario files and
	// PLACEMENT_ variables naming no key are warnings, not errors.
	Lenient bool
	// Files are the scenario files read: the files extended first, Path
	// last.
	Files  []string
	Replan Replan
	Output Output
}

// Replan is the replan section: how `placement replan` weighs keeping a
// student at its previous post.
type Replan struct {
	// KeepBonus is the worth of one student kept at its previous post
	// (replan.keep_bonus); 0 is the default, a bonus larger than any
	// difference in Z (assign.DefaultKeepBonus).
	KeepBonus int
}

// Output is the output section: how the plan is written for people.
type Output struct {
	// Lang is "zh" or "en", or "" (a Chinese workbook, English CSV
	// files); a front end's --lang flag beats it.
	Lang string
}

// Calendar is the calendar section: the weeks, days and periods in which
// training sessions can be scheduled.
type Calendar struct {
	Weeks   int      // weeks 1..Weeks
	Days    []string // a subset of mon..sun, in week order
	Periods []string // in the order given
}

// Solver is the solver section: how long the heuristic stages may search.
// A zero limit means none: the searches stop on their counted budgets, so
// the same input gives the same plan. A command-line --time-limit beats
// these keys.
type Solver struct {
	ScheduleTimeLimit time.Duration // solver.schedule.time_limit (stage 2)
	MentorTimeLimit   time.Duration // solver.mentor.time_limit (stage 3)
}

// Training is the training section: how often one cohort can train.
type Training struct {
	MaxSessionsPerDay  int
	MaxSessionsPerWeek int
}

// weekDays are the day names a calendar can use, in week order.
var weekDays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// DefaultCalendar is the calendar of SPEC.md when its keys are absent.
func DefaultCalendar() Calendar {
	return Calendar{
		Weeks:   18,
		Days:    []string{"mon", "tue", "wed", "thu", "fri", "sat"},
		Periods: []string{"am", "pm", "eve"},
	}
}

// DefaultTraining is the training section of SPEC.md when its keys are absent.
func DefaultTraining() Training {
	return Training{MaxSessionsPerDay: 1, MaxSessionsPerWeek: 2}
}

// Options are the overrides of a scenario file.
type Options struct {
	// Env is the environment, as os.Environ returns it; nil means none.
	// Only PLACEMENT_<SECTION>_<KEY> variables are read.
	Env []string
	// Set are "section.key=value" overrides from the command line; they
	// take precedence over everything else. Lists are comma-separated.
	Set []string
	// Lenient makes unknown keys in the scenario files, and PLACEMENT_
	// variables that name no key, warnings instead of errors (the
	// command line's --lenient; the lenient key does the same).
	Lenient bool
}

// EnvPrefix starts the name of every environment variable read.
const EnvPrefix = "PLACEMENT_"

// Keys lists every key that a scenario file, a PLACEMENT_ variable or an
// Options.Set override can set, in the order of SPEC.md.
func Keys() []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

// files is where scenario files are read from: the operating system, or
// the embedded demo.
type files struct {
	read  func(name string) ([]byte, error)
	join  func(elem ...string) string
	dir   func(name string) string
	isAbs func(name string) bool
}

// osFiles reads scenario files from disk: regular files only, and no
// more than MaxScenarioBytes of them (model.ReadFileLimit), so that
// --scenario /dev/zero or extends: /dev/zero is refused at once, and a
// named pipe does not hang the run.
var osFiles = files{
	read:  func(name string) ([]byte, error) { return model.ReadFileLimit(name, MaxScenarioBytes) },
	join:  filepath.Join,
	dir:   filepath.Dir,
	isAbs: filepath.IsAbs,
}

// EnvVar is the environment variable that sets key:
// "weights.award.city" is PLACEMENT_WEIGHTS_AWARD_CITY.
func EnvVar(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// loadConfig reads a scenario file over any files. It returns a nil config only
// when the scenario file itself could not be read or parsed; otherwise
// the config holds every value that was valid (defaults for the others),
// so that Load can still report the problems of the data files.
func loadConfig(fsys files, name string, opts Options) (*Config, model.Problems) {
	var ps model.Problems
	dir := fsys.dir(name)
	chain, ok := readChain(fsys, name, &ps)
	if !ok {
		return nil, ps
	}

	// Viper merges the layers; every leaf is a value that remembers its
	// text and where it came from. The chain is merged base first, so the
	// nearest file wins; Set is viper's top layer, so the environment is
	// set before the flags to let the flags win.
	v := viper.New()
	for _, f := range chain {
		if err := v.MergeConfigMap(nest(f.values)); err != nil {
			ps.Errorf(f.name, 0, 0, "%v", err)
		}
	}
	envs, envUnknown := envValues(opts.Env, dir)
	for _, kv := range envs {
		v.Set(kv.key, kv.val)
	}
	for _, kv := range flagValues(opts.Set, dir, &ps) {
		v.Set(kv.key, kv.val)
	}

	cfg := &Config{
		Path:     name,
		Dir:      dir,
		Policy:   model.DefaultPolicy(),
		Weights:  model.DefaultWeights(),
		Calendar: DefaultCalendar(),
		Training: DefaultTraining(),
	}
	for _, f := range fields {
		raw := v.Get(f.key)
		if raw == nil {
			continue // absent: the default stays
		}
		val, ok := raw.(value)
		if !ok {
			panic(fmt.Sprintf("scenarios: viper holds a %T for %s", raw, f.key))
		}
		f.set(cfg, val, fsys, &ps)
	}
	if cfg.Name == "" {
		base := path.Base(filepath.ToSlash(name))
		cfg.Name = strings.TrimSuffix(base, path.Ext(base))
	}
	// Unknown keys: errors, unless --lenient or the lenient key says
	// otherwise. A misspelled key would otherwise leave its default in
	// place and give a plan that looks right.
	lenient, hinted := opts.Lenient || cfg.Lenient, false
	for i := len(chain) - 1; i >= 0; i-- {
		reportUnknown(chain[i].unknown, chain[i].alien, lenient, &hinted, &ps)
	}
	reportUnknown(envUnknown, false, lenient, &hinted, &ps)
	for _, f := range chain {
		cfg.Files = append(cfg.Files, f.name)
	}
	requireData(cfg, chain, &ps)
	return cfg, ps
}

// requireData reports the required data paths that no layer set.
func requireData(cfg *Config, chain []scenarioFile, ps *model.Problems) {
	d := cfg.Data
	required := []struct{ key, path string }{
		{"data.schools", d.Schools},
		{"data.students", d.Students},
		{"data.enterprises", d.Enterprises},
		{"data.posts", d.Posts},
		{"data.specialties", d.Specialties},
		{"data.districts", d.Districts},
		{"data.distances", d.Distances},
	}
	// Point at the nearest data section, or at the file.
	top := chain[len(chain)-1]
	at := origin{file: top.name}
	for i := len(chain) - 1; i >= 0; i-- {
		if o, ok := chain[i].sections["data"]; ok {
			at = o
			break
		}
	}
	for _, r := range required {
		if r.path == "" {
			ps.Errorf(at.file, at.line, at.col, "%s is required: the %s file of the scenario", r.key, strings.TrimPrefix(r.key, "data."))
		}
	}
}
