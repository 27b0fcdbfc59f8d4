package schedule

import (
	"container/heap"
	"slices"
	"time"

	"placement/solver/flow"
)

// Branching on the cohorts the flow bound splits.
//
// The flow relaxation (flowBound) lets a cohort spread its sessions over
// several groups of bases without paying a base switch, and its optimum
// does so wherever the nearest bases are full in some of the cohort's
// slots: the gap between it and P is mostly those switches. branchBound
// closes that gap on small parts by branch and bound. At a node, a cohort
// the relaxation splits between groups either keeps to one group — a
// child per group it may use, whose network drops its arcs to the others —
// or uses two bases at least and so pays base_switch: a child whose bound
// adds it. Every schedule below the node falls in one of the children (a
// cohort on one base is in that base's group), so each child's relaxation
// bounds the schedules in it, and the least bound over the nodes left
// open is a lower bound on P. A node whose bound reaches the best P known
// is closed; when all are, P is proven optimal. A node where no cohort is
// split between groups is not branched further (bases of one group are
// merged in the network) and keeps its bound; its flow, which places every
// cohort in one group, is turned into a schedule by the hinted
// construction (hint.go), which replaces the search's when cheaper and
// then often closes the node (seed 5 of the 4,000-student cities: a
// 38-cohort part from 3,280 to 3,260, proven optimal).
//
// Nodes go best bound first, deepest first on ties, and at most a count of
// them are solved (a count, not a clock, so the bound is the same on
// every machine). On a 4,000-student city's 37-cohort part it proves P =
// 2,621 optimal in 101 flows, where the flow bound is 2,591 and CBC after
// 412 s of CPU had only 2,612 (docs/scaling.md).

// branchWork caps a part's branch and bound in flow arcs solved (the
// network's arcs × the flows), and a part whose network is too large for
// minBranchFlows flows within it is not branched: on a province-sized
// part the tree could not close anyway.
const (
	branchWork     = 400_000
	minBranchFlows = 32
)

// branch raises r.bound with branchBound when the part's best P is above
// it by less than one base switch, its cohorts form one component, and its
// network is small enough. With a gap under a switch, every child that
// makes a cohort use two bases closes at once, so the tree is one of group
// choices and usually closes within the allowance; with wider gaps it
// branches into many children a level and rarely does (a 74-cohort part of
// a 4,000-student city, 94 above its bound: 39 networks, 0.3 s, for 12).
// Both are effort rules: the bound is valid either way.
func (r *partRun) branch(limit time.Duration, start time.Time) {
	s := r.s
	if r.bestP <= r.bound || r.bestP-r.bound >= int64(s.w.BaseSwitch) {
		return
	}
	arcs := max(1, s.flowArcs())
	flows := branchWork / arcs
	if flows < minBranchFlows {
		return
	}
	comps := s.components()
	if len(comps) != 1 {
		return
	}
	t0 := time.Now()
	var inc int64
	for _, i := range comps[0] {
		inc += s.planCost(i, r.best[i])
	}
	stop := func() bool { return limit > 0 && time.Since(start) > limit }
	// A leaf's flow places every cohort in one group: the hinted
	// construction turns it into a schedule, sometimes better than the
	// search's (the part is one component, so its P less the cohorts
	// without a base is the component's cost).
	rest := s.baselessCost()
	build := func(hints [][]placed) int64 {
		s.clear()
		s.constructHinted(r.order, hints)
		if s.P < r.bestP {
			r.best, r.bestP = s.snapshot(), s.P
			r.st.BranchImprovements++
		}
		return r.bestP - rest
	}
	b, used := s.branchBound(comps[0], inc, flows, stop, build)
	r.bound = max(r.bound, rest+b)
	r.st.BranchFlows += used
	r.st.Branch += time.Since(t0)
}

