package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"github.com/spf13/pflag"

	"placement/model"
	"placement/plan"
	"placement/scenarios"
	"placement/whatif"
)

// gridFlags name a what-if grid: the base scenario, the axes and what
// changes the answer. whatif and whatif plan share them.
type gridFlags struct {
	scenario string   // "" means the embedded demo
	sets     []string // one axis each
	lenient  bool
	keep     bool
	training trainingFlags
	output   outputFlags
}

func (g *gridFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&g.scenario, "scenario", "", "base scenario YAML `file` (default: the embedded demo)")
	fs.StringArrayVar(&g.sets, "set", nil,
		"vary a key over `key=v1,v2,...` (repeatable: the grid is every combination); "+
			"list keys take [a,b],[c,d] or a,b;c,d; any key takes ;-separated values")
	fs.BoolVar(&g.lenient, "lenient", false,
		"unknown keys in the scenario files and PLACEMENT_* variables naming no key are warnings, not errors")
	fs.BoolVar(&g.keep, "keep", false, "also write each variant's full plan (what solve writes) into a folder of its own")
	g.training.add(fs)
	g.output.add(fs)
}

func (g *gridFlags) options(env []string, jobs int, log *zerolog.Logger) whatif.Options {
	return whatif.Options{
		Base: plan.Source{Path: g.scenario, Env: env, Lenient: g.lenient}, Settings: plan.Settings{Schedule: g.training.settings(), Mentor: g.training.mentorSettings()},
		Jobs: jobs, Keep: g.keep, Log: log,
	}
}

func (g *gridFlags) writeOptions(env []string) (whatif.WriteOptions, error) {
	kept, err := g.output.options(nil, nil) // --lang, --xlsx, --by-school for the kept plans
	return whatif.WriteOptions{Scenario: plan.Source{Path: g.scenario}.String(), Command: g.commandLine(env), Excel: g.output.excel,
		Kept: kept}, err
}

type whatifOptions struct {
	grid  gridFlags
	out   string
	jobs  int
	shard string
	log   logFlags
}

func whatifCommand() (*pflag.FlagSet, runFunc) {
	o := &whatifOptions{}
	fs := pflag.NewFlagSet("whatif", pflag.ContinueOnError)
	o.grid.add(fs)
	fs.StringVar(&o.out, "out", "whatif-out",
		"output `dir`ectory: whatif.csv, whatif.svg, whatif.md, whatif_timings.csv (and with --keep one folder a variant)")
	fs.IntVar(&o.jobs, "jobs", 0, "variants solved at once; 0: the number of cores (the output does not depend on it)")
	fs.StringVar(&o.shard, "shard", "",
		"solve only shard `K/N`: the variants whose index (number − 1) is K modulo N; --out gets the shard "+
			"(shard.json, its rows and kept plans) for `placement whatif merge`")
	o.log.add(fs)
	return fs, o.run
}

// run parses the axes, answers the question with whatif.Run and writes it
// with whatif.Write (or, for a shard, whatif.WriteShard); a failure
// anywhere writes nothing.
func (o *whatifOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	log, ok := newSyncLogger(&o.log, "whatif", stderr)
	if !ok {
		return exitInput
	}
	if o.jobs < 0 {
		log.Error().Int("jobs", o.jobs).Msg("--jobs must be at least 1 (or 0: the number of cores); nothing run")
		return exitInput
	}
	var shard whatif.Shard
	if o.shard != "" {
		var err error
		if shard, err = whatif.ParseShard(o.shard); err != nil {
			log.Error().Err(err).Msg("--shard: nothing run")
			return exitInput
		}
	}
	if code := checkOut(log, o.out); code != exitOK {
		return code
	}
	start := time.Now()
	opts := o.grid.options(env, o.jobs, &log.Logger)
	opts.Shard = shard
	axes, ps := o.grid.axes()
	if !log.problems(ps, opts.Base.String()) {
		return exitInput
	}
	opts.Axes = axes
	release, code := lockOut(log, o.out, nil)
	if code != exitOK {
		return code
	}
	defer release()
	wo, err := o.grid.writeOptions(env)
	if err != nil {
		log.Error().Err(err).Msg("nothing run")
		return exitInput
	}
	var key whatif.GridKey
	if shard.N > 0 {
		// The grid's key first: a base with errors stops the shard before
		// anything is solved. (Its warnings are the variants' too: Run
		// reports them.)
		var err error
		var kps model.Problems
		if key, kps, err = whatif.Key(ctx, opts, wo); err != nil {
			code, _ := o.inputError(log, kps, err, opts.Base.String())
			return code
		}
	}
	results, ps, err := whatif.Run(ctx, opts)
	if code, stop := o.inputError(log, ps, err, opts.Base.String()); stop {
		return code
	}

	t := time.Now()
	if shard.N > 0 {
		if err := whatif.WriteShard(ctx, o.out, key, shard, axes, results); err != nil {
			log.Error().Err(err).Str("dir", o.out).Msg("writing the shard failed")
			return exitFailure
		}
		log.Info().Str("stage", "write").Str("dir", o.out).Str("shard", shard.String()).Bool("keep", o.grid.keep).
			Float64("ms", ms(time.Since(t))).Msg("wrote shard")
		log.Info().Int("variants", len(results)).Int("grid", key.Variants).Float64("total_ms", ms(time.Since(start))).Msg("summary")
		fmt.Fprint(stdout, whatif.Text(axes, results))
		fmt.Fprintf(stdout, "\nwrote shard %s (%d of %d variants) in %s; put the %d shards together with `placement whatif merge`\n",
			shard, len(results), key.Variants, o.out, shard.N)
		return exitOK
	}
	names, err := whatif.Write(ctx, o.out, axes, results, wo)
	if err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the what-if failed")
		return exitFailure
	}
	log.Info().Str("stage", "write").Str("dir", o.out).Strs("files", names).Bool("keep", o.grid.keep).
		Float64("ms", ms(time.Since(t))).Msg("wrote what-if")
	log.Info().Int("variants", len(results)).Float64("total_ms", ms(time.Since(start))).Msg("summary")

	fmt.Fprint(stdout, whatif.Text(axes, results))
	fmt.Fprintf(stdout, "\nwrote %s, %s, %s and %s in %s\n",
		whatif.CSVFile, whatif.SVGFile, whatif.ReportFile, whatif.TimingsFile, o.out)
	return exitOK
}

