package flow

import (
	"context"
	"fmt"
)

// Verify checks that flow is feasible for g and optimal with the given
// potentials: every node's net outflow equals its supply, every arc's flow
// is within [0, capacity], and every arc with room to increase (decrease)
// has a non-negative (non-positive) reduced cost. Those conditions prove
// optimality by LP duality, whatever algorithm produced the flow.
func Verify(g *Graph, flow, potential []int64) error {
	if len(flow) != g.M() || len(potential) != g.N() {
		return fmt.Errorf("flow: verify: %d flows for %d arcs, %d potentials for %d nodes",
			len(flow), g.M(), len(potential), g.N())
	}
	net := make([]int64, g.N())
	for a := 0; a < g.M(); a++ {
		u, v, c, w := g.Arc(a)
		f := flow[a]
		if f < 0 || f > c {
			return fmt.Errorf("flow: verify: arc %d (%d→%d) carries %d outside [0, %d]", a, u, v, f, c)
		}
		net[u] += f
		net[v] -= f
		rc := w + potential[u] - potential[v]
		if f < c && rc < 0 {
			return fmt.Errorf("flow: verify: arc %d (%d→%d) has room and reduced cost %d < 0", a, u, v, rc)
		}
		if f > 0 && rc > 0 {
			return fmt.Errorf("flow: verify: arc %d (%d→%d) carries flow at reduced cost %d > 0", a, u, v, rc)
		}
	}
	for u, s := range g.supply {
		if net[u] != s {
			return fmt.Errorf("flow: verify: node %d sends %d, supply is %d", u, net[u], s)
		}
	}
	return nil
}

// SolveCertified solves g with NetworkSimplex and returns the result only
// when it is a proven optimum: the status is Optimal and Verify accepts the
// flow and its potentials. Every stage that relies on a flow's optimum (as
// a plan or as a bound) goes through it or CertifiedPrimalDual, so an
// unproven flow never reaches a plan.
// It stops, with ctx's error, when ctx is done.
func SolveCertified(ctx context.Context, g *Graph, set Settings) (Result, error) {
	res, err := NetworkSimplexContext(ctx, g, set)
	return certify(g, res, err, "network simplex")
}

// CertifiedPrimalDual is SolveCertified with PrimalDual (costs ≥ 0) in
// place of the network simplex.
func CertifiedPrimalDual(ctx context.Context, g *Graph) (Result, error) {
	res, err := PrimalDual(ctx, g)
	return certify(g, res, err, "primal-dual")
}

// CertifiedPrimalDualFrom is CertifiedPrimalDual started from a flow and
// potentials (PrimalDualFrom).
func CertifiedPrimalDualFrom(ctx context.Context, g *Graph, flow, pot []int64) (Result, error) {
	res, err := PrimalDualFrom(ctx, g, flow, pot)
	return certify(g, res, err, "primal-dual")
}

func certify(g *Graph, res Result, err error, method string) (Result, error) {
	if err != nil {
		return res, err
	}
	if res.Status != Optimal {
		return res, fmt.Errorf("flow: %s ended %v", method, res.Status)
	}
	if err := Verify(g, res.Flow, res.Potential); err != nil {
		return res, fmt.Errorf("flow: optimality certificate: %w", err)
	}
	return res, nil
}
