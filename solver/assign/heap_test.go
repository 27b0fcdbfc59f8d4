package assign

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// The heap pops nodes in the order of their keys, with decrease-keys
// in between, on many random sequences.
func TestIdxHeapPopsInKeyOrder(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(3, 3))
	for n := 0; n < 300; n++ {
		size := 1 + rnd.IntN(60)
		dist := make([]int64, size)
		h := newIdxHeap(dist)
		in := make([]bool, size)
		for op := 0; op < 4*size; op++ {
			u := int32(rnd.IntN(size))
			if !in[u] {
				dist[u] = rnd.Int64N(100)
			} else {
				dist[u] -= rnd.Int64N(10) // decrease-key only
			}
			in[u] = true
			h.update(u)
		}
		var want []int64
		for u, ok := range in {
			if ok {
				want = append(want, dist[u])
			}
		}
		slices.Sort(want)
		var got []int64
		for h.len() > 0 {
			got = append(got, dist[h.pop()])
		}
		if !slices.Equal(got, want) {
			t.Fatalf("instance %d: popped %v, want %v", n, got, want)
		}
	}
}

// Dijkstra with the bucket queue finds the distances Bellman-Ford does,
// on random graphs whose distances run many times around the buckets
// (arc costs up to c, paths of many arcs) and whose keys are lowered
// often (stale copies left in the buckets).
func TestBucketQueueDijkstraMatchesBellmanFord(t *testing.T) {
	t.Parallel()
	rnd := rand.New(rand.NewPCG(5, 5))
	for inst := 0; inst < 400; inst++ {
		n := 1 + rnd.IntN(60)
		c := rnd.Int64N(20) // largest arc cost; 0: one bucket
		type arc struct {
			u, v int32
			w    int64
		}
		var arcs []arc
		for range rnd.IntN(5 * n) {
			arcs = append(arcs, arc{int32(rnd.IntN(n)), int32(rnd.IntN(n)), rnd.Int64N(c + 1)})
		}
		want := make([]int64, n)
		for u := range want {
			want[u] = -1
		}
		want[0] = 0
		for changed := true; changed; {
			changed = false
			for _, a := range arcs {
				if want[a.u] >= 0 && (want[a.v] < 0 || want[a.u]+a.w < want[a.v]) {
					want[a.v], changed = want[a.u]+a.w, true
				}
			}
		}
		dist := make([]int64, n)
		for u := range dist {
			dist[u] = -1
		}
		done := make([]bool, n)
		q := newBucketQueue(dist, c)
		dist[0] = 0
		q.update(0)
		last := int64(0)
		for q.len() > 0 {
			x := q.pop()
			if x < 0 {
				break
			}
			if done[x] || dist[x] < last {
				t.Fatalf("instance %d: node %d popped twice or out of order (%d after %d)", inst, x, dist[x], last)
			}
			done[x], last = true, dist[x]
			for _, a := range arcs {
				if a.u == x && !done[a.v] && (dist[a.v] < 0 || dist[x]+a.w < dist[a.v]) {
					dist[a.v] = dist[x] + a.w
					q.update(a.v)
				}
			}
		}
		q.done()
		if !slices.Equal(dist, want) {
			t.Fatalf("instance %d (n %d, c %d): distances %v, Bellman-Ford %v", inst, n, c, dist, want)
		}
	}
}
