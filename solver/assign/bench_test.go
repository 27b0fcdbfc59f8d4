package assign

import (
	"context"
	"fmt"
	"testing"

	"placement/model"
	"placement/scenarios/gen"
)

// benchCity generates a synthetic city of the given size.
func benchCity(b *testing.B, students, enterprises int) *gen.City {
	b.Helper()
	c, err := gen.Generate(gen.Options{Students: students, Enterprises: enterprises, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkAssign solves stage 1 on generated cities of named sizes and
// checks the plan each time, so a fast wrong answer cannot look good.
func BenchmarkAssign(b *testing.B) {
	for _, size := range []struct{ students, enterprises int }{
		{4000, 126}, {40000, 1300}, {150000, 5000},
	} {
		b.Run(fmt.Sprintf("students=%d", size.students), func(b *testing.B) {
			c := benchCity(b, size.students, size.enterprises)
			var res *Result
			b.ResetTimer()
			for b.Loop() {
				var err error
				res, err = Solve(context.Background(), c.Roster, c.Policy, c.Weights, Settings{})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if len(res.Assignments)+len(res.Unassigned) != size.students || res.Z <= 0 {
				b.Fatalf("bad plan: %d+%d students, Z=%d", len(res.Assignments), len(res.Unassigned), res.Z)
			}
			b.ReportMetric(float64(res.Stats.Nodes), "nodes")
			b.ReportMetric(float64(res.Stats.Arcs), "arcs")
			b.ReportMetric(float64(res.Stats.Pivots), "pivots")
			b.ReportMetric(float64(len(res.Assignments))/float64(size.students)*100, "placed%")
			_ = model.LevelNone
		})
	}
}
