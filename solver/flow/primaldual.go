package flow

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// PrimalDual returns a minimum-cost flow of g by the primal-dual method
// (successive shortest paths in phases; Ahuja, Magnanti and Orlin, Network
// Flows, 1993, §9.8): node potentials keep every residual arc's reduced
// cost non-negative; each phase runs Dijkstra from all nodes with excess
// until the nearest node with a deficit, raises the potentials by the
// distances, and then sends a maximum flow (Dinic) from the excesses to
// the deficits along the arcs of reduced cost 0 — every shortest path at
// once. The flow and potentials returned satisfy Verify.
//
// It needs every arc's cost ≥ 0 (ErrNegativeCost otherwise) and is meant
// for networks where many augmenting paths share few distinct lengths —
// stage 2's flow bound, whose unit capacities make the network simplex's
// pivots almost all degenerate. Complexity: O(phases × (M log N + Dinic on
// the admissible arcs)); the phases are the distinct shortest-path lengths
// met, at most the number of distinct values below the largest cost.
func PrimalDual(ctx context.Context, g *Graph) (Result, error) {
	if err := checkPrimalDual(g, nil, nil); err != nil {
		return Result{}, err
	}
	return newPrimalDual(g).result(ctx, g)
}

// checkPrimalDual checks what the method needs of g (CheckRange, balanced
// supplies) and of a start (one flow an arc and one potential a node),
// or, without one, that every cost is ≥ 0.
func checkPrimalDual(g *Graph, flow, pot []int64) error {
	if err := CheckRange(g); err != nil {
		return err
	}
	var total int64
	for _, s := range g.supply {
		total += s
	}
	if total != 0 {
		return ErrUnbalanced
	}
	if flow == nil && pot == nil {
		for a := range g.cost {
			if g.cost[a] < 0 {
				return ErrNegativeCost
			}
		}
		return nil
	}
	if len(flow) != g.M() || len(pot) != g.N() {
		return fmt.Errorf("flow: a start of %d flows and %d potentials for %d arcs and %d nodes", len(flow), len(pot), g.M(), g.N())
	}
	return nil
}

// result runs the method from pd's state and returns its result on g.
func (pd *primalDual) result(ctx context.Context, g *Graph) (Result, error) {
	st, err := pd.run(ctx)
	res := Result{Status: st, Flow: pd.flows(), Potential: slices.Clone(pd.pot), Stats: Stats{Nodes: g.N(), Arcs: g.M(), Pivots: int64(pd.phases), Degenerate: int64(pd.bfs)}}
	if err != nil || st != Optimal {
		return res, err
	}
	for a := range g.cost {
		res.Cost += g.cost[a] * res.Flow[a]
	}
	return res, nil
}

// ErrNegativeCost is returned by PrimalDual for a graph with an arc of
// negative cost.
var ErrNegativeCost = errors.New("flow: primal-dual needs costs ≥ 0")

// ErrBadStart is returned by PrimalDualFrom when the flow and potentials
// it starts from leave a residual arc of negative reduced cost.
var ErrBadStart = errors.New("flow: the start leaves a residual arc of negative reduced cost")

// PrimalDualFrom is PrimalDual started from a flow and potentials instead
// of zero: flow (one value an arc, ≥ 0) is cut to each arc's capacity,
// what the cut leaves unbalanced becomes the nodes' excesses and
// deficits, and the method sends those along shortest paths as usual.
// Every residual arc of the cut flow must have a reduced cost ≥ 0 under
// pot (ErrBadStart otherwise). An optimal flow with its potentials meets
// that after any capacities are lowered (closing an arc removes residual
// arcs, it makes none), so a branch and bound that closes arcs re-solves
// a child from its parent's optimum: only the flow the closed arcs
// carried moves, not the whole network's. The result is exactly as
// PrimalDual's would be in status and cost (the flow may differ among
// optima).
func PrimalDualFrom(ctx context.Context, g *Graph, flow, pot []int64) (Result, error) {
	if flow == nil || pot == nil {
		return Result{}, fmt.Errorf("flow: PrimalDualFrom needs a start")
	}
	if err := checkPrimalDual(g, flow, pot); err != nil {
		return Result{}, err
	}
	pd := newPrimalDual(g)
	if err := pd.startFrom(g, flow, pot); err != nil {
		return Result{}, err
	}
	return pd.result(ctx, g)
}

