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
	"placement/solver/schedule"
	"placement/whatif"
)

type whatifOptions struct {
	scenario string // "" means the embedded demo
	lenient  bool
	sets     []string // one axis each
	out      string
	jobs     int
	keep     bool
	training trainingFlags
	output   outputFlags
	log      logFlags
}

func whatifCommand() (*pflag.FlagSet, runFunc) {
	o := &whatifOptions{}
	fs := pflag.NewFlagSet("whatif", pflag.ContinueOnError)
	fs.StringVar(&o.scenario, "scenario", "", "base scenario YAML `file` (default: the embedded demo)")
	fs.StringArrayVar(&o.sets, "set", nil,
		"vary a key over `key=v1,v2,...` (repeatable: the grid is every combination); "+
			"list keys take [a,b],[c,d] or a,b;c,d; any key takes ;-separated values")
	fs.StringVar(&o.out, "out", "whatif-out",
		"output `dir`ectory: whatif.csv, whatif.svg, whatif.md, whatif_timings.csv (and with --keep one folder a variant)")
	fs.BoolVar(&o.lenient, "lenient", false,
		"unknown keys in the scenario files and PLACEMENT_* variables naming no key are warnings, not errors")
	fs.IntVar(&o.jobs, "jobs", 0, "variants solved at once; 0: the number of cores (the output does not depend on it)")
	fs.BoolVar(&o.keep, "keep", false, "also write each variant's full plan (what solve writes) into a folder of its own")
	o.training.add(fs)
	o.output.add(fs)
	o.log.add(fs)
	return fs, o.run
}

// run parses the axes, answers the question with whatif.Run and writes it
// with whatif.Write; a failure anywhere writes nothing.
func (o *whatifOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	if o.log.format == "auto" && isTerminal(stderr) {
		o.log.format = "text"
	}
	// Variants log from several goroutines: one record at a time.
	log, err := o.log.newLogger(zerolog.SyncWriter(stderr))
	if err != nil {
		fmt.Fprintf(stderr, "placement whatif: %v\n", err)
		return exitInput
	}
	if o.jobs < 0 {
		log.Error().Int("jobs", o.jobs).Msg("--jobs must be at least 1 (or 0: the number of cores); nothing run")
		return exitInput
	}
	start := time.Now()
	if code := checkOut(log, o.out); code != exitOK {
		return code
	}
	base := plan.Source{Path: o.scenario, Env: env, Lenient: o.lenient}
	axes, ps := o.axes()
	if !log.problems(ps, base.String()) {
		return exitInput
	}
	release, code := lockOut(log, o.out, nil)
	if code != exitOK {
		return code
	}
	defer release()
	results, ps, err := whatif.Run(ctx, whatif.Options{
		Base: base, Axes: axes, Settings: plan.Settings{Schedule: o.training.settings()},
		Jobs: o.jobs, Keep: o.keep, Log: &log.Logger,
	})
	if len(ps) > 0 && !log.problems(ps, base.String()) {
		return exitInput
	}
	if err != nil {
		if errors.Is(err, whatif.ErrInput) {
			log.Error().Err(err).Msg("the what-if has errors; nothing written")
			return exitInput
		}
		return log.failed(err, "nothing written")
	}

	t := time.Now()
	names, err := whatif.Write(ctx, o.out, axes, results, whatif.WriteOptions{
		Scenario: base.String(), Command: o.commandLine(env), Excel: o.output.excel,
	})
	if err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the what-if failed")
		return exitFailure
	}
	log.Info().Str("stage", "write").Str("dir", o.out).Strs("files", names).Bool("keep", o.keep).
		Float64("ms", ms(time.Since(t))).Msg("wrote what-if")
	log.Info().Int("variants", len(results)).Float64("total_ms", ms(time.Since(start))).Msg("summary")

	fmt.Fprint(stdout, whatif.Text(axes, results))
	fmt.Fprintf(stdout, "\nwrote %s, %s, %s and %s in %s\n",
		whatif.CSVFile, whatif.SVGFile, whatif.ReportFile, whatif.TimingsFile, o.out)
	return exitOK
}

// axes parses the --set flags. Problems name the flag.
func (o *whatifOptions) axes() ([]whatif.Axis, model.Problems) {
	var ps model.Problems
	var axes []whatif.Axis
	first := map[string]string{} // key → the flag that varies it
	for _, s := range o.sets {
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

// commandLine is the question as a command, for whatif.md: the
// PLACEMENT_ variables in effect, the scenario, every --set and the
// stage-2 flags that change results.
func (o *whatifOptions) commandLine(env []string) string {
	var parts []string
	for _, kv := range env {
		if name, val, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, scenarios.EnvPrefix) && val != "" {
			parts = append(parts, name+"="+shellQuote(val))
		}
	}
	parts = append(parts, "placement whatif")
	if o.scenario != "" {
		parts = append(parts, "--scenario "+shellQuote(o.scenario))
	}
	for _, s := range o.sets {
		parts = append(parts, "--set "+shellQuote(s))
	}
	if o.training.seed != 1 {
		parts = append(parts, fmt.Sprintf("--seed %d", o.training.seed))
	}
	if o.training.moves != schedule.DefaultMoves {
		parts = append(parts, fmt.Sprintf("--moves %d", o.training.moves))
	}
	if o.training.timeLimit != 0 {
		parts = append(parts, "--time-limit "+o.training.timeLimit.String())
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
