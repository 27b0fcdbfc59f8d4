// Package flow solves minimum-cost flow problems exactly, in integers.
//
// NetworkSimplex is the primal network simplex method on a strongly feasible
// spanning tree (Cunningham 1976; Ahuja, Magnanti and Orlin, "Network
// Flows", 1993, ch. 11) with block-search pricing (Grigoriadis 1986). The
// tree is kept as a preorder thread with subtree sizes (Barr, Glover and
// Klingman 1979), so a pivot relinks only the stem and walks only the part
// of the tree whose potentials change — the smaller side of the cut. Two
// measured refinements for large networks: arcs are stored in strided order
// so each pricing block samples the whole network, and the nodes are
// renumbered in preorder every n/8 pivots so those walks read memory in
// sequence, stepping by index along runs that follow the numbering (see
// BenchmarkAssign in package solver/assign and bench/lemon). Each
// pivot costs O(block + cycle + moved subtree); in practice the method needs
// a few times n pivots. Strongly feasible trees make it finite under
// degeneracy.
//
// The first tree is not the textbook star of artificial arcs everywhere:
// where the network has one demand node and its transshipment nodes form
// no cycle (stage 1's layered network), each of them hangs from its
// shortest path to the demand node, at zero flow, so that all the arcs
// among them price ≥ 0 from the start (crash.go). On the generated cities'
// stage-1 networks that halves the pivots (150,000 students: 964,596 →
// 502,362).
//
// PrimalDual (primaldual.go) is the primal-dual method for networks whose
// costs are ≥ 0: Dijkstra from the excesses sets the potentials, and a
// maximum flow (Dinic) along the arcs of reduced cost 0 sends every
// shortest path of the phase at once. It wins where augmenting paths share
// few lengths and unit capacities make simplex pivots degenerate — stage
// 2's flow bound — and loses where lengths are many (stage 1's network).
//
// Every solution comes with node potentials, and Verify checks the
// optimality conditions (flow conservation, capacities, and reduced costs
// of the right sign on every arc) independently of how the solution was
// found, so a returned optimum is a proven one.
//
// WriteDIMACS and ReadDIMACS exchange networks with other solvers in the
// DIMACS "min" format.
package flow
