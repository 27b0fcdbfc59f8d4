package schedule

import (
	"slices"

	"placement/solver/flow"
	"placement/solver/internal/unionfind"
)

// flowBound is a second lower bound on P, one that sees the capacity the
// cohorts share (cohortBound does not): the optimum of a min-cost flow
// relaxation of the schedule, solved exactly by the primal-dual method
// (flow.PrimalDual: its unit capacities make almost every network simplex
// pivot degenerate, and a handful of shortest-path phases do the job — at
// 150,000 students 2.2 s of CPU instead of 11 s) and checked by its dual
// certificate.
//
// Bases of one equipment in one district are equally far from every
// cohort; they are merged into a group g. Each cohort c sends its n_c
// sessions either to the sink at cost unscheduled, or through its own
// laminar chain
//
//	c → (c, week) [cap max_sessions_per_week] → (c, week, day) [cap max_sessions_per_day]
//	  → (c, slot) [cap 1, only when max_sessions_per_day > 1]
//	  → (g, slot, class of head_c) [cap 1, cost train_per_km × km]
//
// for the weeks, days, periods and groups the cohort may use, and on to
// the sink through its group-slot's capacity chain. The chain is a nested
// cover of the stations: for each headcount h among the cohorts that could
// meet there, at most K(h) cohorts of h people or more, where K(h) sums
// over the group's bases open in the slot the count of the smallest such
// headcounts (among the cohorts with an arc there) that fit its stations.
// The chain's nodes are (g, slot, h) for ascending h; a cohort enters at
// the largest h ≤ head_c and goes down the arcs (g, slot, h) → (g, slot,
// next smaller h) [cap K(h)] to the sink, so every K(h) with h ≤ head_c
// counts it. Only the h where K drops are kept (the others are implied).
// Every schedule is a flow of this network whose cost is its P minus its
// base-switch term — the cohorts meeting in one base and slot fit its
// stations, so for every h those of h people or more number at most K(h)
// — and so the flow optimum is a lower bound on P. It is exact when no
// base-slot can hold two cohorts and no cohort would pay a base switch.
// Counting cohorts of at least h people (rather than all cohorts, the
// bound before) is what sees that a 40-station base holds a cohort of 5
// and one of 30, but never two of 30 (a count of all cohorts allows two
// there). On a generated 40,000-student city it raised the bound from
// 86,908 to 91,912 (P 95,786); on random instances where the bases are
// full it closes gaps of 25 % (TestScheduleAgainstMIP).
//
// Switches a cohort cannot avoid are added: when no base alone can hold
// all n_c sessions of cohort c (its periods they open, its time rules),
// any schedule placing all of them uses m_c bases at least and pays w_c =
// base_switch × (m_c − 1) (cohortData.switches). So its switch term is at
// least w_c × (1 − missing_c), missing_c its sessions left out, and
//
//	P ≥ [flow cost with c's left-out sessions priced unscheduled − w_c] + Σ w_c,
//
// the bracket being again a min-cost flow of the same network
// (TestFlowBoundAddsForcedSwitches). Where every cohort fits one base,
// as in the generated cities, w_c is 0 and nothing changes.
//
// The optimal flow is also a hint for the construction (see
// constructHinted): it
// says, per cohort, in which slots and groups its sessions would go.
//
// Size: O(Σ_c allowed slots × usable groups) arcs; solved once per
// Schedule, one network per component of cohorts that share bases, and
// skipped (reporting false) beyond maxFlowBoundArcs arcs, where the coarse
// bound stands.
func (s *scheduler) flowBound() (int64, [][]placed, bool) {
	if s.flowArcs() > maxFlowBoundArcs {
		return 0, nil, false
	}
	hints := make([][]placed, len(s.c))
	var total int64
	for _, comp := range s.components() {
		cost, ok := s.flowBoundOf(comp, hints)
		if !ok {
			return 0, nil, false
		}
		total += cost
	}
	return total + s.baselessCost(), hints, true
}

// baselessCost is what the cohorts no base can take pay in any schedule:
// every session unscheduled. components leaves them out.
func (s *scheduler) baselessCost() int64 {
	var c int64
	for i := range s.c {
		if len(s.c[i].bases) == 0 {
			c += int64(s.w.Unscheduled) * int64(s.c[i].n)
		}
	}
	return c
}

