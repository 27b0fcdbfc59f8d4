package schedule

import (
	"context"
	"slices"

	"placement/model"
)

// Keep re-plans stage 2 from a previous schedule: a cohort keeps all its
// previous sessions when they are still valid — as many sessions as it
// asks for now, each at a base it may use (equipment, stations ≥
// headcount), in a slot it may use (its weeks, days and periods, the
// base open), no two in one period, within the daily and weekly limits,
// and the stations not over-filled by the cohorts kept before it (in
// cohort order). Kept cohorts are placed first and never moved; only the
// others are constructed and searched, around them. Bound is the plain
// problem's lower bound, so it also bounds the re-plan.
//
// previous holds sessions whose Cohort and Base index the cohorts and bases
// given now, with Week (1-based), Day and Period indexing the calendar; a
// cohort or base that has gone is simply left out by the caller.
// Result.Stats.Kept counts the cohorts kept.
func Keep(ctx context.Context, bases []model.Base, cohorts []model.Cohort, dist *model.DistanceTable, cal model.Calendar,
	tr model.Training, w model.Weights, previous []Session, set Settings) (*Result, error) {
	if previous == nil {
		previous = []Session{}
	}
	return solve(ctx, bases, cohorts, dist, cal, tr, w, set, previous)
}

func (s *scheduler) isFrozen(i int) bool { return s.frozen != nil && s.frozen[i] }

// keep applies the previous sessions of every cohort whose sessions are all
// still valid, and freezes it.
func (s *scheduler) keep(previous []Session) {
	s.frozen = make([]bool, len(s.c))
	by := make([][]Session, len(s.c))
	for _, p := range previous {
		if p.Cohort >= 0 && p.Cohort < len(s.c) {
			by[p.Cohort] = append(by[p.Cohort], p)
		}
	}
	for i, ps := range by {
		cd := &s.c[i]
		if len(ps) == 0 || len(ps) != cd.n {
			continue
		}
		plan := make([]placed, 0, len(ps))
		ok := true
		for _, p := range ps {
			if p.Week < 1 || p.Week > s.weeks || p.Day < 0 || p.Day >= s.days || p.Period < 0 || p.Period >= s.pers {
				ok = false
				break
			}
			slot := int32((p.Week-1)*s.slotsPerWeek + p.Day*s.pers + p.Period)
			b := int32(p.Base)
			if !slices.Contains(cd.bases, b) || !slices.Contains(cd.slots, slot) || !s.open[b][p.Period] ||
				s.load[int(b)*s.S+int(slot)]+cd.head > s.stations[b] {
				ok = false
				break
			}
			plan = append(plan, placed{b, slot})
		}
		if !ok || !s.withinLimits(plan) {
			continue
		}
		s.apply(i, plan)
		s.frozen[i] = true
	}
}

// withinLimits checks one cohort's plan against one session a period and
// the daily and weekly limits.
func (s *scheduler) withinLimits(plan []placed) bool {
	slots := map[int32]bool{}
	days, weeks := map[int]int32{}, map[int]int32{}
	for _, p := range plan {
		if slots[p.slot] {
			return false
		}
		slots[p.slot] = true
		d, wk := int(p.slot)/s.pers, int(p.slot)/s.slotsPerWeek
		days[d]++
		weeks[wk]++
		if days[d] > s.maxDay || weeks[wk] > s.maxWeek {
			return false
		}
	}
	return true
}
