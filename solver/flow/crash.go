package flow

// crash replaces the initial star's artificial arcs of the transshipment
// nodes (supply 0) by a tree of shortest paths to the network's one demand
// node t, when it has exactly one and the arcs among its transshipment
// nodes and t form no cycle (a layered network such as stage 1's). Such a
// node hangs from the next node on its shortest path by that real arc, at
// zero flow, and its potential is t's less the path's cost, so that every
// arc among those nodes prices ≥ 0 at the start: the pivots that would
// build that part of the tree from the star are not needed. The supply
// nodes keep their artificial arcs. The tree is strongly feasible: each
// transshipment node reaches the root through arcs at zero flow with room
// and then t's artificial arc, which carries the whole supply. It reports
// whether it changed the tree.
func (ns *simplex) crash(supply []int64) bool {
	n, m := ns.n, ns.m
	t := -1
	var total int64
	for u := 0; u < n; u++ {
		switch {
		case supply[u] < 0:
			if t >= 0 {
				return false
			}
			t = u
		case supply[u] > 0:
			total += supply[u]
		}
	}
	if t < 0 || total == 0 {
		return false
	}
	// The subgraph: the transshipment nodes and t, and the arcs with room
	// among them, by tail (CSR).
	inSub := make([]bool, n)
	sub := 0
	for u := range inSub {
		if inSub[u] = u == t || supply[u] == 0; inSub[u] {
			sub++
		}
	}
	arcIn := func(k int) bool {
		u, v := ns.src[k], ns.dst[k]
		return ns.cap[k] > 0 && inSub[u] && inSub[v] && u != v
	}
	start := make([]int32, n+1)
	for k := 0; k < m; k++ {
		if arcIn(k) {
			start[ns.src[k]+1]++
		}
	}
	for u := 0; u < n; u++ {
		start[u+1] += start[u]
	}
	out := make([]int32, start[n])
	fill := append([]int32(nil), start[:n]...)
	indeg := make([]int32, n)
	for k := 0; k < m; k++ {
		if arcIn(k) {
			out[fill[ns.src[k]]] = int32(k)
			fill[ns.src[k]]++
			indeg[ns.dst[k]]++
		}
	}
	// A topological order of the subgraph (Kahn); a cycle: no crash.
	topo := make([]int32, 0, n)
	for u := 0; u < n; u++ {
		if inSub[u] && indeg[u] == 0 {
			topo = append(topo, int32(u))
		}
	}
	for i := 0; i < len(topo); i++ {
		for _, k := range out[start[topo[i]]:start[topo[i]+1]] {
			v := ns.dst[k]
			if indeg[v]--; indeg[v] == 0 {
				topo = append(topo, v)
			}
		}
	}
	if len(topo) != sub {
		return false
	}
	// Shortest paths to t, in reverse topological order; ties go to the
	// first arc.
	const none = int64(1) << 62
	dist := make([]int64, n)
	via := make([]int32, n)
	for i := range dist {
		dist[i], via[i] = none, -1
	}
	dist[t] = 0
	for i := len(topo) - 1; i >= 0; i-- {
		u := topo[i]
		if int(u) == t {
			continue
		}
		for _, k := range out[start[u]:start[u+1]] {
			if d := dist[ns.dst[k]]; d != none && ns.cost[k]+d < dist[u] {
				dist[u], via[u] = ns.cost[k]+d, k
			}
		}
	}
	// Rehang: u under the head of via[u], at zero flow.
	r := ns.root
	changed := false
	for u := 0; u < n; u++ {
		k := via[u]
		if k < 0 {
			continue
		}
		changed = true
		ns.state[m+u] = stateLower
		ns.state[k] = stateTree
		ns.parent[u], ns.pred[u], ns.up[u] = ns.dst[k], k, true
		ns.pi[u] = ns.pi[t] - dist[u]
	}
	if !changed {
		return false
	}
	// The walk: a preorder of the new tree from the root, children in
	// node order. Each node's children are listed largest first, so the
	// stack pops them smallest first.
	child := make([]int32, n+1) // first child, −1 none
	sib := make([]int32, n+1)   // next sibling
	for i := range child {
		child[i] = -1
	}
	for u := 0; u < n; u++ {
		p := ns.parent[u]
		sib[u], child[p] = child[p], int32(u)
	}
	order := make([]int32, 0, n+1)
	stack := []int32{r}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		order = append(order, u)
		for c := child[u]; c >= 0; c = sib[c] {
			stack = append(stack, c)
		}
	}
	for i, u := range order {
		ns.link(u, order[(i+1)%len(order)])
		ns.succNum[u] = 1
	}
	for i := len(order) - 1; i > 0; i-- { // children after their parent in order
		u := order[i]
		ns.succNum[ns.parent[u]] += ns.succNum[u]
	}
	for i, u := range order {
		ns.lastSucc[u] = order[i+int(ns.succNum[u])-1]
	}
	return true
}
