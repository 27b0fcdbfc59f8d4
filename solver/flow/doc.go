// Package flow solves minimum-cost flow problems exactly, in integers.
//
// NetworkSimplex is the primal network simplex method on a strongly feasible
// spanning tree (Cunningham 1976; Ahuja, Magnanti and Orlin, "Network
// Flows", 1993, ch. 11) with block-search pricing (Grigoriadis 1986; the
// default of LEMON and OR-Tools). Each pivot costs O(block + cycle + moved
// subtree); in practice the method needs a few times n pivots. Strongly
// feasible trees make it finite under degeneracy.
//
// Every solution comes with node potentials, and Verify checks the
// optimality conditions (flow conservation, capacities, and reduced costs
// of the right sign on every non-tree arc) independently of how the
// solution was found, so a returned optimum is a proven one.
package flow
