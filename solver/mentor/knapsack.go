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
// are scaled by lagScale, so L is exact in integers. It is skipped for
// parts whose knapsacks would take more than knapsackWork steps a round.

const (
	knapsackRounds = 80
	knapsackWork   = 2_000_000
)

// knapsackBound returns the bound, or 0 when the part is too large; ub is
// the best plan's cost. It also returns the (block, teacher) pairs the
// teachers' knapsacks visit at the best μ, by block×teachers+teacher: a
// good set of visits to build a plan on (a Lagrangian heuristic).
func (p *teacherProblem) knapsackBound(ub int64) (int64, []bool) {
	nt, nu := len(p.cap), len(p.units)
	const S = lagScale
	// byTeacher[t]: for each block, the (unit, arc) pairs t may take.
	type pick struct{ u, a int }
	byTeacher := make([][][]pick, nt)
	work := 0
	for t := range nt {
		byTeacher[t] = make([][]pick, len(p.blocks))
	}
	for u := range p.units {
		for a, arc := range p.units[u].arcs {
			b := p.units[u].block
			byTeacher[arc.t][b] = append(byTeacher[arc.t][b], pick{u, a})
		}
	}
	for t := range nt {
		for b := range p.blocks {
			if len(byTeacher[t][b]) > 0 {
				work += int(p.cap[t] * p.cap[t])
			}
		}
	}
	if work > knapsackWork || nt == 0 {
		return 0, nil
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
	}

	taken := make([]int64, nu) // Σ_t x_ut of the relaxed plan
	type intern struct {
		profit int64
		u      int
	}
	var ints []intern
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
			dp := make([]int64, c+1)
			var blocks []int
			var choice [][]int8 // by block kept: capacity → interns taken there
			var orders [][]intern
			for b := range p.blocks {
				picks := byTeacher[t][b]
				if len(picks) == 0 {
					continue
				}
				ints = ints[:0]
				for _, pk := range picks {
					pr := mu[pk.u] - p.related*p.units[pk.u].arcs[pk.a].rel*S
					if pr <= 0 {
						continue
					}
					for range min(p.units[pk.u].n(), int64(c)) {
						ints = append(ints, intern{pr, pk.u})
					}
				}
				if len(ints) == 0 {
					continue
				}
				slices.SortStableFunc(ints, func(x, y intern) int { return cmp.Compare(y.profit, x.profit) })
				kmax := min(len(ints), c)
				gain := make([]int64, kmax+1)
				for k := 1; k <= kmax; k++ {
					gain[k] = gain[k-1] + ints[k-1].profit
				}
				for k := 1; k <= kmax; k++ {
					gain[k] -= p.visit * S
				}
				pays := false
				for k := 1; k <= kmax; k++ {
					pays = pays || gain[k] > 0
				}
				if !pays {
					continue
				}
				ch := make([]int8, c+1)
				for cc := c; cc >= 1; cc-- {
					for k := 1; k <= min(kmax, cc); k++ {
						if v := dp[cc-k] + gain[k]; v > dp[cc] {
							dp[cc], ch[cc] = v, int8(k)
						}
					}
				}
				blocks = append(blocks, b)
				choice = append(choice, ch)
				orders = append(orders, slices.Clone(ints[:kmax]))
			}
			// dp[c] is best_t; walk back for the interns taken.
			l -= dp[c]
			cc := c
			for i := len(blocks) - 1; i >= 0; i-- {
				k := int(choice[i][cc])
				if k == 0 {
					continue
				}
				for _, in := range orders[i][:k] {
					taken[in.u]++
				}
				open[blocks[i]*nt+t] = true
				cc -= k
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
