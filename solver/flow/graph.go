package flow

import "fmt"

// Graph is a directed network with integer capacities, costs and supplies.
// Nodes are 0..N()-1, arcs 0..M()-1 in the order they were added.
type Graph struct {
	supply []int64
	src    []int32
	dst    []int32
	cap    []int64
	cost   []int64
}

// NewGraph returns a graph with n nodes of zero supply.
func NewGraph(n int) *Graph { return &Graph{supply: make([]int64, n)} }

// Grow reserves room for m more arcs.
func (g *Graph) Grow(m int) {
	if need := len(g.src) + m; need > cap(g.src) {
		grow32 := func(s []int32) []int32 { t := make([]int32, len(s), need); copy(t, s); return t }
		grow64 := func(s []int64) []int64 { t := make([]int64, len(s), need); copy(t, s); return t }
		g.src, g.dst = grow32(g.src), grow32(g.dst)
		g.cap, g.cost = grow64(g.cap), grow64(g.cost)
	}
}

// AddNode adds a node of zero supply and returns it.
func (g *Graph) AddNode() int {
	g.supply = append(g.supply, 0)
	return len(g.supply) - 1
}

// AddArc adds an arc u→v with capacity c ≥ 0 and cost w and returns its index.
func (g *Graph) AddArc(u, v int, c, w int64) int {
	if u < 0 || u >= len(g.supply) || v < 0 || v >= len(g.supply) || c < 0 {
		panic(fmt.Sprintf("flow: bad arc %d→%d cap %d", u, v, c))
	}
	if len(g.src) == cap(g.src) {
		// Double at once, for the four slices together: append's growth
		// of 1.25× on large slices made building the 700,000-arc network
		// of a 150,000-student city spend more time copying and
		// page-faulting than adding arcs.
		g.Grow(max(len(g.src), 64))
	}
	g.src = append(g.src, int32(u))
	g.dst = append(g.dst, int32(v))
	g.cap = append(g.cap, c)
	g.cost = append(g.cost, w)
	return len(g.src) - 1
}

// SetCap sets the capacity of arc a to c ≥ 0: a network solved again with
// some arcs closed (c = 0) and opened again need not be rebuilt.
func (g *Graph) SetCap(a int, c int64) {
	if c < 0 {
		panic(fmt.Sprintf("flow: bad capacity %d for arc %d", c, a))
	}
	g.cap[a] = c
}

// SetCost sets the cost of arc a to w: a network solved again with other
// prices (stage 3's slope scaling) need not be rebuilt.
func (g *Graph) SetCost(a int, w int64) { g.cost[a] = w }

// SetSupply sets the supply of u (negative: demand).
func (g *Graph) SetSupply(u int, s int64) { g.supply[u] = s }

// AddSupply adds s to the supply of u.
func (g *Graph) AddSupply(u int, s int64) { g.supply[u] += s }

// N is the number of nodes.
func (g *Graph) N() int { return len(g.supply) }

// M is the number of arcs.
func (g *Graph) M() int { return len(g.src) }

// Arc returns arc a's tail, head, capacity and cost.
func (g *Graph) Arc(a int) (u, v int, c, w int64) {
	return int(g.src[a]), int(g.dst[a]), g.cap[a], g.cost[a]
}
