package gen

import (
	"math"
	"math/rand/v2"
	"slices"

	"placement/model"
)

// preferences gives a share PrefShare of the students 1–3 distinct
// enterprises, most wanted first: 80 % of the picks from their specialty's
// industry, the rest from any industry, each weighted by √employees and by
// closeness to home. An order-class student usually lists the sponsor first.
func (b *builder) preferences(rng *rand.Rand) {
	if b.o.PrefShare == 0 {
		return
	}
	indIdx := map[string]int{}
	for i, d := range industryDefs {
		indIdx[d.group] = i
	}
	// byInd[d][ind] and all[d]: enterprises with posts, as seen from district d.
	var byInd [numDistricts][]cumTable
	var all [numDistricts]cumTable
	for d := range numDistricts {
		byInd[d] = make([]cumTable, len(industryDefs))
		for e := range b.r.Enterprises {
			if len(b.entPost[e]) == 0 {
				continue
			}
			w := math.Sqrt(float64(b.r.Enterprises[e].Employees)) / math.Pow(float64(roadKm[d][b.entDist[e]])+10, 1.5)
			byInd[d][b.entInd[e]].add(e, w)
			all[d].add(e, w)
		}
	}
	if all[0].empty() {
		return
	}
	entIdx := make(map[string]int, len(b.r.Enterprises)) // lookups only
	for e := range b.r.Enterprises {
		entIdx[b.r.Enterprises[e].ID] = e
	}
	for i := range b.r.Students {
		if rng.Float64() >= b.o.PrefShare {
			continue
		}
		st := &b.r.Students[i]
		n := 3
		switch u := rng.Float64(); {
		case u < 0.3:
			n = 1
		case u < 0.6:
			n = 2
		}
		d := b.stDist[i]
		own := &byInd[d][indIdx[specialtyDefs[b.stSpec[i]].group]]
		prefs := make([]string, 0, n)
		taken := make([]int, 0, n)
		if st.OrderEnterpriseID != "" && rng.Float64() < 0.7 {
			taken = append(taken, entIdx[st.OrderEnterpriseID])
			prefs = append(prefs, st.OrderEnterpriseID)
		}
		for try := 0; len(prefs) < n && try < 10*n; try++ {
			t := &all[d]
			if !own.empty() && rng.Float64() < 0.8 {
				t = own
			}
			e := t.draw(rng)
			if slices.Contains(taken, e) {
				continue
			}
			taken = append(taken, e)
			prefs = append(prefs, b.r.Enterprises[e].ID)
		}
		st.Preferences = prefs
	}
}

// pins fixes a few assignments as an officer would: about 0.2 % of the
// students (at least one from 100 students), never an order-class student,
// never more pins on a post than its capacity. Most pins are eligible
// exact-specialty pairs; the last one or two are related-specialty posts of
// the same group, the very last one at a post that does not accept related
// specialties (so the pin overrides eligibility).
func (b *builder) pins(rng *rand.Rand) {
	ns := len(b.r.Students)
	n := int(math.Round(0.002 * float64(ns)))
	if ns >= 100 {
		n = max(n, 1)
	}
	if n == 0 || len(b.r.Posts) == 0 {
		return
	}
	unusual := 0
	switch {
	case n >= 5:
		unusual = 2
	case n >= 2:
		unusual = 1
	}
	bySpec := make([][]int, len(specialtyDefs))
	byGroup := map[string][]int{}
	for p := range b.r.Posts {
		s := b.postSpec[p]
		bySpec[s] = append(bySpec[s], p)
		byGroup[specialtyDefs[s].group] = append(byGroup[specialtyDefs[s].group], p)
	}
	used := make([]int, len(b.r.Posts))
	pinned := make([]bool, ns)
	var pins []int // pairs (student, post)
	for tries := 0; len(pins)/2 < n && tries < 100*n; tries++ {
		i := rng.IntN(ns)
		st := &b.r.Students[i]
		if pinned[i] || st.OrderEnterpriseID != "" {
			continue
		}
		k := len(pins) / 2 // this pin's number
		var cands []int
		var ok func(p int) bool
		switch {
		case k < n-unusual: // ordinary: exact specialty, level met
			cands = bySpec[b.stSpec[i]]
			ok = func(p int) bool { return b.r.Posts[p].MinLevel <= st.Level }
		case k == n-1 && unusual == 2: // related, at a post that says no to related
			cands = byGroup[specialtyDefs[b.stSpec[i]].group]
			ok = func(p int) bool {
				return b.postSpec[p] != b.stSpec[i] && !b.r.Posts[p].AcceptsRelated && b.r.Posts[p].MinLevel <= st.Level
			}
		default: // related and eligible
			cands = byGroup[specialtyDefs[b.stSpec[i]].group]
			ok = func(p int) bool {
				return b.postSpec[p] != b.stSpec[i] && b.r.Posts[p].AcceptsRelated && b.r.Posts[p].MinLevel <= st.Level
			}
		}
		if len(cands) == 0 {
			continue
		}
		for range 20 {
			p := cands[rng.IntN(len(cands))]
			if used[p] < b.r.Posts[p].Capacity && ok(p) {
				used[p]++
				pinned[i] = true
				pins = append(pins, i, p)
				break
			}
		}
	}
	order := make([]int, 0, len(pins)/2)
	for k := 0; k < len(pins); k += 2 {
		order = append(order, k)
	}
	slices.SortFunc(order, func(a, c int) int { return pins[a] - pins[c] }) // by student, i.e. by id
	b.r.Pins = make([]model.Pin, len(order))
	for line, k := range order {
		b.r.Pins[line] = model.Pin{
			StudentID: b.r.Students[pins[k]].ID,
			PostID:    b.r.Posts[pins[k+1]].ID,
			Pos:       model.Pos{File: "pins.csv", Line: line + 2},
		}
	}
}
