package flow

import (
	"errors"
	"math"
)

// Status is how a solve ended.
type Status int

// Statuses.
const (
	Optimal    Status = iota // a minimum-cost flow was found
	Infeasible               // no flow meets the supplies and capacities
	Unbounded                // a negative cycle of unbounded capacity exists
	Stopped                  // Settings.MaxPivots was reached
)

func (s Status) String() string {
	switch s {
	case Optimal:
		return "optimal"
	case Infeasible:
		return "infeasible"
	case Unbounded:
		return "unbounded"
	case Stopped:
		return "stopped"
	}
	return "unknown"
}

// Settings tune NetworkSimplex; the zero value works.
type Settings struct {
	// BlockSize is the number of arcs priced per block; 0 means
	// max(10, ⌈√M⌉), the usual choice.
	BlockSize int
	// MaxPivots stops the solve after that many pivots; 0 means no limit.
	MaxPivots int64
}

// Stats describe the work a solve did.
type Stats struct {
	Nodes, Arcs int
	Pivots      int64 // pivots that changed the tree or an arc's bound
	Degenerate  int64 // of those, pivots that moved no flow
}

// Result is a solved flow: Flow has one entry per arc, Potential one per
// node (reduced cost of arc u→v: cost + Potential[u] − Potential[v]).
type Result struct {
	Status    Status
	Cost      int64
	Flow      []int64
	Potential []int64
	Stats     Stats
}

// ErrUnbalanced is returned when the supplies do not sum to zero.
var ErrUnbalanced = errors.New("flow: supplies do not sum to zero")

// inf stands for an unbounded capacity; flows never come near it.
const inf = math.MaxInt64 / 4

// arc states: an arc at its lower bound may enter with positive flow change,
// one at its upper bound with negative; tree arcs are basic.
const (
	stateUpper int8 = -1
	stateTree  int8 = 0
	stateLower int8 = 1
)

// NetworkSimplex returns a minimum-cost flow of g that meets every supply
// exactly (Σ supplies must be 0; route surplus through explicit arcs).
func NetworkSimplex(g *Graph, set Settings) (Result, error) {
	var sum int64
	for _, s := range g.supply {
		sum += s
	}
	if sum != 0 {
		return Result{}, ErrUnbalanced
	}
	ns := newSimplex(g, set)
	st := ns.run()
	res := Result{
		Status:    st,
		Flow:      ns.flow[:ns.m:ns.m],
		Potential: ns.pi[:ns.n:ns.n],
		Stats:     Stats{Nodes: ns.n, Arcs: ns.m, Pivots: ns.pivots, Degenerate: ns.degenerate},
	}
	if st == Optimal {
		for a := 0; a < ns.m; a++ {
			res.Cost += ns.flow[a] * ns.cost[a]
		}
	}
	return res, nil
}

// simplex is the working state: the original arcs 0..m-1 followed by one
// artificial arc per node connecting it with the extra root node n.
type simplex struct {
	n, m int
	root int32

	src, dst   []int32
	cap, cost  []int64
	flow       []int64
	state      []int8
	pi         []int64
	parent     []int32 // tree parent; -1 for the root
	pred       []int32 // arc to the parent
	up         []bool  // pred arc points from the node to its parent
	depth      []int32
	firstChild []int32
	nextSib    []int32
	prevSib    []int32

	block     int
	next      int // where pricing resumes
	maxPivots int64

	pivots, degenerate int64
}

