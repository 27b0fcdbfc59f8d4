package mentor

import (
	"cmp"
	"slices"
)

// A third lower bound for the teacher side, by Lagrangian relaxation of the
// other constraint: "every intern of unit u has a teacher or is missing"
// (Σ_t x_ut + missing_u = n_u), priced by μ_u (Beasley 1988 for
// capacitated facility location). What is left falls apart by teacher:
// each teacher picks the blocks it visits and how many interns it takes
// from each, within its capacity, earning μ_u − pairing cost per intern and
// paying teacher_visit per block — a multiple-choice knapsack, solved
// exactly by dynamic programming over the capacity, O(blocks × cap²) per
// teacher. So
//
//	L(μ) = Σ_u μ_u n_u + Σ_u n_u · min(0, mentor_missing − μ_u) − Σ_t best_t(μ) ≤ optimum
//
// for every μ. Unlike the other two bounds it keeps each teacher's
// capacity and whole visits together, which is where the plans' extra
// visits come from: packing enterprise groups into teachers. μ starts at
// each unit's cheapest pairing plus its crew's share of a visit, and moves
// by subgradient steps (Polyak's rule toward the best plan found). Costs
// are scaled by lagScale, so L is exact in integers. The solver asks for
// it only on parts small enough for the Lagrangian heuristic that its
// visits feed (heuristicArcs; see teacherProblem.solve).

const knapsackRounds = 80