// inputError reports the problems and error of whatif.Run or whatif.Key;
// stop tells whether the command must end, with code.
func (o *whatifOptions) inputError(log *logger, ps model.Problems, err error, base string) (code int, stop bool) {
	if len(ps) > 0 && !log.problems(ps, base) {
		return exitInput, true
	}
	switch {
	case err == nil:
		return exitOK, false
	case errors.Is(err, whatif.ErrInput):
		log.Error().Err(err).Msg("the what-if has errors; nothing written")
		return exitInput, true
	}
	return log.failed(err, "nothing written"), true
}

// newSyncLogger is the command's logger, taking records from several
// goroutines (the variants log at once) one at a time.
func newSyncLogger(f *logFlags, command string, stderr io.Writer) (*logger, bool) {
	if f.format == "auto" && isTerminal(stderr) {
		f.format = "text"
	}
	log, err := f.newLogger(zerolog.SyncWriter(stderr))
	if err != nil {
		fmt.Fprintf(stderr, "placement %s: %v\n", command, err)
		return nil, false
	}
	return log, true
}

// axes parses the --set flags. Problems name the flag.
func (g *gridFlags) axes() ([]whatif.Axis, model.Problems) {
	var ps model.Problems
	var axes []whatif.Axis
	first := map[string]string{} // key → the flag that varies it
	for _, s := range g.sets {
		a, err := whatif.ParseAxis(s, scenarios.IsListKey)
		if err != nil {
			ps.Errorf(whatif.SetFlag(s), 0, 0, "%v", err)
			continue
		}
		if prev, dup := first[a.Key]; dup {
			ps.Errorf(whatif.SetFlag(s), 0, 0, "%s is already varied by --set %q: give all its values in one --set", a.Key, prev)
			continue
		}
		first[a.Key] = s
		axes = append(axes, a)
	}
	return axes, ps
}

// args are the flags that ask the grid's question again, for a job that
// runs one of its shards: the scenario, every --set, the stage-2 flags
// that change results, --keep and --excel.
func (g *gridFlags) args() []string {
	var args []string
	if g.scenario != "" {
		args = append(args, "--scenario", g.scenario)
	}
	for _, s := range g.sets {
		args = append(args, "--set", s)
	}
	if g.training.seed != 1 {
		args = append(args, "--seed", fmt.Sprint(g.training.seed))
	}
	if g.training.moves != 0 {
		args = append(args, "--moves", fmt.Sprint(g.training.moves))
	}
	if g.training.timeLimit != 0 {
		args = append(args, "--time-limit", g.training.timeLimit.String())
	}
	if g.lenient {
		args = append(args, "--lenient")
	}
	if g.keep {
		args = append(args, "--keep")
	}
	if g.output.excel {
		args = append(args, "--excel")
	}
	return args
}

// placementEnv are the PLACEMENT_ variables in effect: part of the
// question, like the flags.
func placementEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if name, val, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, scenarios.EnvPrefix) && val != "" {
			out = append(out, kv)
		}
	}
	return out
}

// commandLine is the question as a command, for whatif.md: the
// PLACEMENT_ variables in effect, the scenario, every --set and the
// stage-2 flags that change results.
func (g *gridFlags) commandLine(env []string) string {
	var parts []string
	for _, kv := range placementEnv(env) {
		name, val, _ := strings.Cut(kv, "=")
		parts = append(parts, name+"="+shellQuote(val))
	}
	parts = append(parts, "placement whatif")
	if g.scenario != "" {
		parts = append(parts, "--scenario "+shellQuote(g.scenario))
	}
	for _, s := range g.sets {
		parts = append(parts, "--set "+shellQuote(s))
	}
	if g.training.seed != 1 {
		parts = append(parts, fmt.Sprintf("--seed %d", g.training.seed))
	}
	if g.training.moves != 0 {
		parts = append(parts, fmt.Sprintf("--moves %d", g.training.moves))
	}
	if g.training.timeLimit != 0 {
		parts = append(parts, "--time-limit "+g.training.timeLimit.String())
	}
	return strings.Join(parts, " ")
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/=,:+") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
