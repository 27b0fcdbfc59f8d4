package plan

import (
	"context"
	"fmt"
	"time"

	"placement/explain"
	"placement/output"
	"placement/scenarios"
	"placement/solver/assign"
)

// reports are what is made of a stage-1 plan alone: the fairness audit
// (fairness.csv and the summary's figures) and stage 1's own files, whose
// unassigned.csv gets its thresholds from the same prices.
type reports struct {
	fairness output.Extra  // without the prices: Stage1 has their thresholds
	stage1   []output.File // output.AssignmentFiles
}

// report runs the fairness audit of a stage-1 plan (explain.Plan.Fairness)
// and builds stage 1's files (output.AssignmentFiles) with the same
// prices; it logs each with its own wall time. The prices, the largest
// thing it holds, are dropped when it returns, before stages 2 and 3 run.
func report(ctx context.Context, sc *scenarios.Scenario, res *assign.Result, set *Settings) (reports, time.Duration, time.Duration, error) {
	start := time.Now()
	ex, err := explain.FromResult(ctx, sc, res)
	if err != nil {
		if ctx.Err() != nil {
			return reports{}, 0, 0, ctx.Err()
		}
		return reports{}, 0, 0, fmt.Errorf("plan: fairness audit: %w", err)
	}
	au := ex.Fairness(set.FairnessRows)
	fair := output.Fairness(sc, nil, au)
	audited := time.Since(start)
	ev := set.log().Info().Str("stage", "fairness").Int("justified_envy", au.Cases).Int("students", au.Students).
		Int("rows", len(au.Rows)).Float64("ms", ms(audited))
	if ex.NoPrices != "" {
		ev = ev.Str("no_prices", ex.NoPrices)
	}
	ev.Msg("audited the plan for justified envy")

	start = time.Now()
	files := output.AssignmentFiles(sc, res, ex)
	built := time.Since(start)
	set.log().Info().Str("stage", "assignment_files").Int("unassigned", len(res.Unassigned)).
		Float64("ms", ms(built)).
		Msg("built stage 1's files (unassigned.csv with each student's threshold)")
	return reports{fairness: fair, stage1: files}, audited, built, nil
}
