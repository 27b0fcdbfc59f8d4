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

// audit runs the fairness audit of a stage-1 plan (explain.Plan.Fairness)
// and returns its files: fairness.csv and the summary's figures.
func audit(ctx context.Context, sc *scenarios.Scenario, res *assign.Result, set *Settings) (output.Extra, time.Duration, error) {
	start := time.Now()
	ex, err := explain.FromResult(ctx, sc, res)
	if err != nil {
		if ctx.Err() != nil {
			return output.Extra{}, 0, ctx.Err()
		}
		return output.Extra{}, 0, fmt.Errorf("plan: fairness audit: %w", err)
	}
	au := ex.Fairness(set.FairnessRows)
	elapsed := time.Since(start)
	ev := set.log().Info().Str("stage", "fairness").Int("justified_envy", au.Cases).Int("students", au.Students).
		Int("rows", len(au.Rows)).Float64("ms", ms(elapsed))
	if ex.NoPrices != "" {
		ev = ev.Str("no_prices", ex.NoPrices)
	}
	ev.Msg("audited the plan for justified envy")
	return output.Fairness(sc, ex, au), elapsed, nil
}
