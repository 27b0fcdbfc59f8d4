package flow

import (
	"context"
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
	// max(10, ⌈f·√M⌉) with f = 0.15 above 32,768 nodes and 0.3 up to
	// that, measured best on placement networks (see blockFactor).
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

// cancelEvery is how many pivots pass between two looks at the context: a
// look costs a few nanoseconds, a pivot on a province-size network about a
// microsecond, so a cancelled solve stops within milliseconds.
const cancelEvery = 1024

// ErrUnbalanced is returned when the supplies do not sum to zero.
var ErrUnbalanced = errors.New("flow: supplies do not sum to zero")

// blockFactor scales the default block, √M, on networks with more than
// bigNodes nodes; smallBlockFactor on the others. Measured on the exported
// networks of generated cities (user CPU, min of 4–5 runs each): at
// 150,000 students (94,000 nodes) factors 0.1–0.2 are within noise of
// each other and about 20 % faster than 0.3 — more pivots (1.0 M against
// 0.9 M) but half the arcs priced, and there a priced arc's two potentials
// are random reads from 0.75 MB, more than a core's L2 cache. A block of
// 1,000 (≈ 1.2·√M, near LEMON's default) is 75 % slower. While the
// potentials fit in cache the factor matters little (40,000 students,
// 26,500 nodes: 0.15 within 6 % of 0.3; 4,000 students: within noise), so
// smaller networks keep 0.3, and with it their pivots and plans.
const (
	blockFactor      = 0.15
	smallBlockFactor = 0.3
	bigNodes         = 1 << 15
)

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
//
// It refuses, with an error wrapping ErrRange, a graph whose numbers could
// overflow its int64 arithmetic (CheckRange): every result it returns is
// exact.
func NetworkSimplex(g *Graph, set Settings) (Result, error) {
	return NetworkSimplexContext(context.Background(), g, set)
}

// NetworkSimplexContext is NetworkSimplex that stops when ctx is done: it
// looks every cancelEvery pivots, and a stopped solve returns status
// Stopped and ctx's error.
func NetworkSimplexContext(ctx context.Context, g *Graph, set Settings) (Result, error) {
	if err := CheckRange(g); err != nil {
		return Result{}, err
	}
	var sum int64
	for _, s := range g.supply {
		sum += s
	}
	if sum != 0 {
		return Result{}, ErrUnbalanced
	}
	ns := newSimplex(g, set)
	ns.done = ctx.Done()
	st := ns.run()
	flow := make([]int64, ns.m)
	for k, a := range ns.order {
		flow[a] = ns.flow[k]
	}
	pot := make([]int64, ns.n)
	for u, o := range ns.orig {
		if int(o) < ns.n {
			pot[o] = ns.pi[u]
		}
	}
	res := Result{
		Status:    st,
		Flow:      flow,
		Potential: pot,
		Stats:     Stats{Nodes: ns.n, Arcs: ns.m, Pivots: ns.pivots, Degenerate: ns.degenerate},
	}
	if st == Optimal {
		for k := 0; k < ns.m; k++ {
			res.Cost += ns.flow[k] * ns.cost[k]
		}
	}
	if st == Stopped && ctx.Err() != nil {
		return res, ctx.Err()
	}
	return res, nil
}

// simplex is the working state: the original arcs 0..m-1 followed by one
// artificial arc per node connecting it with the extra root node n.
type simplex struct {
	n, m int
	root int32

	src, dst  []int32
	cap, cost []int64
	flow      []int64
	state     []int8
	pi        []int64
	parent    []int32 // tree parent; -1 for the root
	pred      []int32 // arc to the parent
	up        []bool  // pred arc points from the node to its parent
	thread    []int32 // next node in a preorder walk of the tree (circular through the root)
	revThread []int32 // previous node in that walk
	succNum   []int32 // size of the node's subtree
	lastSucc  []int32 // last node of the node's subtree in the walk

	// scratch for the stem of a pivot
	stem, lastOld, revOld, afterOld, sizeOld []int32

	order []int32 // original index of each internal arc
	orig  []int32 // original index of each internal node (the root is n)

	// relayout scratch
	newID, walk []int32
	tmp32       []int32
	tmp64       []int64
	tmpBool     []bool
	sinceLayout int

	block     int
	next      int // where pricing resumes
	maxPivots int64
	done      <-chan struct{} // closed when the solve is to stop; nil: never

	pivots, degenerate int64
	crashed            bool // the initial tree is crash's, not the star
}

// useCrash lets tests compare the crash tree with the plain star.
var useCrash = true

func newSimplex(g *Graph, set Settings) *simplex {
	n, m := g.N(), g.M()
	all := m + n
	ns := &simplex{
		n: n, m: m, root: int32(n),
		src:       make([]int32, all),
		dst:       make([]int32, all),
		cap:       make([]int64, all),
		cost:      make([]int64, all),
		flow:      make([]int64, all),
		state:     make([]int8, all),
		pi:        make([]int64, n+1),
		parent:    make([]int32, n+1),
		pred:      make([]int32, n+1),
		up:        make([]bool, n+1),
		thread:    make([]int32, n+1),
		revThread: make([]int32, n+1),
		succNum:   make([]int32, n+1),
		lastSucc:  make([]int32, n+1),
		maxPivots: set.MaxPivots,
	}
	// Store the arcs in strided order, so that each pricing block samples
	// arcs from all over the network rather than a few neighbouring nodes'
	// (LEMON's "arc mixing"): internal arc k is original arc order[k].
	ns.order = make([]int32, 0, m)
	stride := max(3, m/max(n, 1))
	for j := 0; j < stride; j++ {
		for a := j; a < m; a += stride {
			ns.order = append(ns.order, int32(a))
		}
	}
	for k, a := range ns.order {
		ns.src[k], ns.dst[k], ns.cap[k], ns.cost[k] = g.src[a], g.dst[a], g.cap[a], g.cost[a]
	}

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
	// The initial tree is a star: every node hangs from the root by its
	// artificial arc, and the preorder walk is root, 0, 1, …, n-1. Where
	// the network allows, crash then rehangs its transshipment nodes
	// (below).
	r := ns.root
	ns.parent[r], ns.pred[r] = -1, -1
	ns.succNum[r] = int32(n + 1)
	ns.lastSucc[r] = int32(n - 1)
	if n == 0 {
		ns.lastSucc[r] = r
	}
	prev := r
	for u := 0; u < n; u++ {
		e := m + u
		ns.cap[e] = inf
		ns.state[e] = stateTree
		ns.parent[u], ns.pred[u] = r, int32(e)
		ns.succNum[u], ns.lastSucc[u] = 1, int32(u)
		ns.link(prev, int32(u))
		prev = int32(u)
		if s := g.supply[u]; s >= 0 {
			ns.src[e], ns.dst[e], ns.flow[e], ns.up[u] = int32(u), r, s, true
		} else {
			ns.src[e], ns.dst[e], ns.flow[e], ns.up[u] = r, int32(u), -s, false
			ns.cost[e], ns.pi[u] = art, art
		}
	}
	ns.link(prev, r)

	// A crash tree replaces the star's transshipment part where the
	// network has one demand node and no cycle among those nodes (stage
	// 1's): half the pivots on the generated cities' networks.
	if useCrash {
		ns.crashed = ns.crash(g.supply)
	}

	ns.orig = make([]int32, n+1)
	for u := range ns.orig {
		ns.orig[u] = int32(u)
	}

	ns.block = set.BlockSize
	if ns.block <= 0 {
		f := blockFactor
		if n <= bigNodes {
			f = smallBlockFactor
		}
		ns.block = int(math.Ceil(f * math.Sqrt(float64(m))))
		if ns.block < 10 {
			ns.block = 10
		}
	}
	return ns
}

// relayoutEvery is how many pivots pass between two relayouts of an
// n-node tree; tests lower relayoutMin to relayout after every pivot.
// n/8 measured best on the 150,000-student network: 15 % faster than n/2
// (the walks follow the numbering for longer), n/16 no faster (a relayout,
// O(n + m), costs about 5 ms there).
func relayoutEvery(n int) int { return max(relayoutMin, n/relayoutDiv) }

var (
	relayoutMin = 1000
	relayoutDiv = 8
)

// relayout renumbers the nodes in the order of the preorder walk, so that
// walking a subtree — the potential update, most of a pivot's work on
// large networks — reads memory nearly in sequence instead of hopping
// across it. It costs O(n + m); pivots scramble the order again slowly, so
// doing it every relayoutEvery(n) pivots keeps the walk fast for a small
// fraction of the time.
func (ns *simplex) relayout() {
	ns.sinceLayout = 0
	N := ns.n + 1
	if ns.newID == nil {
		ns.newID, ns.walk = make([]int32, N), make([]int32, N)
		ns.tmp32, ns.tmp64, ns.tmpBool = make([]int32, N), make([]int64, N), make([]bool, N)
	}
	newID, walk := ns.newID, ns.walk
	u := ns.root
	for i := 0; i < N; i++ {
		newID[u], walk[i] = int32(i), u
		u = ns.thread[u]
	}
	mapped := func(a []int32, isNode bool) {
		for i, old := range walk {
			v := a[old]
			if isNode && v >= 0 {
				v = newID[v]
			}
			ns.tmp32[i] = v
		}
		copy(a, ns.tmp32)
	}
	mapped(ns.parent, true)
	mapped(ns.thread, true)
	mapped(ns.revThread, true)
	mapped(ns.lastSucc, true)
	mapped(ns.pred, false)
	mapped(ns.succNum, false)
	mapped(ns.orig, false)
	for i, old := range walk {
		ns.tmp64[i] = ns.pi[old]
		ns.tmpBool[i] = ns.up[old]
	}
	copy(ns.pi, ns.tmp64)
	copy(ns.up, ns.tmpBool)
	for k := range ns.src {
		ns.src[k], ns.dst[k] = newID[ns.src[k]], newID[ns.dst[k]]
	}
	ns.root = newID[ns.root]
}

func (ns *simplex) link(a, b int32) {
	ns.thread[a] = b
	ns.revThread[b] = a
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
		if ns.done != nil && ns.pivots%cancelEvery == 0 {
			select {
			case <-ns.done:
				return Stopped
			default:
			}
		}
		if !ns.pivot(in) {
			return Unbounded
		}
		if ns.sinceLayout++; ns.sinceLayout >= relayoutEvery(ns.n) {
			ns.relayout()
		}
		if debugCheckTree {
			ns.checkTree()
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
	// The apex of the cycle: climb from the end with the smaller subtree,
	// which cannot be an ancestor of the other.
	u, v := first, second
	for u != v {
		if ns.succNum[u] < ns.succNum[v] {
			u = ns.parent[u]
		} else {
			v = ns.parent[v]
		}
	}
	join := u

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

	ns.rehang(uIn, vIn, uOut, int32(in), join)
	// Only differences of potentials matter, so shift whichever side of
	// the cut is smaller: the moved subtree by σ, or the rest by −σ. Both
	// are one contiguous run of the circular walk.
	u, cnt := uIn, ns.succNum[uIn]
	if rest := int32(ns.n+1) - cnt; rest < cnt {
		u, cnt, sigma = ns.thread[ns.lastSucc[uIn]], rest, -sigma
	}
	pi, thread := ns.pi, ns.thread
	for cnt > 0 {
		pi[u] += sigma
		cnt--
		// Runs of the walk that follow the numbering (most of it, after a
		// relayout) go by index, so the next address does not wait for
		// the load of thread[u].
		for cnt > 0 && thread[u] == u+1 {
			u++
			pi[u] += sigma
			cnt--
		}
		u = thread[u]
	}
	return true
}

// rehang cuts the subtree of uOut from its parent and hangs it from vIn by
// the arc in, re-rooted at uIn (a node of that subtree), keeping parent,
// pred, thread, succNum and lastSucc right. join is the apex of the
// pivot's cycle, an ancestor of both vIn and the old parent of uOut.
//
// Thread: with the stem s0 = uIn, s1 = parent(s0), …, sk = uOut, the
// re-rooted subtree in preorder is piece 0, piece 1, …, piece k, where piece
// 0 is the old subtree of s0 and piece j the old subtree of s_j without that
// of s_(j-1): one contiguous run of the old walk from s_j to just before
// s_(j-1), and a second run from just after s_(j-1)'s subtree to the end of
// s_j's, when that is not empty. Only run ends are relinked, so a pivot
// costs O(stem + depth), and the potential update O(moved subtree), walked
// as one contiguous run.
func (ns *simplex) rehang(uIn, vIn, uOut, in, join int32) {
	ns.stem, ns.lastOld, ns.revOld, ns.afterOld, ns.sizeOld =
		ns.stem[:0], ns.lastOld[:0], ns.revOld[:0], ns.afterOld[:0], ns.sizeOld[:0]
	for u := uIn; ; u = ns.parent[u] {
		last := ns.lastSucc[u]
		ns.stem = append(ns.stem, u)
		ns.lastOld = append(ns.lastOld, last)
		ns.revOld = append(ns.revOld, ns.revThread[u])
		ns.afterOld = append(ns.afterOld, ns.thread[last])
		ns.sizeOld = append(ns.sizeOld, ns.succNum[u])
		if u == uOut {
			break
		}
	}
	k := len(ns.stem) - 1
	vOut := ns.parent[uOut]
	total := ns.sizeOld[k]

	// Cut the old subtree out of the walk, string the pieces together and
	// splice them in right after vIn (uIn becomes vIn's first child).
	ns.link(ns.revOld[k], ns.afterOld[k])
	tail := ns.lastOld[0]
	for j := 1; j <= k; j++ {
		ns.link(tail, ns.stem[j])
		tail = ns.revOld[j-1]
		if ns.lastOld[j-1] != ns.lastOld[j] {
			ns.link(tail, ns.afterOld[j-1])
			tail = ns.lastOld[j]
		}
	}
	next := ns.thread[vIn]
	ns.link(vIn, uIn)
	ns.link(tail, next)

	// Reverse the parent links along the stem.
	prevNode, prevArc, prevUp := vIn, in, ns.src[in] == uIn
	for _, u := range ns.stem {
		oldPred, oldUp := ns.pred[u], ns.up[u]
		ns.parent[u], ns.pred[u], ns.up[u] = prevNode, prevArc, prevUp
		prevNode, prevArc, prevUp = u, oldPred, !oldUp
	}

	// Subtree sizes: the stem's from the pieces, the old and new
	// ancestors' by the moved total.
	for j := k; j >= 1; j-- {
		ns.succNum[ns.stem[j]] = total - ns.sizeOld[j-1]
	}
	ns.succNum[uIn] = total
	// Above the apex of the cycle both changes cancel.
	for a := vOut; a != join; a = ns.parent[a] {
		ns.succNum[a] -= total
	}
	for a := vIn; a != join; a = ns.parent[a] {
		ns.succNum[a] += total
	}

	// Last successors: old ancestors that ended with the moved subtree now
	// end just before it; stem nodes end at the new tail; new ancestors
	// that ended at a childless vIn now end at the tail.
	oldLast, before := ns.lastOld[k], ns.revOld[k]
	for a := vOut; a >= 0 && ns.lastSucc[a] == oldLast; a = ns.parent[a] {
		ns.lastSucc[a] = before
	}
	for _, u := range ns.stem {
		ns.lastSucc[u] = tail
	}
	if ns.lastSucc[vIn] == vIn {
		for a := vIn; a >= 0 && ns.lastSucc[a] == vIn; a = ns.parent[a] {
			ns.lastSucc[a] = tail
		}
	}
}

func (ns *simplex) residual(e int32) int64 {
	if c := ns.cap[e]; c < inf {
		return c - ns.flow[e]
	}
	return inf
}