// startFrom puts the start (flow, pot) in pd, fresh from newPrimalDual or
// reset (see PrimalDualFrom).
func (pd *primalDual) startFrom(g *Graph, flow, pot []int64) error {
	copy(pd.pot, pot)
	for a, b := range pd.back {
		f := min(flow[a], g.cap[a])
		if f < 0 {
			return fmt.Errorf("flow: negative start flow %d on arc %d", flow[a], a)
		}
		fw := pd.pair[b]
		pd.room[fw], pd.room[b] = g.cap[a]-f, f
		pd.excess[g.src[a]] -= f
		pd.excess[g.dst[a]] += f
	}
	for u := 0; u < pd.n; u++ {
		for e := pd.start[u]; e < pd.start[u+1]; e++ {
			if pd.room[e] > 0 && pd.cost[e]+pd.pot[u]-pd.pot[pd.to[e]] < 0 {
				return ErrBadStart
			}
		}
	}
	return nil
}

// Resolver solves one graph by the primal-dual method, certified, again
// and again while only its capacities change (Graph.SetCap; its arcs,
// costs and supplies stay as they were at the first solve). It keeps the
// residual network's layout from solve to solve, which on a small network
// solved from a near optimum is most of the work: stage 2's branch and
// bound solves one network a node, each from its parent's optimum. One
// goroutine at a time may use it.
type Resolver struct {
	g  *Graph
	pd *primalDual
}

// NewResolver returns a Resolver of g.
func NewResolver(g *Graph) *Resolver { return &Resolver{g: g} }

// Solve is CertifiedPrimalDualFrom on g's current capacities, or
// CertifiedPrimalDual when flow and pot are nil.
func (r *Resolver) Solve(ctx context.Context, flow, pot []int64) (Result, error) {
	g := r.g
	if err := checkPrimalDual(g, flow, pot); err != nil {
		return Result{}, err
	}
	if r.pd == nil || r.pd.n != g.N() || len(r.pd.back) != g.M() {
		r.pd = newPrimalDual(g)
	} else {
		r.pd.reset(g)
	}
	if flow != nil {
		if err := r.pd.startFrom(g, flow, pot); err != nil {
			return Result{}, err
		}
	}
	res, err := r.pd.result(ctx, g)
	return certify(g, res, err, "primal-dual")
}

type primalDual struct {
	n      int
	pot    []int64
	excess []int64
	// The residual arcs, by tail (CSR: node u's are start[u]..start[u+1]−1):
	// head, cost (an arc's own forward, its negation backward), room, and
	// the position of the reverse residual arc.
	start []int32
	to    []int32
	cost  []int64
	room  []int64
	pair  []int32
	back  []int32 // by arc of g: the position of its backward residual arc (its room is the flow)
	// scratch
	dist   []int64
	done   []bool
	heap   []int32 // 4-ary heap of nodes by dist
	hpos   []int32 // node → index in heap, −1 if not in it
	level  []int32
	iter   []int32
	queue  []int32
	stack  []int32 // residual arcs of the path being built
	phases int
	bfs    int
}

