package assign

// idxHeap is a binary min-heap of nodes keyed by dist, with each node's
// place kept so that a shorter distance moves it up instead of adding a
// copy (decrease-key): the searches pop each node once.
type idxHeap struct {
	dist  []int64
	nodes []int32
	pos   []int32 // place of each node in nodes, -1 when not in the heap
}

func newIdxHeap(dist []int64) *idxHeap {
	pos := make([]int32, len(dist))
	for u := range pos {
		pos[u] = -1
	}
	return &idxHeap{dist: dist, pos: pos}
}

func (h *idxHeap) len() int { return len(h.nodes) }

func (h *idxHeap) less(a, b int) bool { return h.dist[h.nodes[a]] < h.dist[h.nodes[b]] }

func (h *idxHeap) swap(a, b int) {
	h.nodes[a], h.nodes[b] = h.nodes[b], h.nodes[a]
	h.pos[h.nodes[a]], h.pos[h.nodes[b]] = int32(a), int32(b)
}

// update puts node u in the heap or moves it up after its distance fell.
func (h *idxHeap) update(u int32) {
	k := int(h.pos[u])
	if k < 0 {
		k = len(h.nodes)
		h.nodes = append(h.nodes, u)
		h.pos[u] = int32(k)
	}
	for k > 0 {
		p := (k - 1) / 2
		if !h.less(k, p) {
			break
		}
		h.swap(k, p)
		k = p
	}
}

func (h *idxHeap) pop() int32 {
	top := h.nodes[0]
	n := len(h.nodes) - 1
	h.swap(0, n)
	h.nodes = h.nodes[:n]
	h.pos[top] = -1
	for k := 0; ; {
		c := 2*k + 1
		if c >= n {
			break
		}
		if c+1 < n && h.less(c+1, c) {
			c++
		}
		if !h.less(c, k) {
			break
		}
		h.swap(k, c)
		k = c
	}
	return top
}
