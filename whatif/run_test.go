package whatif

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"placement/plan"
	"placement/scenarios"
)

const tiny = "../plan/testdata/tiny/scenario.yaml"

func axes(t *testing.T, flags ...string) []Axis {
	t.Helper()
	var out []Axis
	for _, f := range flags {
		a, err := ParseAxis(f, scenarios.IsListKey)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

// The rows come in grid order and do not depend on the number of jobs.
func TestRunIsTheSameWhateverTheJobs(t *testing.T) {
	t.Parallel()
	ax := axes(t, "policy.max_commute_km=0,10,20", "weights.quota_bonus=0,500")
	var rows [][]Row
	for _, jobs := range []int{1, 4} {
		res, ps, err := Run(context.Background(), Options{Base: plan.Source{Path: tiny}, Axes: ax, Jobs: jobs})
		if err != nil {
			t.Fatal(err, ps)
		}
		var rs []Row
		for i, r := range res {
			if r.Variant.Number != i+1 {
				t.Errorf("jobs %d: result %d is variant %d", jobs, i, r.Variant.Number)
			}
			if r.Plan != nil {
				t.Errorf("jobs %d: a plan was kept without Keep", jobs)
			}
			rs = append(rs, r.Row)
		}
		rows = append(rows, rs)
	}
	if len(rows[0]) != 6 {
		t.Fatalf("%d rows, want 6", len(rows[0]))
	}
	if diff := cmp.Diff(rows[0], rows[1], cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("jobs 1 vs 4 (-1 +4):\n%s", diff)
	}
}

// A bad value is reported once, named by its --set flag, and nothing is
// solved.
func TestRunReportsABadValueByItsFlag(t *testing.T) {
	t.Parallel()
	ax := axes(t, "policy.max_commute_km=10,-5", "weights.quota_bonus=0,500")
	res, ps, err := Run(context.Background(), Options{Base: plan.Source{Path: tiny}, Axes: ax})
	if !errors.Is(err, ErrInput) || res != nil {
		t.Fatalf("err = %v, %d results; want ErrInput and none", err, len(res))
	}
	errs := ps.Errors()
	if len(errs) != 1 || !strings.Contains(errs[0].File, `--set "policy.max_commute_km=10,-5"`) {
		t.Errorf("problems: %v", ps)
	}
}

// A cancelled context stops the grid with its error.
func TestRunStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := Run(ctx, Options{Base: plan.Source{Path: tiny}, Axes: axes(t, "weights.quota_bonus=0,500")})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