func newSimplex(g *Graph, set Settings) *simplex {
	n, m := g.N(), g.M()
	all := m + n
	ns := &simplex{
		n: n, m: m, root: int32(n),
		src:        make([]int32, all),
		dst:        make([]int32, all),
		cap:        make([]int64, all),
		cost:       make([]int64, all),
		flow:       make([]int64, all),
		state:      make([]int8, all),
		pi:         make([]int64, n+1),
		parent:     make([]int32, n+1),
		pred:       make([]int32, n+1),
		up:         make([]bool, n+1),
		depth:      make([]int32, n+1),
		firstChild: make([]int32, n+1),
		nextSib:    make([]int32, n+1),
		prevSib:    make([]int32, n+1),
		maxPivots:  set.MaxPivots,
	}
	copy(ns.src, g.src)
	copy(ns.dst, g.dst)
	copy(ns.cap, g.cap)
	copy(ns.cost, g.cost)

	// An artificial arc must cost more than any path of real arcs.
	var maxCost int64
	for _, c := range g.cost {
		if c < 0 {
			c = -c
		}
		if c > maxCost {
			maxCost = c
		}
	}
	art := (maxCost + 1) * int64(n+1)

	for a := 0; a < m; a++ {
		ns.state[a] = stateLower
	}
	r := ns.root
	ns.parent[r], ns.pred[r] = -1, -1
	ns.firstChild[r], ns.nextSib[r], ns.prevSib[r] = -1, -1, -1
	for u := n - 1; u >= 0; u-- { // push front, so children end up in node order
		e := m + u
		ns.cap[e] = inf
		ns.state[e] = stateTree
		ns.parent[u], ns.pred[u], ns.depth[u] = r, int32(e), 1
		ns.firstChild[u] = -1
		if s := g.supply[u]; s >= 0 {
			ns.src[e], ns.dst[e], ns.flow[e], ns.up[u] = int32(u), r, s, true
		} else {
			ns.src[e], ns.dst[e], ns.flow[e], ns.up[u] = r, int32(u), -s, false
			ns.cost[e], ns.pi[u] = art, art
		}
		ns.addChild(r, int32(u))
	}

	ns.block = set.BlockSize
	if ns.block <= 0 {
		ns.block = int(math.Ceil(math.Sqrt(float64(m))))
		if ns.block < 10 {
			ns.block = 10
		}
	}
	return ns
}

func (ns *simplex) addChild(p, u int32) {
	f := ns.firstChild[p]
	ns.nextSib[u], ns.prevSib[u] = f, -1
	if f >= 0 {
		ns.prevSib[f] = u
	}
	ns.firstChild[p] = u
}

func (ns *simplex) removeChild(p, u int32) {
	if ps := ns.prevSib[u]; ps >= 0 {
		ns.nextSib[ps] = ns.nextSib[u]
	} else {
		ns.firstChild[p] = ns.nextSib[u]
	}
	if nx := ns.nextSib[u]; nx >= 0 {
		ns.prevSib[nx] = ns.prevSib[u]
	}
}

// findEntering prices arcs block by block from where the last search
// stopped and returns the most violating arc of the first block that has
// one, or -1 when every arc satisfies the optimality conditions.
func (ns *simplex) findEntering() int {
	if ns.m == 0 {
		return -1
	}
	best, bestV := -1, int64(0)
	cnt := 0
	a := ns.next
	for scanned := 0; scanned < ns.m; scanned++ {
		if s := ns.state[a]; s != stateTree {
			v := int64(s) * (ns.cost[a] + ns.pi[ns.src[a]] - ns.pi[ns.dst[a]])
			if v < bestV {
				best, bestV = a, v
			}
		}
		a++
		if a == ns.m {
			a = 0
		}
		cnt++
		if cnt == ns.block {
			if best >= 0 {
				ns.next = a
				return best
			}
			cnt = 0
		}
	}
	ns.next = a
	return best
}

func (ns *simplex) run() Status {
	for {
		in := ns.findEntering()
		if in < 0 {
			break
		}
		if ns.maxPivots > 0 && ns.pivots >= ns.maxPivots {
			return Stopped
		}
		if !ns.pivot(in) {
			return Unbounded
		}
	}
	for e := ns.m; e < ns.m+ns.n; e++ {
		if ns.flow[e] != 0 {
			return Infeasible
		}
	}
	return Optimal
}

