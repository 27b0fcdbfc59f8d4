package mentor

import (
	"cmp"
	"math/bits"
	"slices"
)

// A second lower bound for the teacher side, by Lagrangian relaxation of
// the teachers' capacities (Geoffrion 1974; for capacitated facility
// location see Cornuéjols, Sridharan and Thizy 1991).
//
// With a price λ_t ≥ 0 on each mentee of teacher t and the capacities
// dropped, the problem falls apart into crews (see crews): each crew
// chooses which teachers visit and who takes which unit, paying
// teacher_visit per teacher, mentor_related per related pairing, λ_t per
// mentee, or mentor_missing per intern left out. Without capacities a
// unit goes whole to one teacher, so a crew's optimum is the best
// partition of its units into groups, each served by one teacher eligible
// for all of it (or left out): a dynamic program over subsets of units,
// O(3^k) for k units. Then
//
//	L(λ) = Σ crews optimum(λ) − Σ_t λ_t · capacity_t ≤ optimum
//
// for every λ ≥ 0 (weak duality). L(0) alone already prices the trade
// between a related pairing and another visit that the flow bound cannot
// see. Subgradient steps (Polyak's rule toward the best plan found) raise
// it further when capacities bind. Crews of more than maxCrewUnits units
// get the weaker bound of one visit plus each unit's cheapest pairing.
// Costs are integers scaled by lagScale, so λ moves in steps of 1/lagScale
// and L is exact.

const (
	maxCrewUnits = 10
	lagScale     = 16
	lagRounds    = 60
)

// lagrangeBound returns a lower bound on the school's teacher cost; ub is
// the best plan's cost, to steer the steps. It also returns, by unit, the
// cost per intern of the group that serves the unit in the relaxed plan
// at the best λ (0 where unknown): a start for the knapsack bound's μ.
func (p *teacherProblem) lagrangeBound(ub int64) (int64, []int64) {
	nt := len(p.cap)
	type crewData struct {
		units []int
		elig  []uint32  // by teacher: mask of the crew's units it may take
		rel   [][]int64 // by unit of the crew and teacher: 1 when related
		// classes are the teachers eligible for some unit of the crew,
		// grouped by the units they may take and which of those are
		// related, each group in teacher order (see crewDP.solve).
		classes [][]int32
	}
	var crews []crewData
	var fixed int64 // interns nobody may take
	for b := range p.blocks {
		for _, u := range p.blocks[b].units {
			if len(p.units[u].arcs) == 0 {
				fixed += p.units[u].n() * p.missing * lagScale
			}
		}
		for _, c := range p.crews(b) {
			cd := crewData{units: c, elig: make([]uint32, nt)}
			if len(c) <= maxCrewUnits {
				cd.rel = make([][]int64, len(c))
				for i, u := range c {
					cd.rel[i] = make([]int64, nt)
					for _, arc := range p.units[u].arcs {
						cd.elig[arc.t] |= 1 << i
						cd.rel[i][arc.t] = arc.rel
					}
				}
				cd.classes = teacherClasses(cd.elig, cd.rel)
			}
			crews = append(crews, cd)
		}
	}
	lambda := make([]int64, nt)
	load := make([]int64, nt)
	ld, ld2 := make([]int64, nt), make([]int64, nt)
	var dp crewDP
	var share []int64 // by unit, when asked

	// eval returns L(λ)·lagScale and fills load with the mentees of the
	// relaxed plan.
	eval := func() int64 {
		clear(load)
		l := fixed
		for t := range nt {
			l -= lambda[t] * p.cap[t]
		}
		for _, cd := range crews {
			clear(ld)
			var v int64
			if len(cd.units) <= maxCrewUnits {
				v = dp.solve(p, cd.units, cd.elig, cd.rel, cd.classes, lambda, ld, share)
			} else {
				v = p.crewOneVisit(cd.units, lambda, ld)
			}
			clear(ld2)
			if v2 := p.crewEnvelope(cd.units, lambda, ld2); v2 > v {
				v, ld, ld2 = v2, ld2, ld
			}
			l += v
			for t, x := range ld {
				load[t] += x
			}
		}
		return l
	}

	best := eval()
	bestLambda := slices.Clone(lambda)
	target := ub * lagScale
	theta := 2.0
	stall := 0
	for round := 0; round < lagRounds && (best+lagScale-1)/lagScale < ub; round++ {
		var norm float64
		sub := make([]int64, nt)
		for t := range nt {
			sub[t] = load[t] - p.cap[t]
			if lambda[t] == 0 && sub[t] < 0 {
				sub[t] = 0
			}
			norm += float64(sub[t] * sub[t])
		}
		if norm == 0 {
			break // the relaxed plan fits every capacity: L is the optimum of the relaxation
		}
		step := theta * float64(target-best) / norm
		for t := range nt {
			lambda[t] = max(0, lambda[t]+int64(step*float64(sub[t])+0.5))
		}
		if l := eval(); l > best {
			best, stall = l, 0
			copy(bestLambda, lambda)
		} else if stall++; stall >= 5 {
			theta, stall = theta/2, 0
		}
	}
	copy(lambda, bestLambda)
	share = make([]int64, len(p.units))
	eval()
	return (best + lagScale - 1) / lagScale, share
}

