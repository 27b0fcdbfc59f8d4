package gen

import (
	"math"
	"math/rand/v2"
	"slices"

	"placement/model"
)

// orderClasses forms the order classes: round(OrderShare × students)
// students in classes of 20–40, each class drawn from one (school,
// specialty) and bound to one sponsor — an enterprise of the specialty's
// industry with a post of that specialty, large and near the school more
// likely. The sponsor reserves room for the class on its posts of the
// specialty (turning more of its same-industry posts into that specialty
// when it has too few), so the class fits unless the sponsor simply has
// too few posts; capacities() honours the reservation.
func (b *builder) orderClasses(rng *rand.Rand) {
	total := int(math.Round(b.o.OrderShare * float64(len(b.r.Students))))
	if total == 0 {
		return
	}
	ns := len(specialtyDefs)
	sponsors := make([][]int, ns)
	for e := range b.r.Enterprises {
		ind := b.r.Enterprises[e].Industry
		for _, p := range b.entPost[e] {
			s := b.postSpec[p]
			if specialtyDefs[s].group == ind && !slices.Contains(sponsors[s], e) {
				sponsors[s] = append(sponsors[s], e)
			}
		}
	}
	buckets := make([][]int, len(b.schools)*ns) // (school, specialty) → student indices
	for i := range b.r.Students {
		k := b.stSchool[i]*ns + b.stSpec[i]
		buckets[k] = append(buckets[k], i)
	}
	for _, bk := range buckets {
		rng.Shuffle(len(bk), func(i, j int) { bk[i], bk[j] = bk[j], bk[i] })
	}

	for _, size := range classSizes(rng, total) {
		fits := func(k int) float64 {
			if len(buckets[k]) >= size && len(sponsors[k%ns]) > 0 {
				return float64(len(buckets[k]))
			}
			return 0
		}
		k := pickFunc(rng, len(buckets), fits)
		if fits(k) == 0 { // no bucket holds a whole class: the largest one that has a sponsor
			k = -1
			for j := range buckets {
				if len(sponsors[j%ns]) > 0 && len(buckets[j]) > 0 && (k < 0 || len(buckets[j]) > len(buckets[k])) {
					k = j
				}
			}
			if k < 0 {
				return
			}
			size = len(buckets[k])
		}
		school, s := k/ns, k%ns
		sd := b.schools[school].district
		cands := sponsors[s]
		e := cands[pickFunc(rng, len(cands), func(i int) float64 {
			ent := &b.r.Enterprises[cands[i]]
			return math.Pow(float64(ent.Employees), 0.6) * float64(len(b.entPost[cands[i]])) /
				float64(roadKm[sd][b.entDist[cands[i]]]+15)
		})]
		b.reserve(e, s, size, sponsors)
		sponsor := b.r.Enterprises[e].ID
		for _, i := range buckets[k][:size] {
			b.r.Students[i].OrderEnterpriseID = sponsor
		}
		buckets[k] = buckets[k][size:]
	}
}

// classSizes splits n students into classes of 20–40 (one smaller class
// when n < 20), about 30 each.
func classSizes(rng *rand.Rand, n int) []int {
	if n < 20 {
		return []int{n}
	}
	k := max(int(math.Round(float64(n)/30)), (n+39)/40)
	sizes := make([]int, k)
	for i := range sizes {
		sizes[i] = 20
	}
	for left := n - 20*k; left > 0; {
		if i := rng.IntN(k); sizes[i] < 40 {
			sizes[i]++
			left--
		}
	}
	return sizes
}

// reserve makes room for size order-class students of specialty s on
// enterprise e's posts: a capacity lower bound, spread evenly, and no
// minimum level (the sponsor takes the class it trained).
func (b *builder) reserve(e, s, size int, sponsors [][]int) {
	var mine []int
	room := 0
	for _, p := range b.entPost[e] {
		if b.postSpec[p] == s {
			mine = append(mine, p)
			room += MaxPostCapacity - b.postLB[p]
		}
	}
	// Turn more of the sponsor's unreserved posts of the same industry into
	// the class's specialty; an enterprise left without a post of the old
	// specialty stops being a sponsor candidate for it.
	for _, p := range b.entPost[e] {
		if room >= size {
			break
		}
		old := b.postSpec[p]
		if old == s || b.postLB[p] != 0 || specialtyDefs[old].group != specialtyDefs[s].group {
			continue
		}
		b.postSpec[p] = s
		b.r.Posts[p].Specialty = specialtyDefs[s].code
		mine = append(mine, p)
		room += MaxPostCapacity
		if !slices.ContainsFunc(b.entPost[e], func(q int) bool { return b.postSpec[q] == old }) {
			if i := slices.Index(sponsors[old], e); i >= 0 {
				sponsors[old] = slices.Delete(sponsors[old], i, i+1)
			}
		}
	}
	for _, p := range mine {
		b.r.Posts[p].MinLevel = model.LevelNone
	}
	for left := size; left > 0; {
		progress := false
		for _, p := range mine {
			if left > 0 && b.postLB[p] < MaxPostCapacity {
				b.postLB[p]++
				left--
				progress = true
			}
		}
		if !progress {
			break // the sponsor has too few posts: the rest of the class may go unplaced
		}
	}
}

// capacities scales the capacity weights so that the total capacity is
// 95–105 % of the students (drawn), each post within 1..MaxPostCapacity
// and at least its order-class reservation.
func (b *builder) capacities(rng *rand.Rand) {
	target := int(math.Round(float64(len(b.r.Students)) * (0.95 + 0.10*rng.Float64())))
	caps := calibrate(b.postW, b.postLB, target)
	for p := range b.r.Posts {
		b.r.Posts[p].Capacity = caps[p]
	}
}

// calibrate returns capacities c[p] = clamp(round(k·w[p]), max(1,lb[p]),
// MaxPostCapacity) with the scale k found by bisection so that Σc is as
// close to target as the bounds allow; the last few units go to the posts
// that rounding cut most.
func calibrate(w []float64, lb []int, target int) []int {
	caps := make([]int, len(w))
	at := func(k float64) int {
		sum := 0
		for p, x := range w {
			caps[p] = min(max(int(math.Round(k*x)), lb[p], 1), MaxPostCapacity)
			sum += caps[p]
		}
		return sum
	}
	lo, hi := 0.0, 1.0
	for at(hi) < target && hi < 1e12 {
		lo, hi = hi, 2*hi
	}
	for range 100 {
		mid := (lo + hi) / 2
		if at(mid) <= target {
			lo = mid
		} else {
			hi = mid
		}
	}
	deficit := target - at(lo)
	if deficit <= 0 {
		return caps
	}
	order := make([]int, len(w))
	for p := range order {
		order[p] = p
	}
	slices.SortStableFunc(order, func(a, c int) int {
		return cmpDesc(hi*w[a]-float64(caps[a]), hi*w[c]-float64(caps[c]))
	})
	for deficit > 0 {
		progress := false
		for _, p := range order {
			if deficit > 0 && caps[p] < MaxPostCapacity {
				caps[p]++
				deficit--
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	return caps
}
