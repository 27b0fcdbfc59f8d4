package mentor

import (
	"cmp"
	"encoding/binary"
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
// see. Subgradient steps raise it further when capacities bind (see
// lagrangeBound). Crews of more than maxCrewUnits units get the weaker
// bound of one visit plus each unit's cheapest pairing. Costs are integers
// scaled by lagScale, so L is exact.

const (
	maxCrewUnits = 10
	lagScale     = 16
	// The ascent: at most lagRounds steps; the step factor starts at 1 and
	// halves after lagStall steps without a better L, and the ascent ends
	// at the ninth halving. Each step aims lagTarget of the way from
	// the best L to the best plan's cost (Polyak's rule toward an
	// estimate of the optimum). On six large parts of a 150,000-student
	// city with 50 schools, which are 90 % capacity-full, these raise the
	// bound from 6.6 % below the plans to 2.8 %, on one of them past the
	// linear relaxation of the exact model that CBC solved
	// (docs/scaling.md, the seventh round); the earlier 60 steps, halving
	// after 5, stalled.
	lagRounds = 1000
	lagStall  = 40
	lagTarget = 0.7
)

// lagrangeBound returns a lower bound on the school's teacher cost; ub is
// the best plan's cost, to steer the steps. It also returns, by unit, the
// cost per intern of the group that serves the unit in the relaxed plan
// at the best λ (0 where unknown): a start for the knapsack bound's μ.
//
// λ is kept in floating point and rounded to 1/lagScale for each
// evaluation, so that steps smaller than the rounding add up.
func (p *teacherProblem) lagrangeBound(ub int64) (int64, []int64) {
	nt := len(p.cap)
	lg := newLagrangian(p)
	lambda := make([]int64, nt)
	load := make([]int64, nt)

	best := lg.eval(lambda, load, nil)
	bestLambda := slices.Clone(lambda)
	theta := 1.0
	stall := 0
	lf := make([]float64, nt)
	sub := make([]float64, nt)
	for round := 0; round < lagRounds && (best+lagScale-1)/lagScale < ub; round++ {
		var norm float64
		for t := range nt {
			sub[t] = float64(load[t] - p.cap[t])
			if lf[t] <= 0 && sub[t] < 0 {
				sub[t] = 0 // λ_t stays at 0
			}
			norm += sub[t] * sub[t]
		}
		if norm == 0 {
			break // the relaxed plan fits every capacity: L is the optimum of the relaxation
		}
		target := float64(best) + lagTarget*float64(ub*lagScale-best)
		step := theta * (target - float64(best)) / norm
		for t := range nt {
			lf[t] = max(0, lf[t]+step*sub[t])
			lambda[t] = int64(lf[t] + 0.5)
		}
		if l := lg.eval(lambda, load, nil); l > best {
			best, stall = l, 0
			copy(bestLambda, lambda)
		} else if stall++; stall >= lagStall {
			theta, stall = theta/2, 0
			if theta < 1.0/256 {
				break
			}
		}
	}
	share := make([]int64, len(p.units))
	lg.eval(bestLambda, load, share)
	return (best + lagScale - 1) / lagScale, share
}

// lagrangian is a part laid out for evaluating L(λ) many times.
type lagrangian struct {
	p     *teacherProblem
	crews []lagCrew
	fixed int64 // interns nobody may take, at mentor_missing each (scaled)

	// Units of one specialty have the same arcs, and crews the same
	// classes of teachers: each distinct arc list and class is priced
	// once an evaluation.
	listOf   []int32   // by unit: its arc list, or -1 without arcs
	lists    [][]tArc  // distinct arc lists
	listBest []int64   // by list: the cheapest pairing at λ (scaled)
	listT    []int32   // by list: its teacher (the first on ties)
	classes  [][]int32 // distinct classes of teachers, each in teacher order
	classMin []int32   // by class: its teacher with the least λ (the first on ties)

	dp       crewDP
	ld, ld2  []tLoad // scratch: a crew's mentees in its relaxed plan
	envUnits []envUnit
}

type lagCrew struct {
	units []int
	cap   int64 // the largest capacity among its teachers
	// For crews of at most maxCrewUnits units, the dynamic program's data:
	elig    []uint32  // by teacher: mask of the crew's units it may take
	rel     [][]int64 // by unit of the crew and teacher: 1 when related
	classes []int32   // the teachers eligible for some unit, by class (see teacherClasses)
}

// tLoad is n mentees of teacher t.
type tLoad struct {
	t int32
	n int64
}

// envUnit is a unit's cheapest pairing in crewEnvelope.
type envUnit struct {
	cost int64
	t    int32
	n    int64
}

func newLagrangian(p *teacherProblem) *lagrangian {
	nt := len(p.cap)
	lg := &lagrangian{p: p, listOf: make([]int32, len(p.units))}
	listIndex := map[string]int32{}
	var key []byte
	for u := range p.units {
		arcs := p.units[u].arcs
		if len(arcs) == 0 {
			lg.listOf[u] = -1
			continue
		}
		key = key[:0]
		for _, arc := range arcs {
			key = binary.LittleEndian.AppendUint32(key, uint32(arc.t)<<1|uint32(arc.rel))
		}
		id, ok := listIndex[string(key)]
		if !ok {
			id = int32(len(lg.lists))
			listIndex[string(key)] = id
			lg.lists = append(lg.lists, arcs)
		}
		lg.listOf[u] = id
	}
	lg.listBest, lg.listT = make([]int64, len(lg.lists)), make([]int32, len(lg.lists))
	classIndex := map[string]int32{}
	for b := range p.blocks {
		for _, u := range p.blocks[b].units {
			if len(p.units[u].arcs) == 0 {
				lg.fixed += p.units[u].n() * p.missing * lagScale
			}
		}
		for _, c := range p.crews(b) {
			cd := lagCrew{units: c}
			for _, u := range c {
				for _, arc := range p.units[u].arcs {
					cd.cap = max(cd.cap, p.cap[arc.t])
				}
			}
			if len(c) <= maxCrewUnits {
				cd.elig = make([]uint32, nt)
				cd.rel = make([][]int64, len(c))
				for i, u := range c {
					cd.rel[i] = make([]int64, nt)
					for _, arc := range p.units[u].arcs {
						cd.elig[arc.t] |= 1 << i
						cd.rel[i][arc.t] = arc.rel
					}
				}
				for _, cl := range teacherClasses(cd.elig, cd.rel) {
					key = key[:0]
					for _, t := range cl {
						key = binary.LittleEndian.AppendUint32(key, uint32(t))
					}
					id, ok := classIndex[string(key)]
					if !ok {
						id = int32(len(lg.classes))
						classIndex[string(key)] = id
						lg.classes = append(lg.classes, cl)
					}
					cd.classes = append(cd.classes, id)
				}
			}
			lg.crews = append(lg.crews, cd)
		}
	}
	lg.classMin = make([]int32, len(lg.classes))
	return lg
}

// eval returns L(λ)·lagScale and sets load to the mentees of the relaxed
// plan (and, with share, each unit's cost per intern in it).
func (lg *lagrangian) eval(lambda, load, share []int64) int64 {
	p := lg.p
	for i, arcs := range lg.lists {
		best, bt := int64(-1), int32(-1)
		for _, arc := range arcs {
			if x := p.related*arc.rel*lagScale + lambda[arc.t]; best < 0 || x < best {
				best, bt = x, int32(arc.t)
			}
		}
		lg.listBest[i], lg.listT[i] = best, bt
	}
	for i, cl := range lg.classes {
		b := cl[0]
		for _, t := range cl[1:] {
			if lambda[t] < lambda[b] {
				b = t
			}
		}
		lg.classMin[i] = b
	}
	clear(load)
	l := lg.fixed
	for t, c := range p.cap {
		l -= lambda[t] * c
	}
	for i := range lg.crews {
		cd := &lg.crews[i]
		var v int64
		if cd.elig != nil {
			v = lg.dp.solve(p, cd.units, cd.elig, cd.rel, cd.classes, lg.classMin, lambda, &lg.ld, share)
		} else {
			v = lg.crewOneVisit(cd.units, &lg.ld)
		}
		if v2 := lg.crewEnvelope(cd, &lg.ld2); v2 > v {
			v = v2
			lg.ld, lg.ld2 = lg.ld2, lg.ld
		}
		l += v
		for _, x := range lg.ld {
			load[x.t] += x.n
		}
	}
	return l
}

// crewOneVisit bounds a crew too large for the dynamic program: one visit
// at least and each unit its cheapest way, or nobody served at all. It
// sets *ld to the mentees of that plan.
func (lg *lagrangian) crewOneVisit(units []int, ld *[]tLoad) int64 {
	p := lg.p
	*ld = (*ld)[:0]
	served := p.visit * lagScale
	var none int64
	for _, u := range units {
		n := p.units[u].n()
		none += n * p.missing * lagScale
		best, bt := n*p.missing*lagScale, int32(-1)
		if id := lg.listOf[u]; id >= 0 {
			if c := n * lg.listBest[id]; c < best {
				best, bt = c, lg.listT[id]
			}
		}
		served += best
		if bt >= 0 {
			*ld = append(*ld, tLoad{bt, n})
		}
	}
	if none <= served {
		*ld = (*ld)[:0]
		return none
	}
	return served
}

// crewEnvelope is the convex-envelope bound of the crew under prices λ:
// serving s of its n interns costs at least env(s) in visits (see the top
// of teacher.go) plus each served intern's cheapest pairing; the
// cheapest s are served, for the best s. It sets *ld to their teachers.
func (lg *lagrangian) crewEnvelope(cd *lagCrew, ld *[]tLoad) int64 {
	p := lg.p
	*ld = (*ld)[:0]
	by := lg.envUnits[:0]
	for _, u := range cd.units {
		if id := lg.listOf[u]; id >= 0 {
			by = append(by, envUnit{lg.listBest[id], lg.listT[id], p.units[u].n()})
		}
	}
	lg.envUnits = by
	slices.SortFunc(by, func(a, b envUnit) int { return cmp.Compare(a.cost, b.cost) })
	var n int64
	for _, x := range by {
		n += x.n
	}
	c := cd.cap
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
		k := min(x.n, bestS)
		if k > 0 {
			*ld = append(*ld, tLoad{x.t, k})
		}
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

// solve returns the crew's best value at λ and sets *ld to the relaxed
// plan's mentees (and, with share, each unit's cost per intern). classes
// are the crew's classes of teachers, as indexes into classMin.
//
// Teachers of one class (teacherClasses) price every subset of the units
// alike but for λ_t, so the one with the least λ_t — the first on ties,
// classMin's — is at least as cheap on every subset and first among the
// equally cheap: it alone is priced, and the groups and teachers chosen
// are those of pricing them all in teacher order.
func (d *crewDP) solve(p *teacherProblem, units []int, elig []uint32, rel [][]int64, classes, classMin []int32, lambda []int64, ld *[]tLoad, share []int64) int64 {
	*ld = (*ld)[:0]
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
		d.pick = append(d.pick, classMin[cl])
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
			*ld = append(*ld, tLoad{t, n})
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
