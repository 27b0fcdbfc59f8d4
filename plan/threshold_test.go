package plan_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"placement/explain"
	"placement/output"
	"placement/plan"
	"placement/scenarios"
)

// unassigned.csv's threshold and best_post_id are explain's answer for
// each unassigned student (the threshold and where it would go), computed
// independently from the written plan.
func TestUnassignedCarriesTheExplainThreshold(t *testing.T) {
	t.Parallel()
	dir, err := demoPlan()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sc := load(t, plan.Source{Path: filepath.Join(smallCityDir(t), "scenario.yaml")})
	ex, ps, err := explain.Load(ctx, sc, dir)
	if err != nil || ps.Err() != nil {
		t.Fatal(err, ps.Err())
	}
	data, err := os.ReadFile(filepath.Join(dir, output.UnassignedFile))
	if err != nil {
		t.Fatal(err)
	}
	rows := records(t, data)
	if len(rows) == 0 {
		t.Fatal("the small city has no unassigned student")
	}
	known := 0
	for _, row := range rows {
		id, threshold, best := row[0], row[len(row)-2], row[len(row)-1]
		ans, err := ex.Student(id)
		if err != nil {
			t.Fatal(err)
		}
		want, wantPost := "", ""
		if ans.Threshold != nil {
			want, wantPost = strconv.FormatInt(*ans.Threshold, 10), ans.ThresholdPostID
			known++
		}
		if threshold != want || best != wantPost {
			t.Errorf("%s: threshold %q at %q, explain says %q at %q", id, threshold, best, want, wantPost)
		}
	}
	if known == 0 {
		t.Error("no unassigned student has a threshold: the test proves nothing")
	}
}

// A re-plan that keeps placements the scenario no longer makes optimal has
// no certified prices: unassigned.csv's threshold and best_post_id are
// left empty rather than wrong.
func TestUnassignedThresholdIsEmptyWithoutPrices(t *testing.T) {
	t.Parallel()
	prev := mustPrev(t)
	var changed *scenarios.Scenario
	_, res := replanDemo(t, func(sc *scenarios.Scenario) {
		changed = sc
		// A post closes and placements are worth more: keeping the others
		// where they were is no longer the optimum.
		for q := range sc.Roster.Posts {
			if sc.Roster.Posts[q].ID == prev.Post[prev.Order[0]] {
				sc.Roster.Posts[q].Capacity = 0
			}
		}
		sc.Config.Weights.Placement += 100
	})
	ex, err := explain.FromResult(context.Background(), changed, res.Assign)
	if err != nil {
		t.Fatal(err)
	}
	if ex.NoPrices == "" {
		t.Fatal("the re-planned plan still has prices: the test proves nothing")
	}
	rows := records(t, file(t, res, output.UnassignedFile))
	if len(rows) == 0 {
		t.Fatal("no unassigned student")
	}
	for _, row := range rows {
		if th, best := row[len(row)-2], row[len(row)-1]; th != "" || best != "" {
			t.Errorf("%s: threshold %q at %q without prices", row[0], th, best)
		}
	}
}
