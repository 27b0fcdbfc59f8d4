package flow

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"placement/solver/internal/lpseeds"
)

// layeredGraph is a random network shaped like stage 1's: sources with
// supply, layers of transshipment nodes with arcs to later layers, and one
// sink every layer may reach. With cycle, one arc goes back a layer (the
// crash must step aside); with twoSinks, a second node has demand.
func layeredGraph(r *rand.Rand, cycle, twoSinks bool) *Graph {
	layers := 2 + r.IntN(3)
	sizes := make([]int, layers)
	first := make([]int, layers+1)
	for l := range sizes {
		sizes[l] = 1 + r.IntN(4)
		first[l+1] = first[l] + sizes[l]
	}
	n := first[layers] + 1
	sink := n - 1
	g := NewGraph(n)
	for l := 0; l < layers; l++ {
		for u := first[l]; u < first[l+1]; u++ {
			for k := r.IntN(4); k > 0 && l+1 < layers; k-- {
				l2 := l + 1 + r.IntN(layers-l-1)
				v := first[l2] + r.IntN(sizes[l2])
				g.AddArc(u, v, int64(r.IntN(6)), int64(r.IntN(21)-10))
			}
			if r.IntN(3) > 0 || l == layers-1 {
				g.AddArc(u, sink, int64(r.IntN(6)), int64(r.IntN(21)-10))
			}
		}
	}
	if cycle && layers > 2 {
		u := first[2] + r.IntN(sizes[2])
		g.AddArc(u, first[1]+r.IntN(sizes[1]), 3, int64(r.IntN(21)-10))
	}
	var total int64
	for u := first[0]; u < first[1]; u++ {
		q := int64(1 + r.IntN(4))
		g.SetSupply(u, q)
		total += q
	}
	if twoSinks {
		g.SetSupply(first[1], -1)
		total--
	}
	g.SetSupply(sink, -total)
	return g
}

// The crash tree: on layered networks with one sink the simplex starts
// from it (a spanning tree whose every arc prices 0 and whose other arcs
// among the transshipment nodes price ≥ 0), and every solve, crashed or
// not, matches gonum's LP and passes Verify, with the tree checked after
// every pivot.
func TestCrashTreeSolvesLayeredNetworksLikeTheLP(t *testing.T) {
	debugCheckTree = true
	defer func() { debugCheckTree = false }()
	crashed, plain, feasible := 0, 0, 0
	seeds := lpseeds.Of(600)
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, 31))
		g := layeredGraph(r, seed%5 == 0, seed%7 == 0)
		ns := newSimplex(g, Settings{})
		if ns.crashed {
			crashed++
			ns.checkTree()
			checkCrashPrices(t, seed, ns, g.supply)
		} else {
			plain++
		}
		res, err := NetworkSimplex(g, Settings{BlockSize: 1 + r.IntN(5)})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want, ok := lpMinCostFlow(t, g)
		if !ok {
			if res.Status != Infeasible {
				t.Errorf("seed %d: LP says infeasible, simplex %v", seed, res.Status)
			}
			continue
		}
		feasible++
		if res.Status != Optimal || float64(res.Cost) != want {
			t.Errorf("seed %d (crashed %v): simplex %v cost %d, LP %g", seed, ns.crashed, res.Status, res.Cost, want)
			continue
		}
		if err := Verify(g, res.Flow, res.Potential); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
	if n := len(seeds); crashed < n/2 || plain < n/6 || feasible < n/3 {
		t.Errorf("generator too one-sided: %d crashed, %d plain, %d feasible of %d", crashed, plain, feasible, n)
	}
}

// checkCrashPrices checks the start crash leaves: tree arcs price 0, and
// so does no real arc out of a node crash hung (by a real arc) below 0.
// (Transshipment nodes that cannot reach the sink keep the star's
// artificial arc and its prices.)
func checkCrashPrices(t *testing.T, seed uint64, ns *simplex, supply []int64) {
	t.Helper()
	rc := func(k int) int64 { return ns.cost[k] + ns.pi[ns.src[k]] - ns.pi[ns.dst[k]] }
	for u := 0; u < ns.n; u++ {
		if k := ns.pred[u]; rc(int(k)) != 0 {
			t.Fatalf("seed %d: tree arc %d of node %d prices %d", seed, k, u, rc(int(k)))
		}
	}
	for k := 0; k < ns.m; k++ {
		hung := int(ns.pred[ns.src[k]]) < ns.m
		if ns.cap[k] > 0 && hung && supply[ns.src[k]] == 0 && ns.state[k] == stateLower && rc(k) < 0 {
			t.Fatalf("seed %d: arc %d→%d prices %d below 0 at the start", seed, ns.src[k], ns.dst[k], rc(k))
		}
	}
}

// The crash tree saves pivots on a layered network large enough to show it.
func TestCrashTreeSavesPivots(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	g := NewGraph(0)
	const sources, mid, posts = 400, 60, 200
	for range sources + mid + posts + 1 {
		g.AddNode()
	}
	sink := sources + mid + posts
	for s := range sources {
		g.SetSupply(s, 3)
		for range 3 {
			g.AddArc(s, sources+r.IntN(mid), 3, -int64(r.IntN(50)))
		}
		g.AddArc(s, sink, 3, 0)
	}
	for m := range mid {
		for range 20 {
			g.AddArc(sources+m, sources+mid+r.IntN(posts), 100, -int64(r.IntN(100)))
		}
	}
	for p := range posts {
		g.AddArc(sources+mid+p, sink, int64(1+r.IntN(5)), 0)
	}
	g.SetSupply(sink, -3*sources)
	pivots := map[bool]int64{}
	cost := map[bool]int64{}
	for _, crash := range []bool{false, true} {
		useCrash = crash
		res, err := NetworkSimplex(g, Settings{})
		useCrash = true
		if err != nil || res.Status != Optimal {
			t.Fatalf("crash %v: %v %v", crash, res.Status, err)
		}
		pivots[crash], cost[crash] = res.Stats.Pivots, res.Cost
	}
	if cost[true] != cost[false] {
		t.Fatalf("costs differ: %d with the crash tree, %d without", cost[true], cost[false])
	}
	if pivots[true] >= pivots[false] {
		t.Errorf("%d pivots from the crash tree, %d from the star", pivots[true], pivots[false])
	}
	t.Log(fmt.Sprintf("pivots: %d from the star, %d from the crash tree", pivots[false], pivots[true]))
}