// components splits the cohorts into groups that share no base (solve
// already gives each equipment its own scheduler, so within one there is
// rarely more than a group): the flow relaxation falls apart along them,
// and smaller networks solve faster. Groups are in order of their first
// cohort; cohorts without a base are left out (all their sessions go
// unscheduled in any schedule; flowBound adds their cost).
func (s *scheduler) components() [][]int {
	sets := unionfind.New(len(s.stations))
	for i := range s.c {
		bs := s.c[i].bases
		for _, b := range bs[min(1, len(bs)):] {
			sets.Union(bs[0], b)
		}
	}
	byRoot := map[int32]int{}
	var out [][]int
	for i := range s.c {
		if len(s.c[i].bases) == 0 || s.c[i].n == 0 {
			continue
		}
		r := sets.Find(s.c[i].bases[0])
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

// flowBoundOf solves flowBound's network for one component of cohorts and
// sets hints[i], for each of them, to the (group, slot) pairs its optimal
// flow uses (placed.base holds the group's first base).
func (s *scheduler) flowBoundOf(cohorts []int, hints [][]placed) (int64, bool) {
	return s.solveFlowNet(s.buildFlowNet(cohorts), hints)
}

// flowNet is flowBound's network for one component of cohorts, built once
// and solved as often as branchBound changes its capacities.
type flowNet struct {
	g        *flow.Graph
	cohorts  []int
	arcsFrom []int   // the arcs of cohorts[k] are arcsFrom[k] … arcsFrom[k+1]−1
	nodeKey  []int32 // node − 1 → its group-slot key, for the chain nodes
	switches int64   // the forced switches added to the optimum
	rs       *flow.Resolver
}

// chainKey is the group-slot key (group's first base × S + slot) of the
// chain node that arc a of the network enters; false when a enters none.
func (n *flowNet) chainKey(a int) (int32, bool) {
	if _, v, _, _ := n.g.Arc(a); v >= 1 && v <= len(n.nodeKey) {
		return n.nodeKey[v-1], true
	}
	return 0, false
}

// buildFlowNet builds flowBound's network for one component of cohorts.
func (s *scheduler) buildFlowNet(cohorts []int) *flowNet {
	maxHead := int32(0)
	for _, st := range s.stations {
		maxHead = max(maxHead, st)
	}
	// Headcount histograms by base and slot, of the cohorts that could
	// meet there.
	hist := make(map[int32][]int32)
	for _, i := range cohorts {
		cd := &s.c[i]
		for _, t := range cd.slots {
			for _, b := range cd.bases {
				if !s.open[b][int(t)%s.pers] {
					continue
				}
				key := b*int32(s.S) + t
				h := hist[key]
				if h == nil {
					h = make([]int32, maxHead+1)
					hist[key] = h
				}
				h[cd.head]++
			}
		}
	}
	// The chains, group-slot by group-slot in key order.
	members := make(map[int32][]int32)
	for b := range s.stations {
		members[s.mergeRoot[b]] = append(members[s.mergeRoot[b]], int32(b))
	}
	groupSlots := make(map[int32]bool)
	for key := range hist {
		groupSlots[s.mergeRoot[key/int32(s.S)]*int32(s.S)+key%int32(s.S)] = true
	}
	keys := make([]int32, 0, len(groupSlots))
	for key := range groupSlots {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	g := flow.NewGraph(1) // node 0: the sink
	const sink = 0
	type chain struct {
		heads []int32 // ascending
		nodes []int   // parallel
		caps  []int64 // parallel: of the arc out of the node
	}
	chains := make(map[int32]chain, len(keys))
	var nodeKey []int32 // node − 1 → its group-slot key, for the chain nodes
	present := make([]bool, maxHead+1)
	var hs [][]int32
	var rooms []int32
	for _, key := range keys {
		root, t := key/int32(s.S), key%int32(s.S)
		clear(present)
		hs, rooms = hs[:0], rooms[:0]
		for _, b := range members[root] {
			if h := hist[b*int32(s.S)+t]; h != nil {
				hs = append(hs, h)
				rooms = append(rooms, s.stations[b])
				for v, n := range h {
					if n > 0 {
						present[v] = true
					}
				}
			}
		}
		var ch chain
		for v := int32(1); v <= maxHead; v++ {
			if !present[v] {
				continue
			}
			var k int64
			for x, h := range hs {
				k += fitCount(h, v, rooms[x])
			}
			if len(ch.caps) == 0 || k < ch.caps[len(ch.caps)-1] {
				ch.heads = append(ch.heads, v)
				ch.nodes = append(ch.nodes, g.AddNode())
				ch.caps = append(ch.caps, k)
				nodeKey = append(nodeKey, key)
			}
		}
		g.AddArc(ch.nodes[0], sink, ch.caps[0], 0)
		for j := 1; j < len(ch.caps); j++ {
			g.AddArc(ch.nodes[j], ch.nodes[j-1], ch.caps[j], 0)
		}
		chains[key] = ch
	}
	arcsFrom := make([]int, len(cohorts)+1) // cohort k's arcs are arcsFrom[k]..arcsFrom[k+1]-1
	var total, switches int64
	T, U := int64(s.w.TrainPerKm), int64(s.w.Unscheduled)
	var linked []int32
	for ci, i := range cohorts {
		arcsFrom[ci] = g.M()
		cd := &s.c[i]
		c := g.AddNode()
		g.SetSupply(c, int64(cd.n))
		total += int64(cd.n)
		// Forced switches (see flowBound): the cohort's sessions left out
		// are priced U − w_c and w_c is added to the bound.
		w := min(cd.switches, U)
		switches += w
		g.AddArc(c, sink, int64(cd.n), U-w)
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
			linked = linked[:0]
			for k, b := range cd.bases {
				root := s.mergeRoot[b]
				if !s.open[b][int(t)%s.pers] || slices.Contains(linked, root) {
					continue // closed, or its group is linked already (same km)
				}
				linked = append(linked, root)
				ch := chains[root*int32(s.S)+t]
				j := len(ch.heads) - 1
				for ch.heads[j] > cd.head {
					j--
				}
				g.AddArc(from, ch.nodes[j], 1, T*int64(cd.km[k]))
			}
		}
	}
	arcsFrom[len(cohorts)] = g.M()
	g.SetSupply(sink, -total)
	return &flowNet{g: g, cohorts: cohorts, arcsFrom: arcsFrom, nodeKey: nodeKey, switches: switches}
}

// solveFlowNet solves n and sets the hints of its cohorts (see
// flowBoundOf); false when the solve was cancelled or failed its check.
func (s *scheduler) solveFlowNet(n *flowNet, hints [][]placed) (int64, bool) {
	cost, _, ok := s.solveFlowNetFrom(n, hints, nil)
	return cost, ok
}

// solveFlowNetFrom is solveFlowNet started from the optimum from of the
// network with capacities no lower (flow.PrimalDualFrom; nil: from
// nothing), which it also returns for the solves that follow. The
// network keeps its solver (flow.Resolver) from solve to solve.
func (s *scheduler) solveFlowNetFrom(n *flowNet, hints [][]placed, from *flow.Result) (int64, *flow.Result, bool) {
	if n.rs == nil {
		n.rs = flow.NewResolver(n.g)
	}
	var fl, pot []int64
	if from != nil {
		fl, pot = from.Flow, from.Potential
	}
	res, err := n.rs.Solve(s.ctx, fl, pot)
	if err != nil {
		return 0, nil, false
	}
	// The hints: a cohort's arcs into a chain node (nodes 1..len(nodeKey))
	// that carry a session, in slot order.
	for ci, i := range n.cohorts {
		var h []placed
		for a := n.arcsFrom[ci]; a < n.arcsFrom[ci+1]; a++ {
			if key, ok := n.chainKey(a); ok && res.Flow[a] > 0 {
				h = append(h, placed{key / int32(s.S), key % int32(s.S)})
			}
		}
		hints[i] = h
	}
	return res.Cost + n.switches, &res, true
}

// fitCount is how many cohorts of at least from people fit room
// stations, the smallest first, of those the headcount histogram h counts.
func fitCount(h []int32, from, room int32) int64 {
	n := int64(0)
	for head := from; int(head) < len(h); head++ {
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

// maxFlowBoundArcs caps the flow relaxation's size (about 100 bytes an arc
// while it is solved). The 4,000-student demo needs about 20,000 arcs, a
// generated city of 40,000 students 0.9 million and one of 150,000 (337
// bases, 9,722 cohorts) 3.6 million.
const maxFlowBoundArcs = 8_000_000

// flowArcs counts the group-slot arcs flowBound would build, the bulk of
// its network.
func (s *scheduler) flowArcs() int {
	n := 0
	var linked []int32
	for i := range s.c {
		cd := &s.c[i]
		for _, t := range cd.slots {
			linked = linked[:0]
			for _, b := range cd.bases {
				if root := s.mergeRoot[b]; s.open[b][int(t)%s.pers] && !slices.Contains(linked, root) {
					linked = append(linked, root)
				}
			}
			n += len(linked)
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
				cp += int64(s.weeks) * fitCount(hist[b*types+ty], 1, s.stations[b])
			}
		}
		g.AddArc(n, sink, cp, 0)
	}
	g.SetSupply(sink, -total)
	res, err := flow.CertifiedPrimalDual(s.ctx, g)
	if err != nil {
		return 0, false
	}
	return res.Cost, true
}