// crewOneVisit bounds a crew too large for the dynamic program: one visit
// at least and each unit its cheapest way, or nobody served at all.
func (p *teacherProblem) crewOneVisit(units []int, lambda, ld []int64) int64 {
	served := p.visit * lagScale
	var none int64
	for _, u := range units {
		n := p.units[u].n()
		none += n * p.missing * lagScale
		best, bt := n*p.missing*lagScale, -1
		for _, arc := range p.units[u].arcs {
			if c := n * (p.related*arc.rel*lagScale + lambda[arc.t]); c < best {
				best, bt = c, arc.t
			}
		}
		served += best
		if bt >= 0 {
			ld[bt] += n
		}
	}
	if none <= served {
		clear(ld)
		return none
	}
	return served
}

// crewEnvelope is the convex-envelope bound of the crew under prices λ:
// serving s of its n interns costs at least env(s) in visits (see the top
// of teacher.go) plus each served intern's cheapest pairing; the
// cheapest s are served, for the best s.
func (p *teacherProblem) crewEnvelope(units []int, lambda, ld []int64) int64 {
	var c int64
	type intern struct {
		cost int64
		t, n int
	}
	var by []intern
	for _, u := range units {
		best, bt := int64(-1), -1
		for _, arc := range p.units[u].arcs {
			c = max(c, p.cap[arc.t])
			if x := p.related*arc.rel*lagScale + lambda[arc.t]; best < 0 || x < best {
				best, bt = x, arc.t
			}
		}
		if bt >= 0 {
			by = append(by, intern{best, bt, int(p.units[u].n())})
		}
	}
	slices.SortFunc(by, func(a, b intern) int { return cmp.Compare(a.cost, b.cost) })
	var n int64
	for _, x := range by {
		n += int64(x.n)
	}
	if c == 0 {
		return n * p.missing * lagScale
	}
	q, r := n/c, n%c
	env := func(s int64) int64 { // ⌊lagScale·env(s)⌋
		if s <= q*c {
			return p.visit * lagScale * s / c
		}
		return p.visit*lagScale*q + p.visit*lagScale*(s-q*c)/r
	}
	bestVal, bestS := n*p.missing*lagScale, int64(0)
	var prefix, s int64
	for _, x := range by {
		for range x.n {
			s++
			prefix += x.cost
			if v := prefix + env(s) + (n-s)*p.missing*lagScale; v < bestVal {
				bestVal, bestS = v, s
			}
		}
	}
	for _, x := range by {
		k := min(int64(x.n), bestS)
		ld[x.t] += k
		bestS -= k
	}
	return bestVal
}

// crewDP solves a crew of at most maxCrewUnits units without capacities:
// the best partition of its units into groups, each taken whole by one
// teacher eligible for all of it, a single unit possibly by nobody.
type crewDP struct {
	g, f   []int64
	gt     []int32
	choice []int32
	sum    []int64 // scratch: a teacher's per-intern prices summed over a subset
	n, w   []int64 // scratch: by unit of the crew, its interns and its price
	pick   []int32 // scratch: the teacher priced in each class
}

