package main

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"placement/cmd/placement/internal/output"
	"placement/cmd/placement/internal/whatif"
	"placement/model"
	"placement/scenarios"
	"placement/solver"
)

type whatifOptions struct {
	scenario string   // "" means the embedded demo
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
	fs.StringVar(&o.out, "out", "whatif",
		"output `dir`ectory: whatif.csv, whatif.svg, whatif.md, whatif_timings.csv (and with --keep one folder a variant)")
	fs.IntVar(&o.jobs, "jobs", 0, "variants solved at once; 0: the number of cores (the output does not depend on it)")
	fs.BoolVar(&o.keep, "keep", false, "also write each variant's full plan (what solve writes) into a folder of its own")
	o.training.add(fs)
	o.output.add(fs)
	o.log.add(fs)
	return fs, o.run
}

// variantRun is one variant on its way through the grid.
type variantRun struct {
	variant whatif.Variant
	sets    []string
	result  whatif.Result
	files   []output.File // with --keep
	sum     *output.Summary
	code    int
}

// run is: read the grid → load every variant (all problems, nothing run
// if there is one) → solve the variants in parallel through solveStages,
// as solve does → write the table, chart and report (and with --keep
// every plan) at the end, so a failure writes nothing.
func (o *whatifOptions) run(env []string, stdout, stderr io.Writer) int {
	// Variants log from several goroutines: one writer, one record at a time.
	if o.log.format == "auto" && isTerminal(stderr) {
		o.log.format = "text"
	}
	log, err := o.log.newLogger(&lockedWriter{w: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "placement whatif: %v\n", err)
		return exitInput
	}
	switch {
	case o.jobs < 0:
		log.Error().Int("jobs", o.jobs).Msg("--jobs must be at least 1 (or 0: the number of cores); nothing run")
		return exitInput
	case o.jobs == 0:
		o.jobs = runtime.NumCPU()
	}
	start := time.Now()

	// The grid.
	axes, variants, ps := o.grid()
	if ps.Err() == nil {
		ps = append(ps, o.validate(env, axes, variants)...)
	}
	log.warnings(ps)
	if ps.Err() != nil {
		log.errors(ps)
		log.Error().Int("errors", len(ps.Errors())).Str("scenario", o.source()).
			Msg("the what-if has errors; nothing run, nothing written")
		return exitInput
	}
	log.Info().Str("stage", "grid").Str("scenario", o.source()).Int("variants", len(variants)).
		Int("jobs", min(o.jobs, len(variants))).Float64("ms", ms(time.Since(start))).
		Msg("checked every variant")

	// Solve, in parallel; results land in grid order.
	runs := make([]*variantRun, len(variants))
	for i, v := range variants {
		runs[i] = &variantRun{variant: v, sets: v.Sets(axes)}
	}
	o.solveAll(env, log, axes, runs)
	for _, r := range runs {
		if r.code != exitOK {
			log.Error().Int("variant", r.variant.Number).Str("overrides", r.variant.Label(axes)).
				Msg("a variant failed; nothing written")
			return r.code
		}
	}
	results := make([]whatif.Result, len(runs))
	for i, r := range runs {
		results[i] = r.result
	}

	// Write: every kept plan, then the what-if files, whatif.csv last.
	t := time.Now()
	name := results[0].Row.Scenario
	chart, err := whatif.SVG(name, axes, results)
	if err != nil {
		log.Error().Err(err).Msg("drawing the chart failed; nothing written")
		return exitFailure
	}
	files := []output.File{
		{Name: whatif.SVGFile, Data: chart},
		{Name: whatif.ReportFile, Data: whatif.Markdown(o.source(), name, o.commandLine(env), axes, results)},
		whatif.TimingsCSV(axes, results),
		whatif.CSV(axes, results),
	}
	if o.output.excel { // a byte-order mark on the two CSV files
		if files, err = output.ForExcel(files, &output.Summary{}); err != nil {
			log.Error().Err(err).Msg("preparing the files for Excel failed; nothing written")
			return exitFailure
		}
	}
	if o.keep {
		for _, r := range runs {
			dir := filepath.Join(o.out, r.variant.Dir(axes, len(runs)))
			if err := o.output.write(dir, r.files, r.sum); err != nil {
				log.Error().Err(err).Str("dir", dir).Msg("writing a variant's plan failed")
				return exitFailure
			}
		}
	}
	if err := output.WriteDir(o.out, files); err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the what-if failed")
		return exitFailure
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	log.Info().Str("stage", "write").Str("dir", o.out).Strs("files", names).Bool("keep", o.keep).
		Float64("ms", ms(time.Since(t))).Msg("wrote what-if")
	log.Info().Int("variants", len(results)).Float64("total_ms", ms(time.Since(start))).Msg("summary")

	fmt.Fprint(stdout, whatif.Text(axes, results))
	fmt.Fprintf(stdout, "\nwrote %s, %s, %s and %s in %s\n",
		whatif.CSVFile, whatif.SVGFile, whatif.ReportFile, whatif.TimingsFile, o.out)
	return exitOK
}