func newPrimalDual(g *Graph) *primalDual {
	n, m := g.N(), g.M()
	pd := &primalDual{n: n, pot: make([]int64, n), excess: make([]int64, n),
		start: make([]int32, n+1), to: make([]int32, 2*m), cost: make([]int64, 2*m),
		room: make([]int64, 2*m), pair: make([]int32, 2*m), back: make([]int32, m),
		dist: make([]int64, n), done: make([]bool, n), hpos: make([]int32, n),
		level: make([]int32, n), iter: make([]int32, n)}
	copy(pd.excess, g.supply)
	for a := 0; a < m; a++ {
		pd.start[g.src[a]+1]++
		pd.start[g.dst[a]+1]++
	}
	for u := 0; u < n; u++ {
		pd.start[u+1] += pd.start[u]
	}
	fill := make([]int32, n)
	copy(fill, pd.start[:n])
	for a := 0; a < m; a++ {
		u, v := g.src[a], g.dst[a]
		f, b := fill[u], fill[v]
		fill[u]++
		fill[v]++
		pd.to[f], pd.cost[f], pd.room[f], pd.pair[f] = v, g.cost[a], g.cap[a], b
		pd.to[b], pd.cost[b], pd.room[b], pd.pair[b] = u, -g.cost[a], 0, f
		pd.back[a] = b
	}
	for u := range pd.hpos {
		pd.hpos[u] = -1
	}
	return pd
}

// reset puts pd back as newPrimalDual(g) leaves it, for g's current
// capacities: no flow, zero potentials, the supplies as excesses. The
// layout (arcs, costs) is kept.
func (pd *primalDual) reset(g *Graph) {
	for a, b := range pd.back {
		pd.room[pd.pair[b]], pd.room[b] = g.cap[a], 0
	}
	copy(pd.excess, g.supply)
	clear(pd.pot)
	pd.phases, pd.bfs = 0, 0
}

// flows returns the flow on each arc of g.
func (pd *primalDual) flows() []int64 {
	out := make([]int64, len(pd.back))
	for a, b := range pd.back {
		out[a] = pd.room[b]
	}
	return out
}

func (pd *primalDual) run(ctx context.Context) (Status, error) {
	for {
		if err := ctx.Err(); err != nil {
			return Stopped, err
		}
		left := false
		for _, x := range pd.excess {
			if x > 0 {
				left = true
				break
			}
		}
		if !left {
			return Optimal, nil
		}
		pd.phases++
		if !pd.shortestPaths() {
			return Infeasible, nil
		}
		for pd.levels() {
			pd.bfs++
			copy(pd.iter, pd.start[:pd.n])
			for u := 0; u < pd.n; u++ {
				for pd.excess[u] > 0 && pd.augment(int32(u)) {
				}
			}
		}
	}
}

// shortestPaths runs Dijkstra on reduced costs from every node with
// excess until it settles a node with a deficit at distance D, and raises
// every potential by min(distance, D). It reports false when no deficit
// can be reached.
func (pd *primalDual) shortestPaths() bool {
	const unreached = int64(-1)
	for u := range pd.dist {
		pd.dist[u], pd.done[u] = unreached, false
	}
	pd.heap = pd.heap[:0]
	for u, x := range pd.excess {
		if x > 0 {
			pd.dist[u] = 0
			pd.push(int32(u))
		}
	}
	D := unreached
	var settled []int32
	for len(pd.heap) > 0 {
		u := pd.pop()
		pd.done[u] = true
		settled = append(settled, u)
		if pd.excess[u] < 0 {
			D = pd.dist[u]
			break
		}
		du := pd.dist[u] + pd.pot[u]
		for e := pd.start[u]; e < pd.start[u+1]; e++ {
			v := pd.to[e]
			if pd.room[e] <= 0 || pd.done[v] {
				continue
			}
			if d := du + pd.cost[e] - pd.pot[v]; pd.dist[v] == unreached || d < pd.dist[v] {
				pd.dist[v] = d
				if pd.hpos[v] < 0 {
					pd.push(v)
				} else {
					pd.up(int(pd.hpos[v]))
				}
			}
		}
	}
	for _, u := range pd.heap {
		pd.hpos[u] = -1
	}
	if D == unreached {
		return false
	}
	// Settled nodes rise by their distance, all others by D: reduced
	// costs stay ≥ 0 and become 0 along every shortest path.
	for u := range pd.pot {
		pd.pot[u] += D
	}
	for _, u := range settled {
		pd.pot[u] -= D - pd.dist[u]
	}
	return true
}

