package mentor

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"placement/model"
	"placement/solver/flow"
	"placement/solver/internal/unionfind"
)

// The teacher side of stage 3, school by school (teachers mentor only their
// own school's interns, so schools are independent).
//
// A school's interns form blocks, one per enterprise, and each block units,
// one per specialty: interns of one unit are interchangeable. The cost
//
//	mentor_missing × missing + mentor_related × related + teacher_visit × visits
//
// charges a visit once per (teacher, block) that has an intern — a fixed
// charge, which makes the problem a capacitated fixed-charge transportation
// problem (NP-hard in general). Three parts:
//
//  1. Lower bound. A block's units fall into crews (see crews): units
//     linked by teachers eligible for both; no teacher serves two crews, so
//     the block's visits are the sum over its crews. A teacher takes at
//     most C interns of a crew (C the largest capacity among its
//     teachers), so a crew serving s interns needs at least ⌈s/C⌉ visits,
//     and visit_cost(s) ≥ env(s), the lower convex envelope of
//     s ↦ teacher_visit·⌈s/C⌉ on [0, n]: slope teacher_visit/C up to
//     C·⌊n/C⌋, then teacher_visit/(n mod C). Replacing the visits by env
//     makes the problem a min-cost flow with convex piecewise-linear crew
//     arcs:
//
//     crew ─env─▶ hub ─▶ unit ─0|related─▶ teacher ─capacity─▶ sink,  crew ─missing─▶ sink
//
//     whose optimum (certified by flow.Verify) is a proven lower bound; its
//     costs are scaled by S = 720720 (lcm 1…16) and rounded down, so the
//     bound stays valid for any capacity. Two Lagrangian bounds follow
//     (bound.go, knapsack.go); the best of the three counts.
//  2. Construction: dynamic slope scaling (Kim and Pardalos, "A solution
//     approach to the fixed charge network flow problem using a dynamic
//     slope scaling procedure", Oper. Res. Letters 24, 1999). Each round
//     solves a min-cost flow where the fixed charge of (teacher, block) is
//     spread over the interns it carried in the previous round; the bound's
//     flow is round 0. The best plan by the true cost is kept.
//  3. Improvement: local search (see improve) over the set of open
//     (teacher, block) pairs, each candidate set priced exactly by a flow
//     restricted to it: drop a pair, re-staff a block, add a pair, swap.
//
// Every flow is a few hundred nodes per school, so a 4,000-intern city
// needs well under a second per school. Everything is deterministic: the
// network simplex is, and every loop runs in index order.

// slopeScale scales flow costs so that fractional slopes survive rounding.
const slopeScale = 720720

// flowWorkBudget caps the slope-scaling construction of a part: at most
// this many unit–teacher arcs summed over the flows it solves.
const flowWorkBudget = 400_000

// improveWorkBudget is flowWorkBudget for the flow-priced local search
// (improve), which runs after the iterated local search and gains what it
// gains in its first flows: on twelve 4,000-student cities, two of
// 12,000 and one of 40,000, a quarter of the old budget (this; it was
// flowWorkBudget) changed the teacher side of one city, by 10 of 28,670,
// and took a sixth off the stage's time at 4,000 students
// (docs/scaling.md, the fifth round). Each part still gets at least 10
// flows.
const improveWorkBudget = 100_000

// heuristicArcs is the largest part (in unit–teacher arcs) that gets the
// Lagrangian heuristic.
const heuristicArcs = 5000

type teacherProblem struct {
	ctx      context.Context // stops the solve when done
	teachers []int           // mentor rows, in mentor order
	cap      []int64         // by local teacher
	blocks   []tBlock
	units    []tUnit
	missing  int64
	visit    int64
	related  int64
	scale    int64     // slopeScale, or 1 when costs would overflow
	seed     uint64    // of the local search's random stream: the school's row
	deadline time.Time // Settings.TimeLimit from the start; zero: none
}

type tBlock struct {
	ent   int
	n     int64
	units []int
}

type tUnit struct {
	block int
	spec  int32
	pairs []int // indexes into Result.Pairs, by student id
	arcs  []tArc
}

type tArc struct {
	t   int   // local teacher
	rel int64 // 1 for a related pairing, 0 for exact
}

func (u *tUnit) n() int64 { return int64(len(u.pairs)) }

// tSol holds, by unit and arc, the interns of the unit with that teacher;
// the rest of the unit has no teacher.
type tSol [][]int64