// teacherClasses groups the teachers with a nonzero elig by (elig[t], the
// related ones among those units), in teacher order within a group.
func teacherClasses(elig []uint32, rel [][]int64) [][]int32 {
	index := map[uint64]int{}
	var out [][]int32
	for t, e := range elig {
		if e == 0 {
			continue
		}
		key := uint64(e)
		for i := range rel {
			if rel[i][t] != 0 {
				key |= 1 << (32 + i)
			}
		}
		k, ok := index[key]
		if !ok {
			k = len(out)
			index[key] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], int32(t))
	}
	return out
}

// solve returns the crew's best value at λ and adds the relaxed plan's
// mentees to ld (and, with share, each unit's cost per intern).
//
// Teachers of one class (teacherClasses) price every subset of the units
// alike but for λ_t, so the one with the least λ_t — the first on ties —
// is at least as cheap on every subset and first among the equally cheap:
// it alone is priced, and the groups and teachers chosen are those of
// pricing them all in teacher order.
func (d *crewDP) solve(p *teacherProblem, units []int, elig []uint32, rel [][]int64, classes [][]int32, lambda, ld, share []int64) int64 {
	k := len(units)
	full := 1 << k
	if cap(d.g) < full {
		d.g, d.gt, d.f, d.choice = make([]int64, full), make([]int32, full), make([]int64, full), make([]int32, full)
	}
	if cap(d.sum) < full {
		d.sum = make([]int64, full)
	}
	g, gt, f, choice, sum := d.g[:full], d.gt[:full], d.f[:full], d.choice[:full], d.sum[:full]
	d.n, d.w = d.n[:0], d.w[:0]
	for _, u := range units {
		d.n, d.w = append(d.n, p.units[u].n()), append(d.w, 0)
	}
	// g[S]: one teacher takes all of S (or, for a single unit, nobody).
	for s := 1; s < full; s++ {
		g[s], gt[s] = -1, -1
		if s&(s-1) == 0 {
			g[s] = d.n[bits.TrailingZeros32(uint32(s))] * p.missing * lagScale
		}
	}
	d.pick = d.pick[:0]
	for _, cl := range classes {
		b := cl[0]
		for _, t := range cl[1:] {
			if lambda[t] < lambda[b] {
				b = t
			}
		}
		d.pick = append(d.pick, b)
	}
	slices.Sort(d.pick)
	// Each subset S of the units t may take, in increasing order, so that
	// its price is the price of S less its lowest unit plus that unit's.
	for _, t := range d.pick {
		e := elig[t]
		for i := range d.w {
			d.w[i] = d.n[i] * (p.related*rel[i][t]*lagScale + lambda[t])
		}
		sum[0] = 0
		for s := (-int(e)) & int(e); s != 0; s = (s - int(e)) & int(e) {
			low := s & -s
			sum[s] = sum[s^low] + d.w[bits.TrailingZeros32(uint32(low))]
			if c := p.visit*lagScale + sum[s]; g[s] < 0 || c < g[s] {
				g[s], gt[s] = c, int32(t)
			}
		}
	}
	// f[S]: the best partition of S; its part holding S's lowest unit is choice[S].
	f[0] = 0
	for s := 1; s < full; s++ {
		low := s & -s
		rest := s ^ low
		f[s] = -1
		for sub := rest; ; sub = (sub - 1) & rest {
			part := sub | low
			if g[part] >= 0 {
				if c := g[part] + f[s^part]; f[s] < 0 || c < f[s] {
					f[s], choice[s] = c, int32(part)
				}
			}
			if sub == 0 {
				break
			}
		}
	}
	for s := full - 1; s > 0; {
		part := int(choice[s])
		var n int64
		for m := uint32(part); m != 0; m &= m - 1 {
			n += p.units[units[bits.TrailingZeros32(m)]].n()
		}
		if t := gt[part]; t >= 0 {
			for m := uint32(part); m != 0; m &= m - 1 {
				ld[t] += p.units[units[bits.TrailingZeros32(m)]].n()
			}
		}
		if share != nil && n > 0 {
			for m := uint32(part); m != 0; m &= m - 1 {
				share[units[bits.TrailingZeros32(m)]] = g[part] / n
			}
		}
		s ^= part
	}
	return f[full-1]
}