// pivot brings arc in into the tree (or moves it to its other bound) and
// reports false when the cycle it closes has unbounded capacity.
func (ns *simplex) pivot(in int) bool {
	ns.pivots++
	first, second := ns.src[in], ns.dst[in]
	if ns.state[in] == stateUpper {
		first, second = second, first
	}
	// The apex of the cycle.
	join := func() int32 {
		u, v := first, second
		for u != v {
			du, dv := ns.depth[u], ns.depth[v]
			if du >= dv {
				u = ns.parent[u]
			}
			if dv >= du {
				v = ns.parent[v]
			}
		}
		return u
	}()

	// Flow runs join → … → first → second → … → join. Pick the blocking
	// arc met last in that order (strongly feasible trees): on the first
	// path the one nearest first (strict <), on the second the one nearest
	// join (≤).
	delta := ns.cap[in]
	uOut, side := int32(-1), 0
	for u := first; u != join; u = ns.parent[u] {
		e := ns.pred[u]
		d := ns.flow[e]
		if !ns.up[u] {
			d = ns.residual(e)
		}
		if d < delta {
			delta, uOut, side = d, u, 1
		}
	}
	for u := second; u != join; u = ns.parent[u] {
		e := ns.pred[u]
		d := ns.flow[e]
		if ns.up[u] {
			d = ns.residual(e)
		}
		if d <= delta {
			delta, uOut, side = d, u, 2
		}
	}
	if delta >= inf/2 {
		return false
	}

	if delta > 0 {
		val := int64(ns.state[in]) * delta
		ns.flow[in] += val
		for u := ns.src[in]; u != join; u = ns.parent[u] {
			if ns.up[u] {
				ns.flow[ns.pred[u]] -= val
			} else {
				ns.flow[ns.pred[u]] += val
			}
		}
		for u := ns.dst[in]; u != join; u = ns.parent[u] {
			if ns.up[u] {
				ns.flow[ns.pred[u]] += val
			} else {
				ns.flow[ns.pred[u]] -= val
			}
		}
	} else {
		ns.degenerate++
	}

	if side == 0 {
		// The entering arc blocks itself: it just changes bound.
		ns.state[in] = -ns.state[in]
		return true
	}
	uIn, vIn := first, second
	if side == 2 {
		uIn, vIn = second, first
	}
	out := ns.pred[uOut]
	if ns.flow[out] == 0 {
		ns.state[out] = stateLower
	} else {
		ns.state[out] = stateUpper
	}
	ns.state[in] = stateTree

	// Reduced cost of in becomes 0 by shifting the potentials of the
	// subtree that moves (the one holding uIn).
	rc := ns.cost[in] + ns.pi[ns.src[in]] - ns.pi[ns.dst[in]]
	sigma := rc
	if uIn == ns.src[in] {
		sigma = -rc
	}

	// Cut uOut from its parent, then hang the subtree from vIn by uIn,
	// reversing the parent links along the stem uIn … uOut.
	ns.removeChild(ns.parent[uOut], uOut)
	prevNode, prevArc, prevUp := vIn, int32(in), ns.src[in] == uIn
	for u := uIn; ; {
		oldParent, oldPred, oldUp := ns.parent[u], ns.pred[u], ns.up[u]
		if u != uOut {
			ns.removeChild(oldParent, u)
		}
		ns.parent[u], ns.pred[u], ns.up[u] = prevNode, prevArc, prevUp
		ns.addChild(prevNode, u)
		if u == uOut {
			break
		}
		prevNode, prevArc, prevUp = u, oldPred, !oldUp
		u = oldParent
	}

	// Walk the moved subtree: new depths and potentials.
	u := uIn
	ns.pi[u] += sigma
	ns.depth[u] = ns.depth[vIn] + 1
	for {
		if c := ns.firstChild[u]; c >= 0 {
			u = c
		} else {
			for u != uIn && ns.nextSib[u] < 0 {
				u = ns.parent[u]
			}
			if u == uIn {
				break
			}
			u = ns.nextSib[u]
		}
		ns.pi[u] += sigma
		ns.depth[u] = ns.depth[ns.parent[u]] + 1
	}
	return true
}

func (ns *simplex) residual(e int32) int64 {
	if c := ns.cap[e]; c < inf {
		return c - ns.flow[e]
	}
	return inf
}