// grid parses the --set flags into axes and expands them. Problems name
// the flag.
func (o *whatifOptions) grid() ([]whatif.Axis, []whatif.Variant, model.Problems) {
	var ps model.Problems
	var axes []whatif.Axis
	first := map[string]string{} // key → the flag that varies it
	for _, s := range o.sets {
		a, err := whatif.ParseAxis(s, scenarios.IsListKey)
		if err != nil {
			ps.Errorf(setFlag(s), 0, 0, "%v", err)
			continue
		}
		if prev, dup := first[a.Key]; dup {
			ps.Errorf(setFlag(s), 0, 0, "%s is already varied by --set %q: give all its values in one --set", a.Key, prev)
			continue
		}
		first[a.Key] = s
		axes = append(axes, a)
	}
	if ps.Err() != nil {
		return nil, nil, ps
	}
	variants, err := whatif.Grid(axes)
	if err != nil {
		ps.Errorf("--set", 0, 0, "%v", err)
	}
	return axes, variants, ps
}

func setFlag(s string) string { return fmt.Sprintf("--set %q", s) }

// validate loads every variant, config and data, before any is solved
// (o.jobs at a time), and returns the problems of all of them in grid
// order: each once, however many variants share it, and a bad override
// named by its --set flag.
func (o *whatifOptions) validate(env []string, axes []whatif.Axis, variants []whatif.Variant) model.Problems {
	per := make([]model.Problems, len(variants))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(o.jobs, len(variants)) {
		wg.Go(func() {
			for i := range next {
				_, per[i] = o.load(env, variants[i].Sets(axes))
			}
		})
	}
	for i := range variants {
		next <- i
	}
	close(next)
	wg.Wait()

	var out model.Problems
	seen := map[model.Problem]bool{}
	for _, ps := range per {
		for _, p := range ps {
			// The loader names a bad override "flag --set key=value"; name
			// the whatif flag it came from instead.
			if set, ok := strings.CutPrefix(p.File, "flag --set "); ok {
				for _, a := range axes {
					if strings.HasPrefix(set, a.Key+"=") {
						p.File = setFlag(a.Flag)
						break
					}
				}
			}
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// load reads the scenario with the environment's PLACEMENT_* variables and
// the variant's overrides, exactly as solve reads it with --set.
func (o *whatifOptions) load(env, sets []string) (*scenarios.Scenario, model.Problems) {
	sf := scenarioFlags{path: o.scenario, sets: sets}
	return sf.load(env)
}

func (o *whatifOptions) source() string {
	sf := scenarioFlags{path: o.scenario}
	return sf.source()
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
	if o.training.moves != solver.DefaultScheduleMoves {
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

// solveAll solves the runs with o.jobs workers, each variant loaded again
// (the check above kept nothing, so memory holds only the variants being
// solved) and run through solveStages, exactly as solve runs it. After a
// failure no new variant starts.
func (o *whatifOptions) solveAll(env []string, log *logger, axes []whatif.Axis, runs []*variantRun) {
	next := make(chan *variantRun)
	var failed sync.Once
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range min(o.jobs, len(runs)) {
		wg.Go(func() {
			for r := range next {
				o.solveOne(env, log, axes, r)
				if r.code != exitOK {
					failed.Do(func() { close(stop) })
				}
			}
		})
	}
feed:
	for _, r := range runs {
		select {
		case next <- r:
		case <-stop:
			r.code = exitFailure // not started; the failure that stopped it is reported
			break feed
		}
	}
	close(next)
	wg.Wait()
}

// solveOne loads and solves one variant, filling in its result or its
// exit code.
func (o *whatifOptions) solveOne(env []string, log *logger, axes []whatif.Axis, r *variantRun) {
	start := time.Now()
	vlog := &logger{Logger: log.With().Int("variant", r.variant.Number).Logger(), json: log.json, w: log.w}
	sc, ps := o.load(env, r.sets)
	if ps.Err() != nil { // the check passed, so the files changed since
		vlog.errors(ps)
		r.code = exitInput
		return
	}
	loadTime := time.Since(start)
	p, code := solveStages(vlog, sc, &o.training)
	if code != exitOK {
		r.code = code
		return
	}
	r.result = whatif.Result{
		Variant: r.variant,
		Row:     whatif.NewRow(p.sum, p.assign),
		Times: whatif.Times{Load: loadTime, Assignment: p.times.assignment, Training: p.times.training,
			Mentors: p.times.mentors, Total: time.Since(start)},
	}
	if o.keep {
		r.files, r.sum = p.files, p.sum
	}
	row := r.result.Row
	vlog.Info().Str("stage", "variant").Str("overrides", r.variant.Label(axes)).
		Int("placed", row.Placed).Float64("placement_rate", row.PlacementRate).
		Int("compliant_enterprises", row.CompliantEnterprises).Int("total_shortfall", row.TotalShortfall).
		Int64("total_yuan", row.TotalYuan).Int64("z", row.Z).
		Float64("ms", ms(r.result.Times.Total)).Msg("solved variant")
}

// lockedWriter lets goroutines share a log: one Write at a time, and
// zerolog writes one record per Write.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