// teachers solves the teacher side of every school and fills the pairs.
// The parts of all schools (see split) are independent: they are solved
// in parallel, largest first, on up to GOMAXPROCS goroutines, and combined
// in school and part order. A part's plan depends only on the part (its
// random stream is seeded from the school's row and the part's index), so
// the result is the same whatever the number of cores.
func (mx *mentorIndex) teachers(res *Result, w *model.Weights, set Settings) error {
	bySchool := mx.pairsBySchool()
	type job struct {
		school int
		p      *teacherProblem
		work   int
		x      tSol
		cost   int64
		bound  int64
		st     Stats
		err    error
	}
	var jobs []*job
	for s, pairs := range bySchool {
		if len(pairs) == 0 {
			continue
		}
		for ci, p := range mx.teacherProblem(s, pairs, w).split() {
			p.seed = uint64(s)<<20 | uint64(ci)
			jobs = append(jobs, &job{school: s, p: p, work: p.arcs() + len(p.units)})
		}
	}
	order := make([]*job, len(jobs))
	copy(order, jobs)
	sort.SliceStable(order, func(a, b int) bool { return order[a].work > order[b].work })
	start := time.Now()
	var deadline time.Time
	if set.TimeLimit > 0 {
		deadline = start.Add(set.TimeLimit)
	}
	for _, j := range jobs {
		j.p.deadline = deadline
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex // guards the progress figures
	var done int
	var doneM, doneBound int64
	last := start
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(order) || mx.ctx.Err() != nil {
					return
				}
				j := order[i]
				j.x, j.cost, j.bound, j.err = j.p.solve(set, &j.st)
				if set.Progress != nil && j.err == nil {
					mu.Lock()
					done++
					doneM, doneBound = doneM+j.cost, doneBound+j.bound
					if now := time.Now(); now.Sub(last) >= set.ProgressEvery && done < len(order) {
						last = now
						set.Progress(Progress{Parts: done, Of: len(order), M: doneM, Bound: doneBound, Elapsed: now.Sub(start)})
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if err := mx.ctx.Err(); err != nil {
		return err
	}
	var cost, bound int64
	for i, j := range jobs {
		if j.err != nil {
			return fmt.Errorf("school %q: %w", mx.r.Schools[j.school].ID, j.err)
		}
		mx.decodeTeachers(j.p, j.x, res)
		res.Stats.FlowSolves += j.st.FlowSolves
		res.Stats.Pivots += j.st.Pivots
		res.Stats.ImprovingMoves += j.st.ImprovingMoves
		cost, bound = cost+j.cost, bound+j.bound
		if i+1 == len(jobs) || jobs[i+1].school != j.school {
			res.Stats.Schools++
			if cost == bound {
				res.Stats.TeacherOptimal++
			}
			res.TeacherM += cost
			res.TeacherBound += bound
			cost, bound = 0, 0
		}
	}
	return nil
}

// arcs is the number of unit–teacher arcs of p.
func (p *teacherProblem) arcs() int {
	n := 0
	for u := range p.units {
		n += len(p.units[u].arcs)
	}
	return n
}

// split cuts a school's problem into independent parts: teachers joined,
// directly or through others, by a unit both may take, with those units
// (teachers usually cover one specialty group, so a part is a group).
// A teacher's capacity and visits stay within its part, so the parts'
// optima and bounds add up exactly. Units nobody may take form one part
// without teachers. Parts are in order of their first unit.
func (p *teacherProblem) split() []*teacherProblem {
	nt := len(p.cap)
	sets := unionfind.New(nt)
	find := func(t int) int { return int(sets.Find(int32(t))) }
	for u := range p.units {
		arcs := p.units[u].arcs
		for _, arc := range arcs[min(1, len(arcs)):] {
			sets.Union(int32(arcs[0].t), int32(arc.t))
		}
	}
	partOf := map[int]int{} // root teacher, or -1 for nobody → part
	var parts []*teacherProblem
	local := make([]int, nt) // teacher → index in its part
	for u := range p.units {
		un := p.units[u]
		root := -1
		if len(un.arcs) > 0 {
			root = find(un.arcs[0].t)
		}
		k, ok := partOf[root]
		if !ok {
			k = len(parts)
			partOf[root] = k
			q := &teacherProblem{ctx: p.ctx, missing: p.missing, visit: p.visit, related: p.related, scale: p.scale}
			if root >= 0 {
				for t := range nt {
					if find(t) == root {
						local[t] = len(q.teachers)
						q.teachers = append(q.teachers, p.teachers[t])
						q.cap = append(q.cap, p.cap[t])
					}
				}
			}
			parts = append(parts, q)
		}
		q := parts[k]
		nb := len(q.blocks)
		if nb == 0 || q.blocks[nb-1].ent != p.blocks[un.block].ent {
			q.blocks = append(q.blocks, tBlock{ent: p.blocks[un.block].ent})
			nb++
		}
		arcs := make([]tArc, len(un.arcs))
		for a, arc := range un.arcs {
			arcs[a] = tArc{t: local[arc.t], rel: arc.rel}
		}
		q.blocks[nb-1].n += un.n()
		q.blocks[nb-1].units = append(q.blocks[nb-1].units, len(q.units))
		q.units = append(q.units, tUnit{block: nb - 1, spec: un.spec, pairs: un.pairs, arcs: arcs})
	}
	return parts
}

// pairsBySchool is the placements (indexes into mx.plan) of each school's
// students, by school index, in plan order.
func (mx *mentorIndex) pairsBySchool() [][]int {
	bySchool := make([][]int, len(mx.r.Schools))
	for k, p := range mx.plan {
		s := mx.stuSchool[p.Student]
		bySchool[s] = append(bySchool[s], k)
	}
	return bySchool
}

// teacherProblem builds the blocks and units of one school.
func (mx *mentorIndex) teacherProblem(school int, pairs []int, w *model.Weights) *teacherProblem {
	p := &teacherProblem{
		ctx:      mx.ctx,
		teachers: mx.bySchool[school],
		missing:  int64(w.MentorMissing),
		visit:    int64(w.TeacherVisit),
		related:  int64(w.MentorRelated),
		scale:    slopeScale,
		seed:     uint64(school),
	}
	for _, k := range p.teachers {
		p.cap = append(p.cap, int64(mx.mentors[k].Capacity))
	}
	if per := p.missing + p.visit + p.related; per > 0 && per > math.MaxInt64/4/slopeScale/int64(len(pairs)+1) {
		p.scale = 1
	}
	sorted := slices.Clone(pairs)
	sort.Slice(sorted, func(a, b int) bool {
		pa, pb := mx.plan[sorted[a]], mx.plan[sorted[b]]
		if pa.Enterprise != pb.Enterprise {
			return pa.Enterprise < pb.Enterprise
		}
		sa, sb := mx.stuSpec[pa.Student], mx.stuSpec[pb.Student]
		if sa != sb {
			return sa < sb
		}
		return mx.r.Students[pa.Student].ID < mx.r.Students[pb.Student].ID
	})
	for _, k := range sorted {
		pl := mx.plan[k]
		sp := mx.stuSpec[pl.Student]
		nb := len(p.blocks)
		if nb == 0 || p.blocks[nb-1].ent != pl.Enterprise {
			p.blocks = append(p.blocks, tBlock{ent: pl.Enterprise})
			nb++
		}
		b := &p.blocks[nb-1]
		b.n++
		nu := len(p.units)
		if len(b.units) == 0 || p.units[nu-1].spec != sp {
			u := tUnit{block: nb - 1, spec: sp}
			for t, k := range p.teachers {
				switch mx.match(k, sp) {
				case model.MatchExact:
					u.arcs = append(u.arcs, tArc{t: t})
				case model.MatchRelated:
					u.arcs = append(u.arcs, tArc{t: t, rel: 1})
				}
			}
			p.units = append(p.units, u)
			b.units = append(b.units, nu)
			nu++
		}
		p.units[nu-1].pairs = append(p.units[nu-1].pairs, k)
	}
	return p
}

// decodeTeachers hands each unit's interns, by student id, to its teachers
// in teacher order.
func (mx *mentorIndex) decodeTeachers(p *teacherProblem, x tSol, res *Result) {
	for u := range p.units {
		un := &p.units[u]
		next := 0
		for a, arc := range un.arcs {
			k := p.teachers[arc.t]
			m := model.MatchExact
			if arc.rel == 1 {
				m = model.MatchRelated
			}
			for f := x[u][a]; f > 0; f-- {
				pr := &res.Pairs[un.pairs[next]]
				pr.Teacher, pr.TeacherMatch = k, m
				next++
			}
		}
		reason := ReasonMentorsFull
		if len(un.arcs) == 0 {
			reason = ReasonNoMentorForSpecialty
		}
		for ; next < len(un.pairs); next++ {
			res.Pairs[un.pairs[next]].TeacherReason = reason
		}
	}
}

// solve returns the best plan found, its cost and a proven lower bound.
func (p *teacherProblem) solve(set Settings, st *Stats) (tSol, int64, int64, error) {
	bound, x, err := p.lowerBound(set.Flow, st)
	if err != nil {
		return nil, 0, 0, err
	}
	best, bestCost := x, p.cost(x)
	if bestCost > bound {
		x, c, err := p.slopeScaling(x, set, st)
		if err != nil {
			return nil, 0, 0, err
		}
		if c < bestCost {
			best, bestCost = x, c
		}
	}
	if bestCost > bound {
		rounds, budget := p.effort(set)
		st := newTState(p, best).iterate(rounds, p.seed, budget)
		if st.cost < bestCost {
			best, bestCost = st.x, st.cost
		}
	}
	if bestCost > bound {
		x, c, err := p.improve(best, bestCost, bound, set, st)
		if err != nil {
			return nil, 0, 0, err
		}
		best, bestCost = x, c
	}
	var share []int64
	if bestCost > bound {
		var lb int64
		lb, share = p.lagrangeBound(bestCost)
		bound = max(bound, lb)
	}
	// The knapsack bound feeds the Lagrangian heuristic, which rarely
	// beats the search on large parts, where it costs most: small parts
	// only. On large parts the bound itself adds almost nothing to the
	// capacity Lagrangian above: 0 to 50 yuan a city on the cities of
	// docs/scaling.md (4,000 to 150,000 students), for a second ascent
	// as long as the first.
	if bestCost > bound && p.arcs() <= heuristicArcs {
		kb, open := p.knapsackBound(bestCost, share)
		bound = max(bound, kb)
		if bestCost > bound && open != nil {
			x, c, err := p.lagrangeHeuristic(open, set, st)
			if err != nil {
				return nil, 0, 0, err
			}
			if c < bestCost {
				best, bestCost = x, c
			}
		}
	}
	if bestCost < bound {
		return nil, 0, 0, fmt.Errorf("%w: plan cost %d below the proven bound %d", ErrInternal, bestCost, bound)
	}
	return best, bestCost, bound, nil
}

// effort is the iterated local search's rounds and budget of move
// evaluations for p: they grow with its blocks and its eligible (block,
// teacher) pairs (see Settings).
func (p *teacherProblem) effort(set Settings) (rounds, budget int) {
	pairs := 0
	for _, e := range p.eligiblePairs() {
		pairs += len(e)
	}
	return max(set.SearchRounds, set.RoundsPerBlock*len(p.blocks)), max(set.MoveBudget, set.EvalsPerPair*pairs)
}

// cost is the true teacher-side cost of x.
func (p *teacherProblem) cost(x tSol) int64 {
	mark := make([]int, len(p.cap))
	var c int64
	for b, blk := range p.blocks {
		for _, u := range blk.units {
			served := int64(0)
			for a, f := range x[u] {
				if f == 0 {
					continue
				}
				arc := p.units[u].arcs[a]
				served += f
				c += p.related * arc.rel * f
				if mark[arc.t] != b+1 {
					mark[arc.t] = b + 1
					c += p.visit
				}
			}
			c += p.missing * (p.units[u].n() - served)
		}
	}
	return c
}

// crews splits the units of block b into crews: units joined, directly or
// through other units, by a teacher eligible for both. A teacher serves
// units of one crew only, so the block's visits are the sum of its crews'.
// Units no teacher can take form no crew. Crews are in order of their
// first unit.
func (p *teacherProblem) crews(b int) [][]int {
	units := p.blocks[b].units
	crewOf := make([]int, len(p.cap)) // teacher → crew + 1
	var out [][]int
	for _, u := range units {
		if len(p.units[u].arcs) == 0 {
			continue
		}
		// The crews this unit touches merge into the first of them.
		join := -1
		for _, arc := range p.units[u].arcs {
			if c := crewOf[arc.t] - 1; c >= 0 && (join < 0 || c < join) {
				join = c
			}
		}
		if join < 0 {
			join = len(out)
			out = append(out, nil)
		}
		for _, arc := range p.units[u].arcs {
			if c := crewOf[arc.t] - 1; c >= 0 && c != join && out[c] != nil {
				out[join] = append(out[join], out[c]...)
				for t := range crewOf {
					if crewOf[t] == c+1 {
						crewOf[t] = join + 1
					}
				}
				out[c] = nil
			}
			crewOf[arc.t] = join + 1
		}
		out[join] = append(out[join], u)
	}
	crews := out[:0]
	for _, c := range out {
		if c != nil {
			slices.Sort(c)
			crews = append(crews, c)
		}
	}
	return crews
}

// lowerBound solves the convex-envelope relaxation (see the top of this
// file), one envelope per crew of a block, and returns ⌈its optimum⌉ and
// its flow as a plan.
func (p *teacherProblem) lowerBound(fs flow.Settings, st *Stats) (int64, tSol, error) {
	nu, nt := len(p.units), len(p.cap)
	unit := func(u int) int { return u }
	teacher := func(t int) int { return nu + t }
	sink := nu + nt
	g := flow.NewGraph(sink + 1)
	S := p.scale
	var total int64
	for b := range p.blocks {
		for _, u := range p.blocks[b].units {
			if len(p.units[u].arcs) == 0 { // nobody can take them
				n := p.units[u].n()
				g.SetSupply(unit(u), n)
				g.AddArc(unit(u), sink, n, S*p.missing)
				total += n
			}
		}
		for _, crew := range p.crews(b) {
			var n, c int64
			for _, u := range crew {
				n += p.units[u].n()
				for _, arc := range p.units[u].arcs {
					c = max(c, p.cap[arc.t])
				}
			}
			src, hub := g.AddNode(), g.AddNode()
			total += n
			g.SetSupply(src, n)
			g.AddArc(src, sink, n, S*p.missing)
			if q := n / c; q > 0 {
				g.AddArc(src, hub, q*c, S*p.visit/c)
			}
			if r := n % c; r > 0 {
				g.AddArc(src, hub, r, S*p.visit/r)
			}
			for _, u := range crew {
				g.AddArc(hub, unit(u), p.units[u].n(), 0)
			}
		}
	}
	g.SetSupply(sink, -total)
	arcIdx := make([][]int, nu)
	for u := range p.units {
		for _, arc := range p.units[u].arcs {
			arcIdx[u] = append(arcIdx[u], g.AddArc(unit(u), teacher(arc.t), p.units[u].n(), S*p.related*arc.rel))
		}
	}
	for t, c := range p.cap {
		g.AddArc(teacher(t), sink, c, 0)
	}
	res, err := solveVerified(p.ctx, g, fs, st)
	if err != nil {
		return 0, nil, err
	}
	x := make(tSol, nu)
	for u := range p.units {
		x[u] = make([]int64, len(arcIdx[u]))
		for a, i := range arcIdx[u] {
			x[u][a] = res.Flow[i]
		}
	}
	return (res.Cost + S - 1) / S, x, nil
}

// flowPlan solves the units' transportation problem where unit u may use
// its arc a at price(u, a) (a negative price forbids the arc) and an intern
// left without a teacher costs miss.
func (p *teacherProblem) flowPlan(price func(u, a int) int64, miss int64, fs flow.Settings, st *Stats) (tSol, error) {
	return p.planNetAll(price, miss).plan(p, fs, st)
}

// planNetAll is the planNet of every unit, with the teachers' capacities.
func (p *teacherProblem) planNetAll(price func(u, a int) int64, miss int64) *planNet {
	all := make([]int, len(p.units))
	for u := range all {
		all[u] = u
	}
	return p.newPlanNet(all, p.cap, price, miss)
}

// flowPlanOn is flowPlan on some units only, with teacher capacities caps;
// it overwrites those units' rows of x.
func (p *teacherProblem) flowPlanOn(x tSol, units []int, caps []int64, price func(u, a int) int64, miss int64, fs flow.Settings, st *Stats) error {
	return p.newPlanNet(units, caps, price, miss).solve(p, x, fs, st)
}

// planNet is flowPlanOn's network: a source a unit, a node a teacher, the
// sink; an arc a (unit, teacher) pair priced ≥ 0, one a unit to the sink
// (its interns missing) and one a teacher to the sink (its capacity).
type planNet struct {
	g      *flow.Graph
	units  []int
	arcIdx [][]int // by unit (its place in units) and arc: the network's arc, −1 for none
}

func (p *teacherProblem) newPlanNet(units []int, caps []int64, price func(u, a int) int64, miss int64) *planNet {
	nu, nt := len(units), len(caps)
	sink := nu + nt
	g := flow.NewGraph(sink + 1)
	var total int64
	arcIdx := make([][]int, nu)
	for j, u := range units {
		n := p.units[u].n()
		total += n
		g.SetSupply(j, n)
		g.AddArc(j, sink, n, miss)
		arcIdx[j] = make([]int, len(p.units[u].arcs))
		for a, arc := range p.units[u].arcs {
			arcIdx[j][a] = -1
			if c := price(u, a); c >= 0 {
				arcIdx[j][a] = g.AddArc(j, nu+arc.t, n, c)
			}
		}
	}
	g.SetSupply(sink, -total)
	for t, c := range caps {
		g.AddArc(nu+t, sink, c, 0)
	}
	return &planNet{g: g, units: units, arcIdx: arcIdx}
}

// reprice sets the (unit, teacher) arcs' costs to price, which must be
// ≥ 0 wherever the network has an arc and < 0 wherever it has none (the
// network newPlanNet would build with it); it reports false, changing
// nothing, when price does not fit.
func (pn *planNet) reprice(price func(u, a int) int64) bool {
	costs := make([]int64, 0, pn.g.M())
	for j, u := range pn.units {
		for a, i := range pn.arcIdx[j] {
			c := price(u, a)
			if (c >= 0) != (i >= 0) {
				return false
			}
			if i >= 0 {
				costs = append(costs, c)
			}
		}
	}
	k := 0
	for j := range pn.units {
		for _, i := range pn.arcIdx[j] {
			if i >= 0 {
				pn.g.SetCost(i, costs[k])
				k++
			}
		}
	}
	return true
}

// plan solves pn, a network of every unit (planNetAll), into a new plan.
func (pn *planNet) plan(p *teacherProblem, fs flow.Settings, st *Stats) (tSol, error) {
	x := make(tSol, len(p.units))
	for u := range p.units {
		x[u] = make([]int64, len(p.units[u].arcs))
	}
	return x, pn.solve(p, x, fs, st)
}

// solve solves the network and overwrites its units' rows of x with the
// flow.
func (pn *planNet) solve(p *teacherProblem, x tSol, fs flow.Settings, st *Stats) error {
	res, err := solveVerified(p.ctx, pn.g, fs, st)
	if err != nil {
		return err
	}
	for j, u := range pn.units {
		for a, i := range pn.arcIdx[j] {
			x[u][a] = 0
			if i >= 0 {
				x[u][a] = res.Flow[i]
			}
		}
	}
	return nil
}

// pairFlow sums x over the units of each block, by block×teachers+teacher.
func (p *teacherProblem) pairFlow(x tSol) []int64 {
	nt := len(p.cap)
	f := make([]int64, len(p.blocks)*nt)
	for u := range p.units {
		for a, v := range x[u] {
			f[p.units[u].block*nt+p.units[u].arcs[a].t] += v
		}
	}
	return f
}

// slopeScaling runs the dynamic slope scaling rounds from x and returns the
// best plan of the rounds and its cost.
func (p *teacherProblem) slopeScaling(x tSol, set Settings, st *Stats) (tSol, int64, error) {
	nt := len(p.cap)
	S := p.scale
	slope := make([]int64, len(p.blocks)*nt)
	for b := range p.blocks {
		for t := range nt {
			slope[b*nt+t] = S * p.visit / max(1, min(p.blocks[b].n, p.cap[t]))
		}
	}
	var best tSol
	bestCost := int64(math.MaxInt64)
	// Large parts get fewer rounds, so the work stays near linear.
	arcs := 0
	for u := range p.units {
		arcs += len(p.units[u].arcs)
	}
	rounds := min(set.SlopeRounds, max(1, flowWorkBudget/max(1, arcs)))
	price := func(u, a int) int64 {
		arc := p.units[u].arcs[a]
		return S*p.related*arc.rel + slope[p.units[u].block*nt+arc.t]
	}
	// The rounds change only the prices (all ≥ 0): one network, re-priced.
	var pn *planNet
	for range rounds {
		for i, f := range p.pairFlow(x) {
			if f > 0 {
				slope[i] = S * p.visit / f
			}
		}
		if pn == nil || !pn.reprice(price) {
			pn = p.planNetAll(price, S*p.missing)
		}
		next, err := pn.plan(p, set.Flow, st)
		if err != nil {
			return nil, 0, err
		}
		if c := p.cost(next); c < bestCost {
			best, bestCost = next, c
		}
		if slices.EqualFunc(x, next, slices.Equal) {
			break
		}
		x = next
	}
	return best, bestCost, nil
}

// improve is the local search from x (of cost c). Its moves, tried in
// this order, the first improving one taken, until none improves or c meets
// the bound:
//
//   - DROP a used (teacher, block) pair: re-solve the flow with the other
//     used pairs only, so its interns move to teachers already visiting
//     their block, possibly through chains of teachers making room;
//   - re-staff a BLOCK: given what the other blocks leave of each
//     teacher's capacity, the best set of at most two teachers (three when
//     the block has at most ten candidates) for the block, each set priced
//     exactly by a small flow;
//   - ADD a pair to a block that has interns without a teacher or with a
//     related one, and re-solve;
//   - SWAP: drop a used pair and add an unused one in its block or in a
//     block as above, and re-solve.
//
// Each flow solve counts against Settings.MaxEvals.
func (p *teacherProblem) improve(x tSol, c, bound int64, set Settings, st *Stats) (tSol, int64, error) {
	nt := len(p.cap)
	elig := p.eligiblePairs()
	evals := 0
	// Each evaluation solves a flow as large as the school: fewer for
	// larger schools, so the work stays near linear in the city.
	arcs := 0
	for u := range p.units {
		arcs += len(p.units[u].arcs)
	}
	budget := min(set.MaxEvals, max(10, improveWorkBudget/max(1, arcs)))
	moves := 0
	var open []bool
	try := func() (tSol, int64, error) {
		evals++
		y, err := p.flowPlan(func(u, a int) int64 {
			arc := p.units[u].arcs[a]
			if !open[p.units[u].block*nt+arc.t] {
				return -1
			}
			return p.related * arc.rel
		}, p.missing, set.Flow, st)
		if err != nil {
			return nil, 0, err
		}
		return y, p.cost(y), nil
	}
	accept := func(y tSol, nc int64) {
		x, c = y, nc
		moves++
		st.ImprovingMoves++
	}
	// attempt prices the pair set with flip applied (flip undoes itself),
	// puts the set back, and keeps the plan when it is cheaper.
	attempt := func(flip func()) (bool, error) {
		flip()
		y, nc, err := try()
		flip()
		if err != nil || nc >= c {
			return false, err
		}
		accept(y, nc)
		return true, nil
	}
	for c > bound && evals < budget && (set.MaxMoves == 0 || moves < set.MaxMoves) && !p.pastDeadline() {
		f := p.pairFlow(x)
		open = make([]bool, len(f))
		var used []int
		for i, v := range f {
			if v > 0 {
				open[i] = true
				used = append(used, i)
			}
		}
		sort.SliceStable(used, func(a, b int) bool { return f[used[a]] < f[used[b]] })
		moved := false

		// DROP
		for _, i := range used {
			if evals >= budget {
				break
			}
			ok, err := attempt(func() { open[i] = !open[i] })
			if err != nil {
				return nil, 0, err
			}
			if ok {
				moved = true
				break
			}
		}
		if moved {
			continue
		}

		// BLOCK
		for b := range p.blocks {
			if evals >= budget {
				break
			}
			y, nc, n, err := p.restaff(x, c, b, elig[b], set, st)
			evals += n
			if err != nil {
				return nil, 0, err
			}
			if nc < c {
				accept(y, nc)
				moved = true
				break
			}
		}
		if moved {
			continue
		}

		// ADD, then SWAP
		needy := p.needyBlocks(x)
		for b, ok := range needy {
			if !ok || evals >= budget {
				continue
			}
			for _, t := range elig[b] {
				i := b*nt + t
				if open[i] || evals >= budget {
					continue
				}
				ok, err := attempt(func() { open[i] = !open[i] })
				if err != nil {
					return nil, 0, err
				}
				if ok {
					moved = true
					break
				}
			}
			if moved {
				break
			}
		}
		if moved {
			continue
		}
		for _, i := range used {
			bi := i / nt
			for b := range p.blocks {
				if b != bi && !needy[b] {
					continue
				}
				for _, t := range elig[b] {
					j := b*nt + t
					if open[j] || evals >= budget {
						continue
					}
					ok, err := attempt(func() { open[i], open[j] = !open[i], !open[j] })
					if err != nil {
						return nil, 0, err
					}
					if ok {
						moved = true
						break
					}
				}
				if moved {
					break
				}
			}
			if moved || evals >= budget {
				break
			}
		}
		if !moved {
			break
		}
	}
	return x, c, nil
}

// eligiblePairs lists, by block, the teachers eligible for one of its units.
func (p *teacherProblem) eligiblePairs() [][]int {
	out := make([][]int, len(p.blocks))
	for b := range p.blocks {
		seen := make([]bool, len(p.cap))
		for _, u := range p.blocks[b].units {
			for _, arc := range p.units[u].arcs {
				seen[arc.t] = true
			}
		}
		for t, ok := range seen {
			if ok {
				out[b] = append(out[b], t)
			}
		}
	}
	return out
}

// needyBlocks marks the blocks of x with an intern who has no teacher or a
// related one: only there can an added pair pay for itself directly.
func (p *teacherProblem) needyBlocks(x tSol) []bool {
	out := make([]bool, len(p.blocks))
	for u := range p.units {
		served := int64(0)
		for a, f := range x[u] {
			served += f
			if f > 0 && p.units[u].arcs[a].rel == 1 {
				out[p.units[u].block] = true
			}
		}
		if served < p.units[u].n() && len(p.units[u].arcs) > 0 {
			out[p.units[u].block] = true
		}
	}
	return out
}

// restaff re-solves block b alone: every set of at most two candidate
// teachers (three for at most ten candidates), with the capacity the other
// blocks leave them, each priced by a flow. It returns the best plan (x
// when none beats it), its cost and the flows solved.
func (p *teacherProblem) restaff(x tSol, c int64, b int, cands []int, set Settings, st *Stats) (tSol, int64, int, error) {
	resid := slices.Clone(p.cap)
	for u := range p.units {
		if p.units[u].block == b {
			continue
		}
		for a, f := range x[u] {
			resid[p.units[u].arcs[a].t] -= f
		}
	}
	var free []int
	for _, t := range cands {
		if resid[t] > 0 {
			free = append(free, t)
		}
	}
	k := 2
	if len(free) <= 10 {
		k = 3
	}
	units := p.blocks[b].units
	price := func(u, a int) int64 { return p.related * p.units[u].arcs[a].rel }
	best, bestCost := x, c
	evals := 0
	caps := make([]int64, len(p.cap))
	y := slices.Clone(x)
	for _, u := range units {
		y[u] = slices.Clone(x[u])
	}
	var pick []int
	var rec func(from int) error
	rec = func(from int) error {
		if len(pick) > 0 {
			clear(caps)
			for _, t := range pick {
				caps[t] = resid[t]
			}
			evals++
			if err := p.flowPlanOn(y, units, caps, price, p.missing, set.Flow, st); err != nil {
				return err
			}
			if nc := p.cost(y); nc < bestCost {
				best, bestCost = slices.Clone(y), nc
				for _, u := range units {
					best[u] = slices.Clone(y[u])
				}
			}
		}
		if len(pick) == k {
			return nil
		}
		for i := from; i < len(free); i++ {
			pick = append(pick, free[i])
			if err := rec(i + 1); err != nil {
				return err
			}
			pick = pick[:len(pick)-1]
		}
		return nil
	}
	err := rec(0)
	return best, bestCost, evals, err
}

// lagrangeHeuristic builds a plan on the visits of the knapsack bound's
// relaxed plan: a flow in which those (teacher, block) pairs cost only
// their related pairings and any other pair a visit per intern (so it is
// used only when it must), polished by the iterated local search with a
// quarter of its budget.
func (p *teacherProblem) lagrangeHeuristic(open []bool, set Settings, st *Stats) (tSol, int64, error) {
	nt := len(p.cap)
	x, err := p.flowPlan(func(u, a int) int64 {
		arc := p.units[u].arcs[a]
		c := p.related * arc.rel
		if !open[p.units[u].block*nt+arc.t] {
			c += p.visit
		}
		return c
	}, p.missing, set.Flow, st)
	if err != nil {
		return nil, 0, err
	}
	rounds, budget := p.effort(set)
	s := newTState(p, x).iterate(rounds/3, p.seed^0x1a6, budget/4)
	return s.x, s.cost, nil
}