// branchBound is the branch and bound above on the cohorts comp (a
// component of the network) whose best schedule known costs incumbent;
// it solves at most flows networks, fewer when stop says so, and returns
// the bound proven for comp — the final incumbent when every node was
// closed — and the networks it solved. build, when not nil, is given the
// flow of every node that splits no cohort between groups and returns the
// best cost of comp known after it (it may build a better schedule).
func (s *scheduler) branchBound(comp []int, incumbent int64, flows int, stop func() bool, build func([][]placed) int64) (int64, int) {
	B := int64(s.w.BaseSwitch)
	// One network for the whole tree: a node closes the arcs of its
	// cohorts kept to one group that lead to the others (capacity 0), and
	// they get their capacity back before the next node.
	net := s.buildFlowNet(comp)
	type closedArc struct {
		a   int
		cap int64
	}
	var closed []closedArc
	only := make([]int32, len(s.c)) // by cohort: the one group the node allows it, −1 any
	split := make([]bool, len(s.c)) // by cohort: at the node, it uses two bases at least
	hints := make([][]placed, len(s.c))
	q := &bnbQueue{{}}
	solved := 0
	for q.Len() > 0 && solved < flows && !stop() {
		nd := heap.Pop(q).(*bnbNode)
		if nd.bound >= incumbent {
			return incumbent, solved // every node left is bounded as high
		}
		if nd.leaf {
			heap.Push(q, nd) // the least bound, and it cannot rise
			break
		}
		for _, i := range comp {
			only[i], split[i] = -1, false
		}
		var extra int64
		for _, d := range nd.path {
			if d.only >= 0 {
				only[d.cohort] = d.only
			} else {
				split[d.cohort] = true
				extra += B
			}
		}
		cost, res := nd.cost, nd.from
		if nd.hints != nil {
			// A cohort made to use two bases changes no arc: the
			// parent's flow is the node's.
			copy(hints, nd.hints)
		} else {
			for _, c := range closed {
				net.g.SetCap(c.a, c.cap)
			}
			closed = closed[:0]
			for k, i := range comp {
				if only[i] < 0 {
					continue
				}
				for a := net.arcsFrom[k]; a < net.arcsFrom[k+1]; a++ {
					if key, ok := net.chainKey(a); ok && key/int32(s.S) != only[i] {
						_, _, c, _ := net.g.Arc(a)
						closed = append(closed, closedArc{a, c})
						net.g.SetCap(a, 0)
					}
				}
			}
			var ok bool
			if cost, res, ok = s.solveFlowNetFrom(net, hints, nd.from); !ok { // cancelled
				heap.Push(q, nd)
				break
			}
			solved++
		}
		lb := max(nd.bound, cost+extra)
		if lb >= incumbent {
			continue
		}
		pick := s.mostSplit(comp, hints, only, split)
		if pick < 0 {
			if build != nil {
				incumbent = min(incumbent, build(hints))
			}
			if lb < incumbent {
				heap.Push(q, &bnbNode{bound: lb, path: nd.path, depth: nd.depth, leaf: true})
			}
			continue
		}
		var groups []int32
		for _, b := range s.c[pick].bases {
			if g := s.mergeRoot[b]; !slices.Contains(groups, g) {
				groups = append(groups, g)
			}
		}
		for _, g := range append(groups, -1) {
			path := append(append(make([]bnbDecision, 0, len(nd.path)+1), nd.path...), bnbDecision{pick, g})
			child := &bnbNode{bound: lb, path: path, depth: nd.depth + 1, from: res}
			if g < 0 {
				child.bound, child.cost, child.hints = lb+B, cost, slices.Clone(hints)
			}
			heap.Push(q, child)
		}
	}
	least := incumbent
	for _, nd := range *q {
		least = min(least, nd.bound)
	}
	return least, solved
}

// mostSplit is the cohort of comp, free at the node, whose sessions in
// the relaxation's flow (hints) are split most evenly between groups —
// the most sessions outside its largest group; −1 when none is split.
// Cohorts that no base alone can hold are left alone: flowBound counts
// their switches already.
func (s *scheduler) mostSplit(comp []int, hints [][]placed, only []int32, split []bool) int {
	pick, most := -1, 0
	var groups []int32
	var counts []int
	for _, i := range comp {
		if only[i] >= 0 || split[i] || s.c[i].switches > 0 || len(hints[i]) < 2 {
			continue
		}
		groups, counts = groups[:0], counts[:0]
		for _, p := range hints[i] {
			k := 0
			for k < len(groups) && groups[k] != p.base {
				k++
			}
			if k == len(groups) {
				groups, counts = append(groups, p.base), append(counts, 0)
			}
			counts[k]++
		}
		if len(groups) < 2 {
			continue
		}
		largest := 0
		for _, n := range counts {
			largest = max(largest, n)
		}
		if out := len(hints[i]) - largest; out > most {
			pick, most = i, out
		}
	}
	return pick
}

// bnbDecision keeps a cohort to one group (only ≥ 0: the group's first
// base) or makes it use two bases at least (only = −1).
type bnbDecision struct {
	cohort int
	only   int32
}

type bnbNode struct {
	bound int64 // the parent's, until the node is solved
	path  []bnbDecision
	depth int
	leaf  bool // solved, with no cohort split between groups
	// Set when the node's flow is known (its last decision made a cohort
	// use two bases, which changes no arc): its cost and hints.
	cost  int64
	hints [][]placed
	// The optimum of the parent's network (the node's own when hints is
	// set), whose arcs open are a superset of the node's: the node's
	// network is solved from it (flow.PrimalDualFrom), moving only what
	// the arcs it closes carried. Nil at the root.
	from *flow.Result
}

// bnbQueue is a heap of nodes, least bound first, then deepest.
type bnbQueue []*bnbNode

func (q bnbQueue) Len() int { return len(q) }
func (q bnbQueue) Less(i, j int) bool {
	if q[i].bound != q[j].bound {
		return q[i].bound < q[j].bound
	}
	return q[i].depth > q[j].depth
}
func (q bnbQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *bnbQueue) Push(x any)   { *q = append(*q, x.(*bnbNode)) }
func (q *bnbQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
