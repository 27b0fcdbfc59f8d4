package flow

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestPrimalDualMatchesLPOnRandomNetworks solves random networks of
// non-negative costs with PrimalDual and checks the status and cost against
// gonum's LP simplex (lpMinCostFlow) and the certificate with Verify.
func TestPrimalDualMatchesLPOnRandomNetworks(t *testing.T) {
	t.Parallel()
	feasibleSeen, infeasibleSeen := 0, 0
	for seed := uint64(1); seed <= 600; seed++ {
		r := rand.New(rand.NewPCG(seed, 17))
		n := 2 + r.IntN(8)
		g := randomGraph(r, n, r.IntN(4*n))
		for a := range g.cost {
			g.cost[a] = max(0, g.cost[a]+r.Int64N(11))
		}
		res, err := PrimalDual(context.Background(), g)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		want, feasible := lpMinCostFlow(t, g)
		if !feasible {
			infeasibleSeen++
			if res.Status != Infeasible {
				t.Errorf("seed %d: LP says infeasible, primal-dual says %v (cost %d)", seed, res.Status, res.Cost)
			}
			continue
		}
		feasibleSeen++
		if res.Status != Optimal {
			t.Errorf("seed %d: LP optimum %g, primal-dual status %v", seed, want, res.Status)
			continue
		}
		if math.Abs(float64(res.Cost)-want) > 1e-6 {
			t.Errorf("seed %d: primal-dual cost %d, LP optimum %g", seed, res.Cost, want)
		}
		if err := Verify(g, res.Flow, res.Potential); err != nil {
			t.Errorf("seed %d: %v", seed, err)
		}
	}
	if feasibleSeen < 200 || infeasibleSeen < 50 {
		t.Errorf("generator too one-sided: %d feasible, %d infeasible instances", feasibleSeen, infeasibleSeen)
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
