package schedule

import (
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

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
	comps := s.components()
	// Largest first, on up to GOMAXPROCS goroutines; the sum does not
	// depend on the order.
	order := make([]int, len(comps))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return len(comps[order[a]]) > len(comps[order[b]]) })
	costs := make([]int64, len(comps))
	oks := make([]bool, len(comps))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(comps)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= len(order) {
					return
				}
				c := order[k]
				costs[c], oks[c] = s.flowBoundOf(comps[c])
			}
		}()
	}
	wg.Wait()
	var total int64
	for c := range comps {
		if !oks[c] {
			return 0, false
		}
		total += costs[c]
	}
	for i := range s.c { // cohorts no base can take: every session unscheduled
		if len(s.c[i].bases) == 0 {
			total += int64(s.w.Unscheduled) * int64(s.c[i].n)
		}
	}
	return total, true
}

// components splits the cohorts into groups that share no base (in
// practice, one per equipment): the flow relaxation falls apart along
// them, and solving the parts separately is faster than solving the
// whole (and runs in parallel). Groups are in order of their first
// cohort; cohorts without a base are left out (all their sessions go
// unscheduled in any schedule; flowBound adds their cost).
func (s *scheduler) components() [][]int {
	parent := make([]int32, len(s.stations))
	for b := range parent {
		parent[b] = int32(b)
	}
	var find func(int32) int32
	find = func(b int32) int32 {
		for parent[b] != b {
			parent[b] = parent[parent[b]]
			b = parent[b]
		}
		return b
	}
	for i := range s.c {
		bs := s.c[i].bases
		for _, b := range bs[min(1, len(bs)):] {
			x, y := find(bs[0]), find(b)
			if x != y {
				parent[max(x, y)] = min(x, y)
			}
		}
	}
	byRoot := map[int32]int{}
	var out [][]int
	for i := range s.c {
		if len(s.c[i].bases) == 0 || s.c[i].n == 0 {
			continue
		}
		r := find(s.c[i].bases[0])
		k, ok := byRoot[r]
		if !ok {
			k = len(out)
			byRoot[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}

func (s *scheduler) flowBoundOf(cohorts []int) (int64, bool) {
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
	for _, i := range cohorts {
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
	res, err := flow.SolveCertified(s.ctx, g, flow.Settings{})
	if err != nil {
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

// coarseFlowBound is flowBound for cities too large for it: a relaxation
// of the same network with the weeks summed and the bases of one
// equipment in one district (equally far from any cohort) merged. A slot
// type is a (day, period) of the week. Each cohort c sends up to
// min(n_c, capAll_c) sessions through (c, type) [cap: the weeks of its
// window] to (merged bases, type) [cost train_per_km × km] and on to the
// sink [cap: weeks × Σ over the merged bases open in that period of
// k(base, type)]; the rest go to the sink at cost unscheduled. k(base,
// type) counts the smallest headcounts that fit the stations among the
// cohorts that could use the base in that type at all: at least as many
// as could meet in any one slot of the type. Every schedule is a flow of
// this network costing its P less the switch term, so the optimum bounds P.
//
// Size: O(Σ_c types_c × districts_c) arcs.
func (s *scheduler) coarseFlowBound() (int64, bool) {
	types := s.slotsPerWeek
	maxHead := int32(0)
	for _, st := range s.stations {
		maxHead = max(maxHead, st)
	}
	// Headcount histograms by base and type (a usable cohort's headcount
	// is at most the base's stations), for k.
	hist := make([][]int32, len(s.stations)*types)
	cohortWeeks := make([][]int32, len(s.c)) // by cohort: type → weeks of its window with it
	for i := range s.c {
		cd := &s.c[i]
		w := make([]int32, types)
		for _, t := range cd.slots {
			w[int(t)%types]++
		}
		cohortWeeks[i] = w
		for _, b := range cd.bases {
			for ty, n := range w {
				if n == 0 || !s.open[b][ty%s.pers] {
					continue
				}
				h := &hist[int(b)*types+ty]
				if *h == nil {
					*h = make([]int32, maxHead+1)
				}
				(*h)[cd.head]++
			}
		}
	}
	k := func(b, ty int) int64 {
		h := hist[b*types+ty]
		room, n := s.stations[b], int64(0)
		for head := int32(1); int(head) < len(h); head++ {
			for c := h[head]; c > 0; c-- {
				if head > room {
					return n
				}
				room -= head
				n++
			}
		}
		return n
	}
	g := flow.NewGraph(1)
	const sink = 0
	mergedNode := make([]int, len(s.stations)*types) // (merge root, type) → node; 0: none yet
	var total int64
	var linked []int32
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
		if len(cd.bases) == 0 || cd.capAll == 0 {
			continue
		}
		chain := g.AddNode()
		g.AddArc(c, chain, int64(min(cd.n, cd.capAll)), 0)
		for ty, weeks := range cohortWeeks[i] {
			if weeks == 0 {
				continue
			}
			ct := g.AddNode()
			g.AddArc(chain, ct, int64(weeks), 0)
			linked = linked[:0]
			for kb, b := range cd.bases {
				root := s.mergeRoot[b]
				if !s.open[b][ty%s.pers] || slices.Contains(linked, root) {
					continue // closed, or its merge is linked already (same km)
				}
				linked = append(linked, root)
				key := int(root)*types + ty
				if mergedNode[key] == 0 {
					mergedNode[key] = g.AddNode()
				}
				g.AddArc(ct, mergedNode[key], int64(weeks), T*int64(cd.km[kb]))
			}
		}
	}
	for key, n := range mergedNode {
		if n == 0 {
			continue
		}
		root, ty := key/types, key%types
		var cp int64
		for b := range s.stations {
			if int(s.mergeRoot[b]) == root && s.open[b][ty%s.pers] {
				cp += int64(s.weeks) * k(b, ty)
			}
		}
		g.AddArc(n, sink, cp, 0)
	}
	g.SetSupply(sink, -total)
	res, err := flow.SolveCertified(s.ctx, g, flow.Settings{})
	if err != nil {
		return 0, false
	}
	return res.Cost, true
}
