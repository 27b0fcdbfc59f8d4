package flow

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"placement/solver/internal/lpseeds"
)

// lpMinCostFlow solves g as a linear program with gonum's simplex: the
// independent oracle. Variables are the arc flows and one slack per arc.
// Conservation rows of a connected component sum to zero, so one row per
// component is dropped to keep the matrix at full row rank.
func lpMinCostFlow(t *testing.T, g *Graph) (cost float64, feasible bool) {
	t.Helper()
	n, m := g.N(), g.M()
	comp := make([]int, n)
	for u := range comp {
		comp[u] = u
	}
	var find func(int) int
	find = func(u int) int {
		if comp[u] != u {
			comp[u] = find(comp[u])
		}
		return comp[u]
	}
	for a := 0; a < m; a++ {
		u, v, _, _ := g.Arc(a)
		comp[find(u)] = find(v)
	}
	sum := make(map[int]int64)
	row := make([]int, n) // conservation row of node u, or -1 when dropped
	rows := 0
	dropped := make(map[int]bool)
	for u := 0; u < n; u++ {
		sum[find(u)] += g.Supply(u)
		if !dropped[find(u)] {
			dropped[find(u)] = true
			row[u] = -1
			continue
		}
		row[u] = rows
		rows++
	}
	for _, s := range sum {
		if s != 0 {
			return 0, false
		}
	}
	if m == 0 {
		return 0, true
	}
	total := rows + m
	cols := 2 * m
	if cols < total {
		cols = total // zero columns: harmless free slack
	}
	A := mat.NewDense(total, cols, nil)
	b := make([]float64, total)
	c := make([]float64, cols)
	for a := 0; a < m; a++ {
		u, v, cp, w := g.Arc(a)
		c[a] = float64(w)
		if r := row[u]; r >= 0 {
			A.Set(r, a, A.At(r, a)+1)
		}
		if r := row[v]; r >= 0 {
			A.Set(r, a, A.At(r, a)-1)
		}
		A.Set(rows+a, a, 1)
		A.Set(rows+a, m+a, 1)
		b[rows+a] = float64(cp)
	}
	for u := 0; u < n; u++ {
		if r := row[u]; r >= 0 {
			b[r] = float64(g.Supply(u))
		}
	}
	opt, _, err := lp.Simplex(c, A, b, 1e-10, nil)
	if errors.Is(err, lp.ErrInfeasible) {
		return 0, false
	}
	if err != nil {
		t.Fatalf("lp oracle: %v", err)
	}
	return opt, true
}

func randomGraph(r *rand.Rand, n, m int) *Graph {
	g := NewGraph(n)
	for i := 0; i < m; i++ {
		u, v := r.IntN(n), r.IntN(n)
		if u == v {
			v = (u + 1) % n
		}
		g.AddArc(u, v, int64(r.IntN(6)), int64(r.IntN(21)-10))
	}
	// Balanced supplies: move random units from one node to another.
	for k := r.IntN(2 * n); k > 0; k-- {
		u, v := r.IntN(n), r.IntN(n)
		q := int64(1 + r.IntN(3))
		g.AddSupply(u, q)
		g.AddSupply(v, -q)
	}
	return g
}

func TestNetworkSimplexMatchesLPOnRandomNetworks(t *testing.T) {
	debugCheckTree = true
	defer func() { debugCheckTree = false }()
	for _, every := range []int{1, 1000} {
		relayoutMin = every
		t.Run(fmt.Sprintf("relayout every %d pivots", every), testMatchesLP)
	}
}

func testMatchesLP(t *testing.T) {
	defer func() { relayoutMin = 1000 }()
	matchesLP(t, "simplex", 7, func(r *rand.Rand, g *Graph) (Result, error) {
		return NetworkSimplex(g, Settings{BlockSize: 1 + r.IntN(5)})
	})
}

