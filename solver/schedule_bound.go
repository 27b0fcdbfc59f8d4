package solver

import (
	"slices"

	"placement/solver/flow"
)

// flowBound is a second lower bound on P, one that sees the capacity the
// cohorts share (cohortBound does not): the optimum of a min-cost flow
// relaxation of the schedule, solved exactly by the network simplex and
// checked by its dual certificate.
//
// Each cohort c sends its n_c sessions either to the sink at cost
// unscheduled, or through its own laminar chain
//
//	c → (c, week) [cap max_sessions_per_week] → (c, week, day) [cap max_sessions_per_day]
//	  → (c, slot) [cap 1, only when max_sessions_per_day > 1]
//	  → (base, slot) [cap 1, cost train_per_km × km]  → sink [cap k(base, slot)]
//
// for the weeks, days, periods and bases the cohort may use. k(base, slot)
// is the most cohorts that could meet in that base and slot: the count of
// the smallest headcounts among those with an arc there that sum to at
// most stations. Every schedule is a flow of this network of cost ≤ its P
// minus its base-switch term (a cohort's time rules are the chain's
// capacities; a base-slot holds no more cohorts than k), so the flow
// optimum is a lower bound on P. It is exact when no base-slot can hold two
// cohorts and no cohort would pay a base switch.
//
// Size: O(Σ_c allowed slots × usable bases) arcs; solved once per Schedule,
// and skipped (reporting false) beyond maxFlowBoundArcs arcs, where the
// cohort bound alone stands.
func (s *scheduler) flowBound() (int64, bool) {
	if s.flowArcs() > maxFlowBoundArcs {
		return 0, false
	}
	g := flow.NewGraph(1) // node 0: the sink
	const sink = 0
	bsIndex := make([]int32, len(s.stations)*s.S) // base*S + slot → index j below, or -1
	for k := range bsIndex {
		bsIndex[k] = -1
	}
	var (
		heads  [][]int32 // by j: headcounts of the cohorts with an arc in
		bsKey  []int32   // by j: base*S + slot
		bsNode []int     // by j: the node
	)
	var total int64
	T, U := int64(s.w.TrainPerKm), int64(s.w.Unscheduled)
	for i := range s.c {
		cd := &s.c[i]
		if cd.n == 0 {
			continue
		}
		c := g.AddNode()
		g.SetSupply(c, int64(cd.n))
		total += int64(cd.n)
		g.AddArc(c, sink, int64(cd.n), U)
		if len(cd.bases) == 0 {
			continue
		}
		week, day := -1, -1
		wkNode, dayNode := 0, 0
		for _, t := range cd.slots {
			if wk := int(t) / s.slotsPerWeek; wk != week {
				week = wk
				wkNode = g.AddNode()
				g.AddArc(c, wkNode, int64(s.maxWeek), 0)
			}
			if d := int(t) / s.pers; d != day {
				day = d
				dayNode = g.AddNode()
				g.AddArc(wkNode, dayNode, int64(s.maxDay), 0)
			}
			from := dayNode
			if s.maxDay > 1 {
				from = g.AddNode()
				g.AddArc(dayNode, from, 1, 0)
			}
			for k, b := range cd.bases {
				if !s.open[b][int(t)%s.pers] {
					continue
				}
				key := int(b)*s.S + int(t)
				j := bsIndex[key]
				if j < 0 {
					j = int32(len(bsNode))
					bsIndex[key] = j
					heads = append(heads, nil)
					bsKey = append(bsKey, int32(key))
					bsNode = append(bsNode, g.AddNode())
				}
				heads[j] = append(heads[j], cd.head)
				g.AddArc(from, bsNode[j], 1, T*int64(cd.km[k]))
			}
		}
	}
	for j, hs := range heads {
		slices.Sort(hs)
		room, k := s.stations[int(bsKey[j])/s.S], 0
		for _, h := range hs {
			if h > room {
				break
			}
			room -= h
			k++
		}
		g.AddArc(bsNode[j], sink, int64(k), 0)
	}
	g.SetSupply(sink, -total)
	res, err := flow.NetworkSimplex(g, flow.Settings{})
	if err != nil || res.Status != flow.Optimal || flow.Verify(g, res.Flow, res.Potential) != nil {
		return 0, false
	}
	return res.Cost, true
}

// maxFlowBoundArcs caps the flow relaxation's size (about 100 bytes an arc
// while it is solved). The 4,000-student demo needs about 23,000 arcs;
// a generated city of 150,000 students (337 bases, 9,574 cohorts) would
// need tens of millions and keeps the cohort bound alone.
const maxFlowBoundArcs = 3_000_000

// flowArcs counts the base-slot arcs flowBound would build, the bulk of
// its network.
func (s *scheduler) flowArcs() int {
	n := 0
	for i := range s.c {
		cd := &s.c[i]
		for _, b := range cd.bases {
			for _, t := range cd.slots {
				if s.open[b][int(t)%s.pers] {
					n++
				}
			}
		}
	}
	return n
}
