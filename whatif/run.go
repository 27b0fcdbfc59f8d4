package whatif

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/sync/errgroup"

	"placement/model"
	"placement/output"
	"placement/plan"
	"placement/scenarios"
)

// Options describe a what-if question: the base scenario, the axes that vary
// it, and how to solve each variant.
type Options struct {
	// Base is the scenario every variant starts from, with the environment
	// (PLACEMENT_* variables) as solve reads it; its Set is ignored, each
	// variant's overrides come from the axes.
	Base plan.Source
	Axes []Axis
	// Settings are the stage settings of every variant, as solve's; their
	// Log is replaced by Log with the variant's number.
	Settings plan.Settings
	// Jobs is the number of variants loaded or solved at once; 0 means the
	// number of cores. The results do not depend on it.
	Jobs int
	// Keep keeps each variant's solved plan (Result.Plan), to be written as
	// solve writes it.
	Keep bool
	// Log receives the variants' records, each with its number; nil logs
	// nothing. It must take records from several goroutines
	// (zerolog.SyncWriter).
	Log *zerolog.Logger
	// Shard, when its N is not 0, limits Run to the shard's variants (see
	// Shard): only they are checked and solved, and their results keep
	// their numbers in the whole grid.
	Shard Shard
}

// ErrInput is returned, wrapped, when a variant's scenario has problems;
// Run's problems list them.
var ErrInput = errors.New("whatif: invalid input")