// matchesLP solves random networks (stream seeds 1..600 and stream; every
// fourth seed without -tags long: lpseeds.Of) with solve and checks its
// status and cost against gonum's LP simplex (lpMinCostFlow) and its flow
// and potentials with Verify. solve may change g's costs before solving
// (the LP sees what solve saw). It returns how many networks it solved.
func matchesLP(t *testing.T, method string, stream uint64, solve func(*rand.Rand, *Graph) (Result, error)) int {
	t.Helper()
	feasibleSeen, infeasibleSeen := 0, 0
	seeds := lpseeds.Of(600)
	for _, seed := range seeds {
		r := rand.New(rand.NewPCG(seed, stream))
		n := 2 + r.IntN(8)
		g := randomGraph(r, n, r.IntN(4*n))
		res, err := solve(r, g)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want, feasible := lpMinCostFlow(t, g)
		if !feasible {
			infeasibleSeen++
			if res.Status != Infeasible {
				t.Errorf("seed %d: LP says infeasible, %s says %v (cost %d)", seed, method, res.Status, res.Cost)
			}
			continue
		}
		feasibleSeen++
		if res.Status != Optimal {
			t.Errorf("seed %d: LP optimum %g, %s status %v", seed, want, method, res.Status)
			continue
		}
		if math.Abs(float64(res.Cost)-want) > 1e-6 {
			t.Errorf("seed %d: %s cost %d, LP optimum %g", seed, method, res.Cost, want)
		}
		if err := Verify(g, res.Flow, res.Potential); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
	if n := len(seeds); feasibleSeen < n/3 || infeasibleSeen < n/12 {
		t.Errorf("generator too one-sided: %d feasible, %d infeasible of %d instances", feasibleSeen, infeasibleSeen, n)
	}
	return len(seeds)
}

// parallelArcs is two parallel arcs 0→1 of capacity 1, costs 1 and 5,
// and one unit to send.
func parallelArcs() *Graph {
	g := NewGraph(2)
	g.AddArc(0, 1, 1, 1)
	g.AddArc(0, 1, 1, 5)
	g.SetSupply(0, 1)
	g.SetSupply(1, -1)
	return g
}

func TestVerifyRejectsNonOptimalFlow(t *testing.T) {
	// Sending the unit on the dearer of two parallel arcs is feasible but
	// not optimal, and no potentials can certify it.
	g := parallelArcs()
	for _, pi := range [][]int64{{0, 0}, {0, 5}, {0, 1}, {4, 0}} {
		if err := Verify(g, []int64{0, 1}, pi); err == nil {
			t.Errorf("Verify accepted a dear flow with potentials %v", pi)
		}
	}
	res, err := NetworkSimplex(g, Settings{})
	if err != nil || res.Status != Optimal || res.Cost != 1 {
		t.Fatalf("got %+v, %v; want cost 1", res, err)
	}
	if err := Verify(g, res.Flow, res.Potential); err != nil {
		t.Error(err)
	}
}

func TestNetworkSimplexRejectsUnbalancedSupplies(t *testing.T) {
	g := NewGraph(2)
	g.SetSupply(0, 1)
	if _, err := NetworkSimplex(g, Settings{}); !errors.Is(err, ErrUnbalanced) {
		t.Fatalf("err = %v, want ErrUnbalanced", err)
	}
}

func TestNetworkSimplexStopsAtPivotLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	g := randomGraph(r, 30, 200)
	res, err := NetworkSimplex(g, Settings{MaxPivots: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != Stopped && res.Stats.Pivots > 1 {
		t.Fatalf("status %v after %d pivots with limit 1", res.Status, res.Stats.Pivots)
	}
}

// A larger transportation-like network checked by its certificate.
func TestNetworkSimplexCertifiesLargeNetworks(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		g := randomGraph(r, 2000, 12000)
		// Make it feasible with expensive bypass arcs between every node and node 0.
		for u := 1; u < g.N(); u++ {
			g.AddArc(u, 0, 1000, 1000)
			g.AddArc(0, u, 1000, 1000)
		}
		res, err := NetworkSimplex(g, Settings{})
		if err != nil || res.Status != Optimal {
			t.Fatalf("seed %d: %v %v", seed, res.Status, err)
		}
		if err := Verify(g, res.Flow, res.Potential); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}
