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
			// The last solve's steps: the network simplex dominates; the
			// build and the decode are what a change to either shows in.
			b.ReportMetric(float64(res.Stats.Build.Microseconds())/1000, "build-ms")
			b.ReportMetric(float64(res.Stats.Solve.Microseconds())/1000, "solve-ms")
			b.ReportMetric(float64(res.Stats.Decode.Microseconds())/1000, "decode-ms")
			_ = model.LevelNone
		})
	}
}

// BenchmarkReplan re-plans a generated city after an edit — every 150th
// student leaves, every 400th post is withdrawn (pinned ones kept) — and
// times stage 1 with the keep bonus against a plain solve of the same
// edited city. It checks that the re-plan keeps every placement it can:
// all but those of the students and posts that went, and the seats their
// holders need elsewhere.
func BenchmarkReplan(b *testing.B) {
	for _, size := range []struct{ students, enterprises int }{
		{4000, 126}, {150000, 5000},
	} {
		b.Run(fmt.Sprintf("students=%d", size.students), func(b *testing.B) { benchReplan(b, size.students, size.enterprises) })
	}
}

func benchReplan(b *testing.B, students, enterprises int) {
	{
		c := benchCity(b, students, enterprises)
		old, err := Solve(context.Background(), c.Roster, c.Policy, c.Weights, Settings{})
		if err != nil {
			b.Fatal(err)
		}
		cur := editedCity(c.Roster)
		prev := make([]int, len(cur.Students))
		postIx := map[string]int{}
		for q, p := range cur.Posts {
			postIx[p.ID] = q
		}
		was := map[string]string{}
		for _, a := range old.Assignments {
			was[c.Roster.Students[a.Student].ID] = c.Roster.Posts[a.Post].ID
		}
		keepable := 0
		for i, s := range cur.Students {
			prev[i] = -1
			if q, ok := postIx[was[s.ID]]; ok {
				prev[i] = q
				keepable++
			}
		}
		for _, mode := range []string{"solve", "replan"} {
			b.Run(mode, func(b *testing.B) {
				set := Settings{}
				if mode == "replan" {
					set.Keep = &Keep{Post: prev}
				}
				var res *Result
				for b.Loop() {
					if res, err = Solve(context.Background(), cur, c.Policy, c.Weights, set); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				if mode == "replan" && res.Kept < keepable*99/100 {
					b.Fatalf("kept %d of %d keepable placements", res.Kept, keepable)
				}
				b.ReportMetric(float64(res.Stats.Pivots), "pivots")
				b.ReportMetric(float64(res.Kept), "kept")
			})
		}
	}
}

// editedCity drops every 150th unpinned student and every 400th unpinned
// post from a copy of r.
func editedCity(r *model.Roster) *model.Roster {
	pinnedS, pinnedP := map[string]bool{}, map[string]bool{}
	for _, p := range r.Pins {
		pinnedS[p.StudentID], pinnedP[p.PostID] = true, true
	}
	cur := *r
	cur.Students, cur.Posts = nil, nil
	for i, s := range r.Students {
		if i%150 != 149 || pinnedS[s.ID] {
			cur.Students = append(cur.Students, s)
		}
	}
	for q, p := range r.Posts {
		if q%400 != 399 || pinnedP[p.ID] {
			cur.Posts = append(cur.Posts, p)
		}
	}
	cur.Reindex()
	return &cur
}
