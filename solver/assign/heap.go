package assign

import "sync"

// queue is the priority queue of Duals.search: nodes by dist, each popped
// once at its final distance. update puts a node in or lowers its key
// after its dist fell.
type queue interface {
	len() int
	update(u int32)
	pop() int32
}

// maxBuckets bounds the reduced costs for which search uses a
// bucketQueue (one bucket a cost); past it, an idxHeap.
const maxBuckets = 1 << 16

// bucketQueue is Dial's bucket queue: one bucket a distance, kept
// circularly for the span of reduced costs (every key in the queue lies
// between the last popped one and it plus the largest reduced cost). A
// lowered key adds the node again; the stale copy is skipped when met
// (its dist no longer matches its bucket). Pops cost a scan over empty
// buckets at most as long as the distances grow, and no comparisons:
// about a third of the residual arcs cost 0 at the optimum and most of
// the others a few tens, so the buckets are few and full.
type bucketQueue struct {
	dist    []int64
	buckets [][]int32
	cur     int64 // the key of the last pop: no key in the queue is lower
	n       int   // entries, stale copies included
}

// bucketPool keeps the buckets of finished searches, whose grown arrays a
// new search would otherwise allocate again (the fairness audit runs
// hundreds of searches).
var bucketPool sync.Pool

// newBucketQueue returns an empty queue for keys dist of nodes, whose
// steps are at most maxKey; done gives it back for reuse.
func newBucketQueue(dist []int64, maxKey int64) *bucketQueue {
	q, _ := bucketPool.Get().(*bucketQueue)
	if q == nil || int64(len(q.buckets)) != maxKey+1 {
		q = &bucketQueue{buckets: make([][]int32, maxKey+1)}
	}
	q.dist, q.cur, q.n = dist, 0, 0
	return q
}

// done empties q and puts it back in the pool.
func (q *bucketQueue) done() {
	for i := range q.buckets {
		q.buckets[i] = q.buckets[i][:0]
	}
	q.dist = nil
	bucketPool.Put(q)
}

func (q *bucketQueue) len() int { return q.n }

func (q *bucketQueue) update(u int32) {
	b := q.dist[u] % int64(len(q.buckets))
	q.buckets[b] = append(q.buckets[b], u)
	q.n++
}

// pop returns -1 when only stale copies were left.
func (q *bucketQueue) pop() int32 {
	size := int64(len(q.buckets))
	for {
		b := &q.buckets[q.cur%size]
		for len(*b) > 0 {
			u := (*b)[len(*b)-1]
			*b = (*b)[:len(*b)-1]
			q.n--
			if q.dist[u] == q.cur {
				return u
			}
		}
		if q.n == 0 {
			return -1
		}
		q.cur++
	}
}

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
