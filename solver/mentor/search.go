package mentor

import (
	"math/rand/v2"
)

// Direct local search for the teacher side: moves of groups of interns
// between teachers, priced by their exact change in cost, without a flow.
// A group is the interns of one block with one teacher; a portion the
// interns of one unit with one teacher. Moves, first improvement, in index
// order:
//
//   - move a group to another teacher (closes a visit, perhaps opens one);
//   - swap the groups of two teachers in two blocks (bin-packing exchange);
//   - move a portion to another teacher, give interns without a teacher
//     one with room, or take a portion's teacher away when that is cheaper
//     (only with mentor_missing below teacher_visit + mentor_related).
//
// Around it, iterated local search (Lourenço, Martin and Stützle 2003):
// perturb a few groups at random, descend, keep the result if it is no
// worse. The random stream is seeded from the school's index, so the
// search is deterministic.

type tState struct {
	p     *teacherProblem
	x     tSol
	load  []int64   // by teacher: mentees
	cnt   []int64   // by block×teachers+teacher: mentees there
	arcOf [][]int32 // by unit and teacher: arc index, or -1
	elig  [][]int   // by block: teachers eligible for one of its units
	cost  int64
}

func newTState(p *teacherProblem, x tSol) *tState {
	nt := len(p.cap)
	s := &tState{p: p, x: make(tSol, len(x)), load: make([]int64, nt), cnt: make([]int64, len(p.blocks)*nt)}
	s.arcOf = make([][]int32, len(p.units))
	for u := range p.units {
		s.x[u] = append([]int64(nil), x[u]...)
		s.arcOf[u] = make([]int32, nt)
		for t := range s.arcOf[u] {
			s.arcOf[u][t] = -1
		}
		for a, arc := range p.units[u].arcs {
			s.arcOf[u][arc.t] = int32(a)
			s.load[arc.t] += x[u][a]
			s.cnt[p.units[u].block*nt+arc.t] += x[u][a]
		}
	}
	s.elig = p.eligiblePairs()
	s.cost = p.cost(s.x)
	return s
}

func (s *tState) clone() *tState {
	c := *s
	c.x = make(tSol, len(s.x))
	for u := range s.x {
		c.x[u] = append([]int64(nil), s.x[u]...)
	}
	c.load = append([]int64(nil), s.load...)
	c.cnt = append([]int64(nil), s.cnt...)
	return &c
}

// shift moves k interns of unit u from arc a to arc a2 (a or a2 may be -1:
// no teacher) and returns the change in cost.
func (s *tState) shift(u, a, a2 int, k int64) int64 {
	p := s.p
	nt := len(p.cap)
	b := p.units[u].block
	var d int64
	if a >= 0 {
		arc := p.units[u].arcs[a]
		s.x[u][a] -= k
		s.load[arc.t] -= k
		s.cnt[b*nt+arc.t] -= k
		d -= p.related * arc.rel * k
		if s.cnt[b*nt+arc.t] == 0 {
			d -= p.visit
		}
	} else {
		d -= p.missing * k
	}
	if a2 >= 0 {
		arc := p.units[u].arcs[a2]
		if s.cnt[b*nt+arc.t] == 0 {
			d += p.visit
		}
		s.x[u][a2] += k
		s.load[arc.t] += k
		s.cnt[b*nt+arc.t] += k
		d += p.related * arc.rel * k
	} else {
		d += p.missing * k
	}
	s.cost += d
	return d
}

// groupDelta prices moving the group of teacher t in block b to teacher t2
// (which may be t2 == t only in a swap's second half); ok is false when t2
// cannot take some unit of it. The capacity is checked by the caller.
func (s *tState) groupDelta(b, t, t2 int) (size, relDelta int64, ok bool) {
	p := s.p
	for _, u := range p.blocks[b].units {
		a := s.arcOf[u][t]
		if a < 0 || s.x[u][a] == 0 {
			continue
		}
		a2 := s.arcOf[u][t2]
		if a2 < 0 {
			return 0, 0, false
		}
		f := s.x[u][a]
		size += f
		relDelta += p.related * (p.units[u].arcs[a2].rel - p.units[u].arcs[a].rel) * f
	}
	return size, relDelta, true
}

// moveGroup moves the group of t in b to t2.
func (s *tState) moveGroup(b, t, t2 int) {
	for _, u := range s.p.blocks[b].units {
		a := s.arcOf[u][t]
		if a < 0 || s.x[u][a] == 0 {
			continue
		}
		s.shift(u, int(a), int(s.arcOf[u][t2]), s.x[u][a])
	}
}

