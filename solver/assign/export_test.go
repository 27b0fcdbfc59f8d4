package assign

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"placement/scenarios/gen"
	"placement/solver/flow"
)

func solveNetwork(t *testing.T, nw *Network) int64 {
	t.Helper()
	res, err := flow.NetworkSimplex(nw.Graph, flow.Settings{})
	if err != nil || res.Status != flow.Optimal {
		t.Fatalf("%v %v", res.Status, err)
	}
	return nw.Constant - res.Cost
}

// The exported networks must have Assign's optimum: the compressed one is
// what Assign solves, the uncompressed one is the textbook model that the
// compression must not change.
func TestExportedNetworksHaveAssignsOptimum(t *testing.T) {
	t.Parallel()
	for seed := uint64(1); seed <= 200; seed++ {
		rnd := rand.New(rand.NewPCG(seed, 3))
		in := randomInstance(rnd, 5+rnd.IntN(30), 2+rnd.IntN(10))
		label := fmt.Sprintf("seed %d", seed)
		res, err := Solve(context.Background(), in.r, in.pol, in.w, Settings{})
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		c, err := NewNetwork(in.r, in.pol, in.w)
		if err != nil {
			t.Fatal(err)
		}
		u, err := NewUncompressedNetwork(in.r, in.pol, in.w, 0)
		if err != nil {
			t.Fatal(err)
		}
		if zc, zu := solveNetwork(t, c), solveNetwork(t, u); zc != res.Z || zu != res.Z {
			t.Fatalf("%s: Assign Z=%d, compressed network %d, uncompressed %d", label, res.Z, zc, zu)
		}
	}
}

func TestUncompressedMatchesOnAGeneratedCity(t *testing.T) {
	t.Parallel()
	c, res := solvedCity(t, 4)
	u, err := NewUncompressedNetwork(c.Roster, c.Policy, c.Weights, 0)
	if err != nil {
		t.Fatal(err)
	}
	if z := solveNetwork(t, u); z != res.Z {
		t.Fatalf("Assign Z=%d, uncompressed network %d", res.Z, z)
	}
	// The compressed network adds layer nodes but saves arcs.
	if u.Graph.M() < 3*res.Stats.Arcs {
		t.Errorf("uncompressed network has %d arcs, compressed %d: expected a larger saving",
			u.Graph.M(), res.Stats.Arcs)
	}
	if _, err := NewUncompressedNetwork(c.Roster, c.Policy, c.Weights, 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge past 1000 arcs", err)
	}
}

// solvedCity generates a 1,500-student city with 50 enterprises for the
// seed and solves its stage 1.
func solvedCity(t *testing.T, seed int64) (*gen.City, *Result) {
	t.Helper()
	c, err := gen.Generate(gen.Options{Students: 1500, Enterprises: 50, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Solve(context.Background(), c.Roster, c.Policy, c.Weights, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	return c, res
}