// Run answers a what-if question: it expands the axes into the grid, loads
// every variant first (so that the problems of all of them are reported
// together, each once, and nothing is solved if there is one), then solves
// the variants Jobs at a time through plan.Solve — exactly what `placement
// solve` computes for the same overrides — and returns their results in grid
// order, with the warnings of the variants' scenarios. After a failure no new
// variant starts. When the grid has errors, the error wraps ErrInput and the
// problems say what they are.
func Run(ctx context.Context, o Options) ([]Result, model.Problems, error) {
	if o.Jobs < 0 {
		return nil, nil, fmt.Errorf("%w: jobs %d: want at least 1 (or 0: the number of cores)", ErrInput, o.Jobs)
	}
	if o.Jobs == 0 {
		o.Jobs = runtime.NumCPU()
	}
	if o.Log == nil {
		nop := zerolog.Nop()
		o.Log = &nop
	}
	variants, ps, err := o.grid()
	if err != nil {
		return nil, ps, err
	}
	variants = o.Shard.Of(variants)
	ps = o.check(ctx, variants)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if ps.Err() != nil {
		return nil, ps, fmt.Errorf("%w: %d problems", ErrInput, len(ps.Errors()))
	}

	results := make([]Result, len(variants))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(o.Jobs)
	for i, v := range variants {
		if gctx.Err() != nil {
			break // a variant failed, or ctx is done: start no more
		}
		g.Go(func() error {
			r, err := o.solve(gctx, v)
			if err != nil {
				return fmt.Errorf("variant %d (%s): %w", v.Number, v.Label(o.Axes), err)
			}
			results[i] = r
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, err
	}
	return results, ps, nil
}

// Check loads every variant of the grid, whatever o.Shard, Jobs at a time,
// as Run does before it solves, and returns the number of variants. When
// a variant has errors, the error wraps ErrInput and the problems say what
// they are. It solves nothing: it is what `placement whatif plan` runs
// before it writes job descriptions, so that a typo fails on the desk and
// not on the cluster.
func Check(ctx context.Context, o Options) (int, model.Problems, error) {
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	variants, ps, err := o.grid()
	if err != nil {
		return 0, ps, err
	}
	ps = o.check(ctx, variants)
	if err := ctx.Err(); err != nil {
		return 0, nil, err
	}
	if ps.Err() != nil {
		return 0, ps, fmt.Errorf("%w: %d problems", ErrInput, len(ps.Errors()))
	}
	return len(variants), ps, nil
}

// grid is the grid of the axes, and checks the shard against it.
func (o *Options) grid() ([]Variant, model.Problems, error) {
	var ps model.Problems
	variants, err := Grid(o.Axes)
	if err != nil {
		ps.Errorf("--set", 0, 0, "%v", err)
		return nil, ps, fmt.Errorf("%w: %v", ErrInput, err)
	}
	if err := o.Shard.check(); err != nil {
		ps.Errorf("--shard", 0, 0, "%v", err)
		return nil, ps, fmt.Errorf("%w: %v", ErrInput, err)
	}
	return variants, nil, nil
}

// load reads a variant's scenario: the base with the variant's overrides.
func (o *Options) load(ctx context.Context, sets []string) (*scenarios.Scenario, model.Problems) {
	src := o.Base
	src.Set = sets
	return plan.Load(ctx, src)
}

// check loads every variant, Jobs at a time, and returns the problems of all
// of them in grid order: each once, however many variants share it, and a
// bad override named by the --set flag of its axis.
func (o *Options) check(ctx context.Context, variants []Variant) model.Problems {
	per := make([]model.Problems, len(variants))
	var g errgroup.Group
	g.SetLimit(o.Jobs)
	for i, v := range variants {
		g.Go(func() error {
			_, per[i] = o.load(ctx, v.Sets(o.Axes))
			return nil
		})
	}
	g.Wait()

	var out model.Problems
	seen := map[model.Problem]bool{}
	for _, ps := range per {
		for _, p := range ps {
			// The loader names a bad override "flag --set key=value"; name
			// the axis's flag it came from instead.
			if set, ok := strings.CutPrefix(p.File, "flag --set "); ok {
				for _, a := range o.Axes {
					if strings.HasPrefix(set, a.Key+"=") {
						p.File = SetFlag(a.Flag)
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

// SetFlag names a --set flag in messages.
func SetFlag(s string) string { return fmt.Sprintf("--set %q", s) }

// solve loads one variant again (the check kept nothing, so memory holds
// only the variants being solved) and solves it as solve does.
func (o *Options) solve(ctx context.Context, v Variant) (Result, error) {
	start := time.Now()
	log := o.Log.With().Int("variant", v.Number).Logger()
	sc, ps := o.load(ctx, v.Sets(o.Axes))
	if err := ps.Err(); err != nil { // the check passed, so the files changed since
		return Result{}, fmt.Errorf("%w: %v", ErrInput, err)
	}
	loadTime := time.Since(start)
	set := o.Settings
	set.Log = &log
	p, err := plan.Solve(ctx, sc, set)
	if err != nil {
		return Result{}, err
	}
	r := Result{
		Variant: v,
		Row:     NewRow(p.Summary, p.Assign),
		Times: Times{Load: loadTime, Assignment: p.Times.Assign, Training: p.Times.Schedule,
			Mentors: p.Times.Mentor, Total: time.Since(start)},
	}
	if o.Keep {
		r.Plan = p
	}
	row := r.Row
	log.Info().Str("stage", "variant").Str("overrides", v.Label(o.Axes)).
		Int("placed", row.Placed).Float64("placement_rate", row.PlacementRate).
		Int("compliant_enterprises", row.CompliantEnterprises).Int("total_shortfall", row.TotalShortfall).
		Int64("total_yuan", row.TotalYuan).Int64("z", row.Z).
		Float64("ms", float64(r.Times.Total.Microseconds())/1000).Msg("solved variant")
	return r, nil
}

// WriteOptions say how Write writes a what-if.
type WriteOptions struct {
	Scenario string // the base scenario as the report names it
	Command  string // the question as a command line, for whatif.md
	Excel    bool   // a byte-order mark on the CSV files (and on kept plans')
	// Kept is how each kept plan is written (its language, workbooks);
	// Excel above applies to them too.
	Kept plan.WriteOptions
}

// Write writes the what-if into dir: every kept plan into a folder of its
// own (Variant.Dir), then whatif.svg, whatif.md, whatif_timings.csv and
// whatif.csv, all or nothing (output.WriteDirContext). It returns the names
// of the what-if files.
func Write(ctx context.Context, dir string, axes []Axis, results []Result, o WriteOptions) ([]string, error) {
	if len(results) == 0 {
		return nil, errors.New("whatif: no results to write")
	}
	name := results[0].Row.Scenario
	chart, err := SVG(name, axes, results)
	if err != nil {
		return nil, fmt.Errorf("whatif: drawing the chart: %w", err)
	}
	files := []output.File{
		{Name: SVGFile, Data: chart},
		{Name: ReportFile, Data: Markdown(o.Scenario, name, o.Command, axes, results)},
		TimingsCSV(axes, results),
		CSV(axes, results),
	}
	if o.Excel { // a byte-order mark on the two CSV files
		if files, err = output.ForExcel(files, &output.Summary{}); err != nil {
			return nil, err
		}
	}
	kept := o.Kept
	kept.Excel = o.Excel
	if err := writeKept(ctx, dir, axes, results, len(results), kept); err != nil {
		return nil, err
	}
	if err := output.WriteDirContext(ctx, dir, files); err != nil {
		return nil, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return names, nil
}

// writeKept writes each kept plan of results into its folder of dir, named
// as in a grid of n variants.
func writeKept(ctx context.Context, dir string, axes []Axis, results []Result, n int, opt plan.WriteOptions) error {
	for _, r := range results {
		if r.Plan == nil {
			continue
		}
		vdir := filepath.Join(dir, r.Variant.Dir(axes, n))
		if err := plan.Write(ctx, vdir, r.Plan, opt); err != nil {
			return fmt.Errorf("whatif: writing variant %d's plan: %w", r.Variant.Number, err)
		}
	}
	return nil
}