// descend applies improving moves until none is left or the budget of
// move evaluations is spent; it reports the evaluations used.
func (s *tState) descend(budget int) int {
	p := s.p
	nt := len(p.cap)
	evals := 0
	for improved := true; improved && evals < budget; {
		improved = false
		// Group moves.
		for b := range p.blocks {
			for _, t := range s.elig[b] {
				if s.cnt[b*nt+t] == 0 {
					continue
				}
				for _, t2 := range s.elig[b] {
					if t2 == t {
						continue
					}
					if s.load[t2]+s.cnt[b*nt+t] > p.cap[t2] {
						continue // no room: checked before pricing, it is the common case
					}
					evals++
					_, rd, ok := s.groupDelta(b, t, t2)
					if !ok {
						continue
					}
					d := rd - p.visit
					if s.cnt[b*nt+t2] == 0 {
						d += p.visit
					}
					if d < 0 {
						s.moveGroup(b, t, t2)
						improved = true
						break
					}
				}
			}
		}
		// Portion moves, missing interns, and dropping a portion.
		for u := range p.units {
			un := &p.units[u]
			b := un.block
			served := int64(0)
			for a := range un.arcs {
				served += s.x[u][a]
			}
			for a := -1; a < len(un.arcs); a++ {
				var f int64
				if a < 0 {
					f = un.n() - served
				} else {
					f = s.x[u][a]
				}
				if f == 0 {
					continue
				}
				for a2 := -1; a2 < len(un.arcs); a2++ {
					if a2 == a {
						continue
					}
					evals++
					k := f
					var d int64
					if a >= 0 {
						arc := un.arcs[a]
						d -= p.related * arc.rel * k
						if s.cnt[b*nt+arc.t] == k {
							d -= p.visit
						}
					} else {
						d -= p.missing * k
					}
					if a2 >= 0 {
						arc := un.arcs[a2]
						room := p.cap[arc.t] - s.load[arc.t]
						if room <= 0 {
							continue
						}
						if k > room { // only interns without a teacher move in part
							if a >= 0 {
								continue
							}
							k = room
							d = -p.missing * k
						}
						d += p.related * arc.rel * k
						if s.cnt[b*nt+arc.t] == 0 {
							d += p.visit
						}
					} else {
						d += p.missing * k
					}
					if d < 0 {
						s.shift(u, a, a2, k)
						improved = true
						break
					}
				}
				if improved {
					break
				}
			}
		}
		if improved {
			continue
		}
		// Swaps of groups between two teachers in two blocks: t2 must be
		// eligible in b1 and t1 in b2, so only those pairs are scanned.
		blocksOf := make([][]int, nt)
		for b := range p.blocks {
			for _, t := range s.elig[b] {
				if s.cnt[b*nt+t] > 0 {
					blocksOf[t] = append(blocksOf[t], b)
				}
			}
		}
	swaps:
		for b1 := range p.blocks {
			for _, t1 := range s.elig[b1] {
				if s.cnt[b1*nt+t1] == 0 {
					continue
				}
				for _, t2 := range s.elig[b1] {
					if t2 == t1 {
						continue
					}
					for _, b2 := range blocksOf[t2] {
						if b2 <= b1 || s.cnt[b2*nt+t2] == 0 {
							continue
						}
						if evals >= budget {
							break swaps
						}
						g1, g2 := s.cnt[b1*nt+t1], s.cnt[b2*nt+t2]
						if s.load[t1]-g1+g2 > p.cap[t1] || s.load[t2]-g2+g1 > p.cap[t2] {
							continue
						}
						evals++
						_, r1, ok1 := s.groupDelta(b1, t1, t2)
						if !ok1 {
							break // t2 cannot take t1's group in b1 at all
						}
						_, r2, ok2 := s.groupDelta(b2, t2, t1)
						if !ok2 {
							continue
						}
						d := r1 + r2 - 2*p.visit
						if s.cnt[b1*nt+t2] == 0 {
							d += p.visit
						}
						if s.cnt[b2*nt+t1] == 0 {
							d += p.visit
						}
						if d < 0 {
							s.moveGroup(b1, t1, t2)
							s.moveGroup(b2, t2, t1)
							improved = true
							break swaps
						}
					}
				}
			}
		}
	}
	return evals
}

// iterate runs iterated local search from s for the given rounds, or
// until budget move evaluations are spent (a count, not a clock, so the
// result is deterministic), and returns the best state found.
func (s *tState) iterate(rounds int, seed uint64, budget int) *tState {
	p := s.p
	nt := len(p.cap)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	best := s.clone()
	spent := best.descend(budget)
	cur := best.clone()
	for r := 0; r < rounds && best.cost > 0 && spent < budget; r++ {
		// Perturb: move up to three groups to random teachers that can
		// take them, ignoring the cost.
		for range 3 {
			b := rng.IntN(len(p.blocks))
			t := rng.IntN(nt)
			if cur.cnt[b*nt+t] == 0 {
				continue
			}
			t2 := rng.IntN(nt)
			size, _, ok := cur.groupDelta(b, t, t2)
			if t2 == t || !ok || cur.load[t2]+size > p.cap[t2] {
				continue
			}
			cur.moveGroup(b, t, t2)
		}
		spent += cur.descend(budget - spent)
		if cur.cost <= best.cost {
			best = cur.clone()
		} else {
			cur = best.clone()
		}
	}
	return best
}
