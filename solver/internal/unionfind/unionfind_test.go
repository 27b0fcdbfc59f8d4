package unionfind

import (
	"math/rand/v2"
	"testing"
)

// TestUnionFindMatchesLabels compares the forest with a naive relabelling
// on random unions: the same sets, each rooted at its smallest member.
func TestUnionFindMatchesLabels(t *testing.T) {
	for seed := uint64(1); seed <= 100; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		n := 1 + r.IntN(30)
		s := New(n)
		label := make([]int32, n)
		for x := range label {
			label[x] = int32(x)
		}
		for k := r.IntN(2 * n); k > 0; k-- {
			x, y := int32(r.IntN(n)), int32(r.IntN(n))
			s.Union(x, y)
			from, to := max(label[x], label[y]), min(label[x], label[y])
			for z := range label {
				if label[z] == from {
					label[z] = to
				}
			}
		}
		for x := range label {
			if got := s.Find(int32(x)); got != label[x] {
				t.Fatalf("seed %d: Find(%d) = %d, want %d", seed, x, got, label[x])
			}
		}
	}
}
