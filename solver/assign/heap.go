package assign

// idxHeap is a 4-ary min-heap of nodes keyed by dist, with each node's
// place kept so that a shorter distance moves it up instead of adding a
// copy (decrease-key): the searches pop each node once. Each entry carries
// its key, so comparisons read the heap's own array rather than dist, and
// four children a level make it half as deep as a binary heap: the
// searches of the fairness audit spend most of their time here.
type idxHeap struct {
	dist    []int64
	entries []heapEntry
	pos     []int32 // place of each node in entries, -1 when not in the heap
}

type heapEntry struct {
	key  int64
	node int32
}

func newIdxHeap(dist []int64) *idxHeap {
	pos := make([]int32, len(dist))
	for u := range pos {
		pos[u] = -1
	}
	return &idxHeap{dist: dist, pos: pos}
}

func (h *idxHeap) len() int { return len(h.entries) }

// update puts node u in the heap or moves it up after its distance fell.
func (h *idxHeap) update(u int32) {
	e := heapEntry{h.dist[u], u}
	k := int(h.pos[u])
	if k < 0 {
		k = len(h.entries)
		h.entries = append(h.entries, e)
	}
	for k > 0 {
		p := (k - 1) / 4
		if h.entries[p].key <= e.key {
			break
		}
		h.entries[k] = h.entries[p]
		h.pos[h.entries[k].node] = int32(k)
		k = p
	}
	h.entries[k] = e
	h.pos[u] = int32(k)
}

func (h *idxHeap) pop() int32 {
	top := h.entries[0].node
	h.pos[top] = -1
	n := len(h.entries) - 1
	last := h.entries[n]
	h.entries = h.entries[:n]
	if n == 0 {
		return top
	}
	k := 0
	for {
		c := 4*k + 1
		if c >= n {
			break
		}
		best := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if h.entries[j].key < h.entries[best].key {
				best = j
			}
		}
		if h.entries[best].key >= last.key {
			break
		}
		h.entries[k] = h.entries[best]
		h.pos[h.entries[k].node] = int32(k)
		k = best
	}
	h.entries[k] = last
	h.pos[last.node] = int32(k)
	return top
}
