package flow

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPrimalDualMatchesLPOnRandomNetworks solves random networks, their
// costs made non-negative, with PrimalDual and checks the status and cost
// against gonum's LP simplex and the certificate with Verify.
func TestPrimalDualMatchesLPOnRandomNetworks(t *testing.T) {
	t.Parallel()
	matchesLP(t, "primal-dual", 17, func(r *rand.Rand, g *Graph) (Result, error) {
		for a := range g.cost {
			g.cost[a] = max(0, g.cost[a]+r.Int64N(11))
		}
		return PrimalDual(context.Background(), g)
	})
}

// TestPrimalDualFromMatchesLPAfterCapacitiesFall solves random networks
// (costs ≥ 0), lowers some arcs' capacities (to 0 for most, as branch and
// bound closes arcs) twice, each time re-solving from the previous optimum
// with PrimalDualFrom, and checks the last against gonum's LP and Verify.
func TestPrimalDualFromMatchesLPAfterCapacitiesFall(t *testing.T) {
	t.Parallel()
	warm := 0
	networks := matchesLP(t, "primal-dual from a start", 19, func(r *rand.Rand, g *Graph) (Result, error) {
		for a := range g.cost {
			g.cost[a] = max(0, g.cost[a]+r.Int64N(11))
		}
		res, err := PrimalDual(context.Background(), g)
		for range 2 {
			if err != nil || res.Status != Optimal {
				return res, err
			}
			for a := range g.cap {
				if r.IntN(10) == 0 {
					g.SetCap(a, r.Int64N(g.cap[a]+1)/2)
				}
			}
			res, err = PrimalDualFrom(context.Background(), g, res.Flow, res.Potential)
			warm++
		}
		return res, err
	})
	if warm < 2*networks/3 {
		t.Errorf("only %d solves started from an optimum (%d networks)", warm, networks)
	}
}

// TestResolverFollowsCapacities solves random networks with one Resolver
// through a tree of capacity changes — arcs closed (from the parent's
// optimum), then reopened (from the root's, and from nothing) — and wants
// every solve to cost what a fresh PrimalDual of the same capacities
// costs, and the results it returned before to stay as they were.
func TestResolverFollowsCapacities(t *testing.T) {
	t.Parallel()
	solves := 0
	for seed := uint64(1); seed <= 300; seed++ {
		r := rand.New(rand.NewPCG(seed, 23))
		n := 2 + r.IntN(10)
		g := randomGraph(r, n, r.IntN(5*n))
		for a := range g.cost {
			g.cost[a] = max(0, g.cost[a]+r.Int64N(11))
		}
		orig := slices.Clone(g.cap)
		rs := NewResolver(g)
		check := func(what string, flow, pot []int64) Result {
			t.Helper()
			got, err := rs.Solve(context.Background(), flow, pot)
			want, werr := PrimalDual(context.Background(), g)
			if werr != nil {
				t.Fatal(werr)
			}
			if want.Status != Optimal {
				if err == nil {
					t.Fatalf("seed %d, %s: status %v, the resolver says optimal at %d", seed, what, want.Status, got.Cost)
				}
				return Result{}
			}
			if err != nil || got.Cost != want.Cost {
				t.Fatalf("seed %d, %s: cost %d (%v), fresh %d", seed, what, got.Cost, err, want.Cost)
			}
			solves++
			return got
		}
		root := check("root", nil, nil)
		if root.Status != Optimal {
			continue
		}
		keep := slices.Clone(root.Potential)
		for range 3 {
			for a := range g.cap {
				if r.IntN(6) == 0 {
					g.SetCap(a, 0)
				}
			}
			child := check("child", root.Flow, root.Potential)
			if child.Status != Optimal {
				break
			}
			for a := range g.cap {
				if r.IntN(6) == 0 {
					g.SetCap(a, 0)
				}
			}
			check("grandchild", child.Flow, child.Potential)
			for a, c := range orig {
				g.SetCap(a, c)
			}
			check("root again", root.Flow, root.Potential)
			check("root from nothing", nil, nil)
		}
		if !slices.Equal(keep, root.Potential) {
			t.Fatalf("seed %d: a later solve changed the root's potentials", seed)
		}
	}
	if solves < 1000 {
		t.Errorf("only %d solves checked", solves)
	}
}

// TestPrimalDualFromRefusesABadStart: a start with a residual arc of
// negative reduced cost (here zero potentials on a flow that leaves the
// cheap arc empty and the dear one used) is refused.
func TestPrimalDualFromRefusesABadStart(t *testing.T) {
	g := parallelArcs()
	if _, err := PrimalDualFrom(context.Background(), g, []int64{0, 1}, []int64{0, 0}); err != ErrBadStart {
		t.Errorf("got %v, want ErrBadStart", err)
	}
	res, err := CertifiedPrimalDualFrom(context.Background(), g, []int64{1, 0}, []int64{0, 1})
	if err != nil || res.Cost != 1 {
		t.Errorf("from the optimum: cost %d, %v", res.Cost, err)
	}
}

// TestPrimalDualRefusesNegativeCosts: the method's start needs reduced
// costs ≥ 0 with zero potentials.
func TestPrimalDualRefusesNegativeCosts(t *testing.T) {
	g := NewGraph(2)
	g.AddArc(0, 1, 1, -1)
	g.SetSupply(0, 1)
	g.SetSupply(1, -1)
	if _, err := PrimalDual(context.Background(), g); err != ErrNegativeCost {
		t.Errorf("got %v, want ErrNegativeCost", err)
	}
}

// TestSetCapClosesAndReopensAnArc: a network solved, an arc closed with
// SetCap, solved again, reopened: the flows and costs follow, as branch and
// bound on a built network relies on (solver/schedule).
func TestSetCapClosesAndReopensAnArc(t *testing.T) {
	g := NewGraph(3)
	cheap := g.AddArc(0, 2, 2, 1)
	g.AddArc(0, 1, 2, 1)
	g.AddArc(1, 2, 2, 1)
	g.SetSupply(0, 2)
	g.SetSupply(2, -2)
	for _, tc := range []struct {
		cap, cost int64
	}{{2, 2}, {0, 4}, {1, 3}, {2, 2}} {
		g.SetCap(cheap, tc.cap)
		res, err := CertifiedPrimalDual(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		if res.Cost != tc.cost || res.Flow[cheap] != tc.cap {
			t.Errorf("cap %d: cost %d, flow %d on the arc; want %d, %d", tc.cap, res.Cost, res.Flow[cheap], tc.cost, tc.cap)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a negative capacity did not panic")
		}
	}()
	g.SetCap(cheap, -1)
}
