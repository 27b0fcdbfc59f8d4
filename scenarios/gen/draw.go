package gen

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// pick returns i with probability w[i]/Σw (linear scan; for short lists).
// All weights zero: 0.
func pick(rng *rand.Rand, w []float64) int {
	return pickFunc(rng, len(w), func(i int) float64 { return w[i] })
}

// pickFunc is pick over n weights given by w(i).
func pickFunc(rng *rand.Rand, n int, w func(int) float64) int {
	var sum float64
	for i := range n {
		sum += w(i)
	}
	u := rng.Float64() * sum
	for i := range n {
		u -= w(i)
		if u < 0 {
			return i
		}
	}
	// Rounding left u ≥ 0: the last item with positive weight.
	for i := n - 1; i > 0; i-- {
		if w(i) > 0 {
			return i
		}
	}
	return 0
}

// cumTable draws from a long weighted list by binary search.
type cumTable struct {
	items []int32
	cum   []float64 // running sums; cum[len-1] is the total
}

func (t *cumTable) add(item int, w float64) {
	if w <= 0 {
		return
	}
	total := 0.0
	if n := len(t.cum); n > 0 {
		total = t.cum[n-1]
	}
	t.items = append(t.items, int32(item))
	t.cum = append(t.cum, total+w)
}

func (t *cumTable) empty() bool { return len(t.items) == 0 }

func (t *cumTable) draw(rng *rand.Rand) int {
	u := rng.Float64() * t.cum[len(t.cum)-1]
	k := sort.SearchFloat64s(t.cum, u)
	if k == len(t.cum) {
		k--
	}
	return int(t.items[k])
}

// apportion splits n into integer parts proportional to w by the largest
// remainder method (ties to the lower index), so the counts add up to n
// exactly. All weights zero: everything to index 0.
func apportion(n int, w []float64) []int {
	out := make([]int, len(w))
	if len(w) == 0 || n <= 0 {
		return out
	}
	var sum float64
	for _, x := range w {
		sum += x
	}
	if sum <= 0 {
		out[0] = n
		return out
	}
	rem := make([]float64, len(w))
	left := n
	for i, x := range w {
		q := float64(n) * x / sum
		out[i] = int(math.Floor(q))
		rem[i] = q - float64(out[i])
		left -= out[i]
	}
	order := make([]int, len(w))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpDesc(rem[a], rem[b]) })
	for k := 0; left > 0; k = (k + 1) % len(order) {
		out[order[k]]++
		left--
	}
	for k := len(order) - 1; left < 0; k = (k + len(order) - 1) % len(order) {
		if out[order[k]] > 0 { // floating-point overshoot; never seen, but keep Σ = n
			out[order[k]]--
			left++
		}
	}
	return out
}

// cmpDesc orders larger first.
func cmpDesc(a, b float64) int { return cmp.Compare(b, a) }
