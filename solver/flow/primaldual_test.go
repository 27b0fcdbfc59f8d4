package flow

import (
	"context"
	"math/rand/v2"
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
