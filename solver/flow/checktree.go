package flow

import "fmt"

// debugCheckTree makes every pivot check the tree structure; tests set it.
var debugCheckTree = false

// checkTree panics unless parent, thread, succNum and lastSucc describe the
// same spanning tree: the walk from the root visits every node once, each
// subtree is the contiguous run from the node to its lastSucc, of length
// succNum, and tree arcs join each node to its parent.
func (ns *simplex) checkTree() {
	n := ns.n + 1
	pos := make([]int32, n)
	order := make([]int32, 0, n)
	u := ns.root
	for i := 0; i < n; i++ {
		pos[u] = int32(i)
		order = append(order, u)
		if ns.revThread[ns.thread[u]] != u {
			panic(fmt.Sprintf("flow: revThread broken at %d", u))
		}
		u = ns.thread[u]
	}
	if u != ns.root {
		panic("flow: thread is not one cycle through all nodes")
	}
	for _, u := range order {
		size := ns.succNum[u]
		last := order[pos[u]+size-1]
		if last != ns.lastSucc[u] {
			panic(fmt.Sprintf("flow: lastSucc[%d] = %d, walk says %d", u, ns.lastSucc[u], last))
		}
		for _, d := range order[pos[u]+1 : pos[u]+size] {
			if p := ns.parent[d]; pos[p] < pos[u] || pos[p] >= pos[u]+size {
				panic(fmt.Sprintf("flow: node %d in subtree of %d has parent %d outside it", d, u, p))
			}
		}
		if u == ns.root {
			continue
		}
		a := ns.pred[u]
		if ns.state[a] != stateTree {
			panic(fmt.Sprintf("flow: pred arc %d of %d not in the tree", a, u))
		}
		s, t := ns.src[a], ns.dst[a]
		if !((ns.up[u] && s == u && t == ns.parent[u]) || (!ns.up[u] && t == u && s == ns.parent[u])) {
			panic(fmt.Sprintf("flow: pred arc %d does not join %d to its parent %d", a, u, ns.parent[u]))
		}
		if ns.cost[a]+ns.pi[s]-ns.pi[t] != 0 {
			panic(fmt.Sprintf("flow: tree arc %d has reduced cost ≠ 0", a))
		}
	}
}
