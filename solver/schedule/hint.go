package schedule

import "slices"

// constructHinted builds a schedule from the optimal flow of flowBound's
// relaxation, a relax-and-repair construction: the flow says, for each
// cohort, in which slots and base groups its sessions go, respecting every
// time rule and the nested cover of each group-slot's stations, but not
// the stations of each base exactly, nor base switches.
//
// First every cohort, in order, takes the sessions of its hint that still
// fit: in each hinted group, the base that holds the most of them takes
// them (no switch within the group), and the rest go to the group's other
// bases with room. Then each cohort paying more than its own bound is
// completed or redone the cheaper of two ways: its sessions kept and the
// missing ones filled (its bases in use first, then the nearest), or
// recreated from scratch as the greedy construction does. Frozen cohorts
// (Keep) are not touched.
//
// Where bases are scarce this often beats the greedy construction by far
// (the first 1,200 cohorts of a generated 28,000-student city at 60 bases:
// P 374,823 against 623,043). Where everything fits the two are close —
// the relaxation's optimum splits cohorts between bases, as it does not
// see switches (40,000 students: 111,976 against 112,192; 150,000: the
// greedy one is cheaper). Solve keeps the cheaper of the two.
//
// Complexity: O(Σ_c hinted sessions × bases of the group) for the first
// pass, plus a recreate per cohort left short.
func (s *scheduler) constructHinted(order []int, hints [][]placed) {
	for _, i := range order {
		if s.isFrozen(i) || len(hints[i]) == 0 {
			continue
		}
		cd := &s.c[i]
		s.tmpPl = s.tmpPl[:0]
		hint := hints[i][:min(len(hints[i]), cd.n)]
		// Group by group: the base of the group that holds the most of
		// the cohort's sessions hinted there takes them (no switch within
		// the group), the rest go to the group's other bases one by one.
		s.groupsSeen = s.groupsSeen[:0]
		for _, h := range hint {
			if slices.Contains(s.groupsSeen, h.base) {
				continue
			}
			s.groupsSeen = append(s.groupsSeen, h.base)
			best, bestN := int32(-1), 0
			for _, b := range cd.bases {
				if s.mergeRoot[b] != h.base {
					continue
				}
				n := 0
				for _, x := range hint {
					if x.base == h.base && s.fits(i, b, x.slot) {
						n++
					}
				}
				if n > bestN {
					best, bestN = b, n
				}
			}
			for _, x := range hint {
				if x.base != h.base {
					continue
				}
				b := best
				if b < 0 || !s.fits(i, b, x.slot) {
					b = -1
					for _, o := range cd.bases {
						if s.mergeRoot[o] == h.base && s.fits(i, o, x.slot) {
							b = o
							break
						}
					}
				}
				if b < 0 || !s.timeRulesAllow(x.slot) {
					continue
				}
				s.take(b, x.slot)
			}
		}
		s.resetScratch()
		s.apply(i, s.tmpPl)
	}
	var partial []placed
	for _, i := range order {
		cd := &s.c[i]
		if s.isFrozen(i) || len(cd.bases) == 0 || s.cost[i] <= cd.lb {
			continue
		}
		partial = append(partial[:0], s.plan[i]...)
		s.remove(i)
		// Completed: the hinted sessions kept, the rest filled.
		s.tmpPl = append(s.tmpPl[:0], partial...)
		for _, p := range partial {
			s.usedSlot[p.slot] = true
			s.dayCnt[s.dayOf[p.slot]]++
			s.weekCnt[s.weekOf[p.slot]]++
		}
		s.order = append(s.order[:0], cd.calm...)
		for _, b := range cd.bases {
			if len(s.tmpPl) < cd.n && slices.ContainsFunc(partial, func(p placed) bool { return p.base == b }) {
				s.fill(i, b)
			}
		}
		for _, b := range cd.bases {
			if len(s.tmpPl) < cd.n {
				s.fill(i, b)
			}
		}
		s.resetScratch()
		completed := slices.Clone(s.tmpPl)
		s.recreate(i, orderCalm)
		if s.planCost(i, completed) < s.cost[i] {
			s.remove(i)
			s.apply(i, completed)
		}
	}
}

// fits reports whether cohort i fits base b in slot t: open, with room.
func (s *scheduler) fits(i int, b, t int32) bool {
	return s.open[b][int(t)%s.pers] && s.load[int(b)*s.S+int(t)]+s.c[i].head <= s.stations[b]
}

// timeRulesAllow reports whether the sessions in s.tmpPl leave room for
// one more in slot t: one a slot, max_sessions_per_day a day,
// max_sessions_per_week a week.
func (s *scheduler) timeRulesAllow(t int32) bool {
	return !s.usedSlot[t] && s.dayCnt[s.dayOf[t]] < s.maxDay && s.weekCnt[s.weekOf[t]] < s.maxWeek
}

// take adds a session at base b in slot t to s.tmpPl and marks it in the
// scratch of the time rules.
func (s *scheduler) take(b, t int32) {
	s.usedSlot[t] = true
	s.dayCnt[s.dayOf[t]]++
	s.weekCnt[s.weekOf[t]]++
	s.tmpPl = append(s.tmpPl, placed{b, t})
}

// resetScratch clears the time-rule marks s.tmpPl set in the scratch
// arrays of recreate.
func (s *scheduler) resetScratch() {
	for _, p := range s.tmpPl {
		s.usedSlot[p.slot] = false
		s.dayCnt[s.dayOf[p.slot]] = 0
		s.weekCnt[s.weekOf[p.slot]] = 0
	}
}
