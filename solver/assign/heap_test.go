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
