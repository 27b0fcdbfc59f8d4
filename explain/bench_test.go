package explain_test

import (
	"context"
	"fmt"
	"testing"

	"placement/explain"
	"placement/model"
	"placement/scenarios"
	"placement/scenarios/gen"
	"placement/solver/assign"
)

// BenchmarkExplain times explain on a generated 150,000-student city:
// "prepare" is explain.FromResult (the network and the certified
// potentials, once a plan), the others one answer each on a prepared plan.
// Each checks its answer.
func BenchmarkExplain(b *testing.B) {
	c, err := gen.Generate(gen.Options{Students: 150000, Enterprises: 5000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	cfg := &scenarios.Config{Name: "bench", Policy: c.Policy, Weights: c.Weights}
	sc := &scenarios.Scenario{Config: cfg, Roster: c.Roster}
	ctx := context.Background()
	res, err := assign.Solve(ctx, c.Roster, c.Policy, c.Weights, assign.Settings{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := explain.FromResult(ctx, sc, res)
	if err != nil || p.NoPrices != "" {
		b.Fatal(err, p.NoPrices)
	}
	b.Run("prepare", func(b *testing.B) {
		for b.Loop() {
			if q, err := explain.FromResult(ctx, sc, res); err != nil || q.NoPrices != "" {
				b.Fatal(err, q.NoPrices)
			}
		}
	})
	unplaced := c.Roster.Students[res.Unassigned[len(res.Unassigned)/2].Student].ID
	placed := c.Roster.Students[res.Assignments[len(res.Assignments)/2].Student].ID
	b.Run("student=unplaced", func(b *testing.B) {
		for b.Loop() {
			if a, err := p.Student(unplaced); err != nil || a.Threshold == nil {
				b.Fatal(err, a)
			}
		}
	})
	b.Run("student=placed", func(b *testing.B) {
		for b.Loop() {
			if a, err := p.Student(placed); err != nil || a.Status != "assigned" {
				b.Fatal(err, a)
			}
		}
	})
	short := ""
	for _, e := range res.Enterprises {
		if e.Shortfall > 0 {
			short = c.Roster.Enterprises[e.Enterprise].ID
			break
		}
	}
	b.Run("enterprise", func(b *testing.B) {
		for b.Loop() {
			if a, err := p.Enterprise(short); err != nil || a.Why == "" {
				b.Fatal(err, a)
			}
		}
	})
	post := c.Roster.Posts[res.Assignments[0].Post].ID
	b.Run("post", func(b *testing.B) {
		for b.Loop() {
			if a, err := p.Post(post); err != nil || len(a.Holders) == 0 {
				b.Fatal(err, a)
			}
		}
	})
	b.Run("fairness", func(b *testing.B) {
		for b.Loop() {
			if au := p.Fairness(0); au.Cases == 0 {
				b.Fatal("no case")
			}
		}
	})
}

// BenchmarkFairness times the fairness audit (explain.FromResult and
// Plan.Fairness, what a solve runs after stage 1) on the demo and on
// generated cities of 4,000 and 40,000 students; "known" is the listed
// cases whose cost_to_plan the search budget reached.
func BenchmarkFairness(b *testing.B) {
	for _, o := range []gen.Options{{}, {Students: 4000, Enterprises: 200, Seed: 2}, {Students: 40000, Enterprises: 1300, Seed: 1}} {
		var sc *scenarios.Scenario
		name := "demo"
		if o.Students == 0 {
			var ps model.Problems
			if sc, ps = scenarios.Demo(scenarios.Options{}); ps.Err() != nil {
				b.Fatal(ps.Err())
			}
		} else {
			c, err := gen.Generate(o)
			if err != nil {
				b.Fatal(err)
			}
			sc = &scenarios.Scenario{Config: &scenarios.Config{Name: "bench", Policy: c.Policy, Weights: c.Weights}, Roster: c.Roster}
			name = fmt.Sprintf("students=%d", o.Students)
		}
		ctx := context.Background()
		res, err := assign.Solve(ctx, sc.Roster, sc.Config.Policy, sc.Config.Weights, assign.Settings{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			known := 0
			for b.Loop() {
				p, err := explain.FromResult(ctx, sc, res)
				if err != nil || p.NoPrices != "" {
					b.Fatal(err, p.NoPrices)
				}
				au := p.Fairness(0)
				known = 0
				for _, r := range au.Rows {
					if r.HasCost {
						known++
					}
				}
			}
			b.ReportMetric(float64(known), "known")
		})
	}
}