// admissible reports whether residual arc e, out of u, has room and
// reduced cost 0.
func (pd *primalDual) admissible(u, e int32) bool {
	return pd.room[e] > 0 && pd.cost[e]+pd.pot[u]-pd.pot[pd.to[e]] == 0
}

// levels numbers the nodes by BFS from the excesses over admissible arcs;
// it reports whether a deficit is reached.
func (pd *primalDual) levels() bool {
	for u := range pd.level {
		pd.level[u] = -1
	}
	pd.queue = pd.queue[:0]
	for u, x := range pd.excess {
		if x > 0 {
			pd.level[u] = 0
			pd.queue = append(pd.queue, int32(u))
		}
	}
	found := false
	for k := 0; k < len(pd.queue); k++ {
		u := pd.queue[k]
		if pd.excess[u] < 0 {
			found = true
			continue
		}
		for e := pd.start[u]; e < pd.start[u+1]; e++ {
			if v := pd.to[e]; pd.level[v] < 0 && pd.admissible(u, e) {
				pd.level[v] = pd.level[u] + 1
				pd.queue = append(pd.queue, v)
			}
		}
	}
	return found
}

// augment sends flow from s along one admissible, level-increasing path
// to a deficit (depth-first with current-arc pointers, Dinic); it reports
// whether it found one.
func (pd *primalDual) augment(s int32) bool {
	pd.stack = pd.stack[:0]
	u := s
	for {
		if pd.excess[u] < 0 && u != s {
			// Send the bottleneck along the path.
			amt := min(pd.excess[s], -pd.excess[u])
			for _, e := range pd.stack {
				amt = min(amt, pd.room[e])
			}
			for _, e := range pd.stack {
				pd.room[e] -= amt
				pd.room[pd.pair[e]] += amt
			}
			pd.excess[s] -= amt
			pd.excess[u] += amt
			return true
		}
		advanced := false
		for ; pd.iter[u] < pd.start[u+1]; pd.iter[u]++ {
			e := pd.iter[u]
			if v := pd.to[e]; pd.level[v] == pd.level[u]+1 && pd.admissible(u, e) {
				pd.stack = append(pd.stack, e)
				u = v
				advanced = true
				break
			}
		}
		if advanced {
			continue
		}
		// Dead end: retreat.
		pd.level[u] = -1
		if len(pd.stack) == 0 {
			return false
		}
		e := pd.stack[len(pd.stack)-1]
		pd.stack = pd.stack[:len(pd.stack)-1]
		u = pd.to[pd.pair[e]]
		pd.iter[u]++
	}
}

func (pd *primalDual) less(a, b int) bool {
	return pd.dist[pd.heap[a]] < pd.dist[pd.heap[b]]
}

func (pd *primalDual) push(u int32) {
	pd.hpos[u] = int32(len(pd.heap))
	pd.heap = append(pd.heap, u)
	pd.up(len(pd.heap) - 1)
}

func (pd *primalDual) pop() int32 {
	top := pd.heap[0]
	last := len(pd.heap) - 1
	pd.swap(0, last)
	pd.heap = pd.heap[:last]
	pd.hpos[top] = -1
	if last > 0 {
		pd.down(0)
	}
	return top
}

func (pd *primalDual) swap(a, b int) {
	pd.heap[a], pd.heap[b] = pd.heap[b], pd.heap[a]
	pd.hpos[pd.heap[a]], pd.hpos[pd.heap[b]] = int32(a), int32(b)
}

func (pd *primalDual) up(k int) {
	for k > 0 {
		p := (k - 1) / 4
		if !pd.less(k, p) {
			return
		}
		pd.swap(k, p)
		k = p
	}
}

func (pd *primalDual) down(k int) {
	for {
		best := k
		for c := 4*k + 1; c <= 4*k+4 && c < len(pd.heap); c++ {
			if pd.less(c, best) {
				best = c
			}
		}
		if best == k {
			return
		}
		pd.swap(k, best)
		k = best
	}
}