// knapsackBound returns the bound (0 for a part without teachers); ub is
// the best plan's cost. It also returns the (block, teacher) pairs the
// teachers' knapsacks visit at the best μ, by block×teachers+teacher: a
// good set of visits to build a plan on (a Lagrangian heuristic).
func (p *teacherProblem) knapsackBound(ub int64, mu0 []int64) (int64, []bool) {
	nt, nu := len(p.cap), len(p.units)
	const S = lagScale
	if nt == 0 {
		return 0, nil
	}
	// byTeacher[t]: the blocks t may serve, each with the (unit, arc)
	// pairs t may take there.
	// A pick carries what pricing it needs, so that the rounds read the
	// picks in sequence rather than the units' arcs at random.
	type pick struct {
		u       int
		relCost int64 // related × rel × S
		n       int64 // the unit's interns
	}
	type tBlockPicks struct {
		b     int
		picks []pick
	}
	byTeacher := make([][]tBlockPicks, nt)
	picks := 0
	for b := range p.blocks {
		for _, u := range p.blocks[b].units {
			for _, arc := range p.units[u].arcs {
				bp := byTeacher[arc.t]
				if len(bp) == 0 || bp[len(bp)-1].b != b {
					bp = append(bp, tBlockPicks{b: b})
				}
				bp[len(bp)-1].picks = append(bp[len(bp)-1].picks, pick{u, p.related * arc.rel * S, p.units[u].n()})
				picks++
				byTeacher[arc.t] = bp
			}
		}
	}
	// One teacher's picks side by side in memory, in the order read.
	flat := make([]pick, 0, picks)
	for _, bps := range byTeacher {
		for i := range bps {
			from := len(flat)
			flat = append(flat, bps[i].picks...)
			bps[i].picks = flat[from:len(flat):len(flat)]
		}
	}
	open := make([]bool, len(p.blocks)*nt)

	// μ: cheapest pairing plus a visit shared by the block's interns.
	mu := make([]int64, nu)
	for u := range p.units {
		best := p.missing * S
		for _, arc := range p.units[u].arcs {
			best = min(best, p.related*arc.rel*S+p.visit*S/max(1, p.blocks[p.units[u].block].n))
		}
		mu[u] = best
		if mu0 != nil && mu0[u] > 0 {
			mu[u] = mu0[u]
		}
	}

	taken := make([]int64, nu) // Σ_t x_ut of the relaxed plan
	// A block's knapsack item for one teacher: its units with a positive
	// profit per intern, best first, and the choice of the dynamic program
	// by capacity.
	type unitProfit struct {
		profit, n int64
		u         int
	}
	type kept struct {
		b              int
		unitsFrom, end int // its units: arena[unitsFrom:end]
		choiceFrom     int // into choices
	}
	var (
		tmp     []unitProfit
		arena   []unitProfit // the kept blocks' units, one teacher at a time
		keep    []kept
		choices []int8
		gain    []int64
		dp      []int64
	)
	eval := func() int64 {
		clear(taken)
		clear(open)
		var l int64
		for u := range p.units {
			n := p.units[u].n()
			l += mu[u] * n
			if d := p.missing*S - mu[u]; d < 0 {
				l += n * d
				taken[u] += n // missing, for the subgradient
			}
		}
		for t := range nt {
			c := int(p.cap[t])
			dp = append(dp[:0], make([]int64, c+1)...)
			keep, choices, arena = keep[:0], choices[:0], arena[:0]
			for _, bp := range byTeacher[t] {
				tmp = tmp[:0]
				var most int64 // what the block could earn at best
				for _, pk := range bp.picks {
					pr := mu[pk.u] - pk.relCost
					if pr <= 0 {
						continue
					}
					n := pk.n
					tmp = append(tmp, unitProfit{pr, n, pk.u})
					most += pr * min(n, int64(c))
				}
				if most <= p.visit*S {
					continue // never pays for the visit
				}
				slices.SortStableFunc(tmp, func(x, y unitProfit) int { return cmp.Compare(y.profit, x.profit) })
				var total int64
				for _, x := range tmp {
					total += x.n
				}
				kmax := int(min(total, int64(c)))
				gain = append(gain[:0], 0)
				i, left := 0, tmp[0].n
				for k := 1; k <= kmax; k++ {
					for left == 0 {
						i++
						left = tmp[i].n
					}
					gain = append(gain, gain[k-1]+tmp[i].profit)
					left--
				}
				from := len(choices)
				choices = append(choices, make([]int8, c+1)...)
				ch := choices[from:]
				for cc := c; cc >= 1; cc-- {
					for k := 1; k <= min(kmax, cc); k++ {
						if v := dp[cc-k] + gain[k] - p.visit*S; v > dp[cc] {
							dp[cc], ch[cc] = v, int8(k)
						}
					}
				}
				keep = append(keep, kept{b: bp.b, unitsFrom: len(arena), end: len(arena) + len(tmp), choiceFrom: from})
				arena = append(arena, tmp...)
			}
			// dp[c] is best_t; walk back for the interns taken.
			l -= dp[c]
			cc := c
			for i := len(keep) - 1; i >= 0; i-- {
				k := int64(choices[keep[i].choiceFrom+cc])
				if k == 0 {
					continue
				}
				cc -= int(k)
				for _, x := range arena[keep[i].unitsFrom:keep[i].end] {
					m := min(k, x.n)
					taken[x.u] += m
					k -= m
					if k == 0 {
						break
					}
				}
				open[keep[i].b*nt+t] = true
			}
		}
		return l
	}

	best := eval()
	bestOpen := slices.Clone(open)
	target := ub * S
	theta := 1.0
	stall := 0
	g := make([]int64, nu)
	for round := 0; round < knapsackRounds && (best+S-1)/S < ub; round++ {
		var norm float64
		for u := range p.units {
			g[u] = p.units[u].n() - taken[u]
			norm += float64(g[u] * g[u])
		}
		if norm == 0 {
			break
		}
		step := theta * float64(target-best) / norm
		for u := range p.units {
			mu[u] += int64(step * float64(g[u]))
		}
		if l := eval(); l > best {
			best, stall = l, 0
			copy(bestOpen, open)
		} else if stall++; stall >= 5 {
			theta, stall = theta/2, 0
		}
	}
	if best <= 0 {
		return 0, bestOpen
	}
	return (best + S - 1) / S, bestOpen
}
