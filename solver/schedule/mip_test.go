//go:build mip

package schedule

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"placement/model"
	"placement/scenarios/gen"
	"placement/solver/internal/cbc"
)

// The exact stage-2 model, for CBC (Debian's coinor-cbc), as an
// independent reference for the search and the bounds: x_ibt = 1 when
// cohort i has a session at base b in slot t, y_ib = 1 when it uses b,
//
//	min  Σ train_per_km·km_ib·x_ibt + base_switch·Σ z_i + unscheduled·Σ u_i
//	s.t. Σ_bt x_ibt + u_i = n_i                    every cohort
//	     Σ_b x_ibt ≤ 1                             every cohort and slot
//	     Σ_{b, t in day} x_ibt ≤ max_sessions_per_day, likewise per week
//	     Σ_i head_i·x_ibt ≤ stations_b             every base and slot
//	     x_ibt ≤ y_ib,  z_i ≥ Σ_b y_ib − 1,  z, u ≥ 0, x, y binary.
//
// Run with
//
//	go test -tags mip -run MIP -v -timeout 0 ./solver/schedule
//
// (MIP_SECONDS sets CBC's time limit per instance, default 120).

func writeScheduleLP(s *scheduler, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	T, W, U := int64(s.w.TrainPerKm), int64(s.w.BaseSwitch), int64(s.w.Unscheduled)
	type xv struct {
		name    string
		i, b, t int
	}
	var xs []xv
	for i := range s.c {
		cd := &s.c[i]
		for k, b := range cd.bases {
			for _, t := range cd.slots {
				if s.open[b][int(t)%s.pers] {
					xs = append(xs, xv{fmt.Sprintf("x%d_%d_%d", i, k, t), i, k, int(t)})
				}
			}
		}
	}
	fmt.Fprintln(w, "Minimize\n obj:")
	for _, x := range xs {
		fmt.Fprintf(w, " + %d %s\n", T*int64(s.c[x.i].km[x.b]), x.name)
	}
	for i := range s.c {
		fmt.Fprintf(w, " + %d z%d + %d u%d\n", W, i, U, i)
	}
	fmt.Fprintln(w, "Subject To")
	byCohort := map[int][]xv{}
	for _, x := range xs {
		byCohort[x.i] = append(byCohort[x.i], x)
	}
	for i := range s.c {
		fmt.Fprintf(w, " n%d: u%d", i, i)
		slot, day, week := map[int][]string{}, map[int][]string{}, map[int][]string{}
		for _, x := range byCohort[i] {
			fmt.Fprintf(w, " + %s", x.name)
			slot[x.t] = append(slot[x.t], x.name)
			day[x.t/s.pers] = append(day[x.t/s.pers], x.name)
			week[x.t/s.slotsPerWeek] = append(week[x.t/s.slotsPerWeek], x.name)
		}
		fmt.Fprintf(w, " = %d\n", s.c[i].n)
		for _, group := range []struct {
			tag string
			m   map[int][]string
			cap int32
		}{{"s", slot, 1}, {"d", day, s.maxDay}, {"w", week, s.maxWeek}} {
			for k, names := range group.m {
				fmt.Fprintf(w, " %s%d_%d:", group.tag, i, k)
				for _, n := range names {
					fmt.Fprintf(w, " + %s", n)
				}
				fmt.Fprintf(w, " <= %d\n", group.cap)
			}
		}
		fmt.Fprintf(w, " sw%d: z%d", i, i)
		for k := range s.c[i].bases {
			fmt.Fprintf(w, " - y%d_%d", i, k)
		}
		fmt.Fprintln(w, " >= -1")
	}
	capRows := map[[2]int][]xv{}
	for _, x := range xs {
		fmt.Fprintf(w, " l%s: %s - y%d_%d <= 0\n", x.name, x.name, x.i, x.b)
		b := int(s.c[x.i].bases[x.b])
		capRows[[2]int{b, x.t}] = append(capRows[[2]int{b, x.t}], x)
	}
	for key, row := range capRows {
		fmt.Fprintf(w, " c%d_%d:", key[0], key[1])
		for _, x := range row {
			fmt.Fprintf(w, " + %d %s", s.c[x.i].head, x.name)
		}
		fmt.Fprintf(w, " <= %d\n", s.stations[key[0]])
	}
	fmt.Fprintln(w, "Binary")
	for _, x := range xs {
		fmt.Fprintf(w, " %s\n", x.name)
	}
	for i := range s.c {
		for k := range s.c[i].bases {
			fmt.Fprintf(w, " y%d_%d\n", i, k)
		}
	}
	fmt.Fprintln(w, "End")
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// TestScheduleAgainstMIP solves random medium instances — everything
// fits, and base capacity binding — with the search and with CBC and
// reports the distances; our plan must not beat CBC's proven bound, nor
// our bound exceed CBC's plan.
func TestScheduleAgainstMIP(t *testing.T) {
	seconds := cbc.Seconds(t, 120)
	cal := model.Calendar{Weeks: 6, Days: []string{"mon", "tue", "wed", "sat"}, Periods: []string{"am", "pm", "eve"}}
	dir := t.TempDir()
	for _, tc := range []struct {
		name       string
		bases, nc  int
		contention bool
	}{
		{"fits", 8, 60, false},
		{"capacity binds", 4, 60, true},
	} {
		for seed := uint64(1); seed <= 2; seed++ {
			rng := rand.New(rand.NewPCG(seed, uint64(tc.bases)))
			in := randomTraining(rng, 6, 2, tc.bases, tc.nc, cal)
			if tc.contention {
				for i := range in.cohorts {
					in.cohorts[i].Sessions = 3 + rng.IntN(4)
					in.cohorts[i].Headcount = 12 + rng.IntN(20)
				}
			}
			res := in.solve(t, Settings{Seed: seed})
			s, err := newScheduler(in.bases, in.cohorts, in.dist, in.cal, in.tr, in.w, Settings{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("%s-%d-%d.lp", tc.name[:4], tc.bases, seed))
			if err := writeScheduleLP(s, path); err != nil {
				t.Fatal(err)
			}
			obj, bnd, optimal := cbc.Solve(t, path, seconds)
			if float64(res.Bound) > obj+1e-6 {
				t.Errorf("%s seed %d: our bound %d above CBC's plan %g", tc.name, seed, res.Bound, obj)
			}
			if float64(res.P) < bnd-1e-6 {
				t.Errorf("%s seed %d: our P %d below CBC's bound %g", tc.name, seed, res.P, bnd)
			}
			t.Logf("%s (%d bases, %d cohorts) seed %d: ours P %d ≥ %d (gap %.2f %%); CBC %g ≥ %g (optimal %v): ours %+.2f %% vs CBC's plan, our bound %.2f %% below CBC's bound",
				tc.name, tc.bases, tc.nc, seed, res.P, res.Bound, 100*res.Gap, obj, bnd, optimal,
				100*(float64(res.P)-obj)/obj, 100*(bnd-float64(res.Bound))/bnd)
		}
	}
	// Generated cities: the first cohorts of a 4,000-student city's
	// training, its full 18-week calendar, with many bases (everything
	// fits, travel decides) and with few (capacity binds).
	c, err := gen.Generate(gen.Options{Students: 4000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	full := model.Calendar{Weeks: 18, Days: []string{"mon", "tue", "wed", "thu", "fri", "sat"}, Periods: []string{"am", "pm", "eve"}}
	for _, tc := range []struct{ bases, nc int }{{12, 40}, {3, 60}, {30, 300}} {
		bases, cohorts := gen.Training(c.Roster, 1, tc.bases)
		in := &trainingInstance{bases: bases, cohorts: cohorts[:min(tc.nc, len(cohorts))], dist: model.NewDistanceTable(c.Roster),
			cal: full, tr: model.Training{MaxSessionsPerDay: 1, MaxSessionsPerWeek: 2}, w: model.DefaultWeights()}
		res := in.solve(t, Settings{})
		s, err := newScheduler(in.bases, in.cohorts, in.dist, in.cal, in.tr, in.w, Settings{})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("gen-%d-%d.lp", tc.bases, tc.nc))
		if err := writeScheduleLP(s, path); err != nil {
			t.Fatal(err)
		}
		obj, bnd, optimal := cbc.Solve(t, path, seconds)
		if float64(res.Bound) > obj+1e-6 || float64(res.P) < bnd-1e-6 {
			t.Errorf("generated %d bases: ours P %d ≥ %d, CBC %g ≥ %g: inconsistent", tc.bases, res.P, res.Bound, obj, bnd)
		}
		t.Logf("generated city, %d bases, %d cohorts: ours P %d ≥ %d (gap %.2f %%); CBC %g ≥ %g (optimal %v): ours %+.2f %% vs CBC's plan, our bound %.2f %% below CBC's bound",
			tc.bases, len(in.cohorts), res.P, res.Bound, 100*res.Gap, obj, bnd, optimal,
			100*(float64(res.P)-obj)/obj, 100*(bnd-float64(res.Bound))/bnd)
	}
}
