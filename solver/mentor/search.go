package mentor

import (
	"math/rand/v2"
	"time"
)

// Direct local search for the teacher side: moves of groups of interns
// between teachers, priced by their exact change in cost, without a flow.
// A group is the interns of one block with one teacher; a portion the
// interns of one unit with one teacher. Moves, first improvement:
//
//   - move a group to another teacher (closes a visit, perhaps opens one);
//   - swap the groups of two teachers in two blocks (bin-packing exchange);
//   - move a portion to another teacher, give interns without a teacher
//     one with room, or take a portion's teacher away when that is cheaper
//     (only with mentor_missing below teacher_visit + mentor_related).
//
// The descent is driven by a queue of dirty blocks (don't-look bits,
// Bentley 1992): a block is examined again only when something that can
// change its moves changed — its own groups, the load of a teacher who
// visits it, or room freed at a teacher who could take its related or
// teacherless interns exactly. So a descent after a small change costs a
// few blocks' moves, not the whole school's, and the iterated local search
// (Lourenço, Martin and Stützle 2003) can afford a round per few blocks:
// perturb a few used groups at random, descend, keep the result if it is
// no worse, else undo the round from its log. The random stream is seeded
// from the school's index and every budget is a count of move
// evaluations, so the search is deterministic.

type tState struct {
	p        *teacherProblem
	x        tSol
	load     []int64   // by teacher: mentees
	cnt      []int64   // by block×teachers+teacher: mentees there
	rcnt     []int64   // by block×teachers+teacher: related mentees there
	arcOf    [][]int32 // by unit and teacher: arc index, or -1
	elig     [][]int   // by block: teachers eligible for one of its units
	eligW    int       // words of a block's row in eligBits
	eligBits []uint64  // by block×eligW: elig as a bitset
	cost     int64

	visits [][]visit // by teacher: blocks where it has mentees, in no order
	pos    []int32   // by block×teachers+teacher: index in visits, or -1
	exact  [][]int32 // by teacher: units it may take exactly
	served []int64   // by unit: interns with a teacher
	rel    []int64   // by unit: interns with a related teacher

	dirty []bool  // by block: queued
	queue []int32 // blocks to examine, from head
	head  int

	tDirty []bool  // by teacher: queued
	tQueue []int32 // teachers whose freed room to try (see pull)

	logging bool
	log     []shiftRec

	group []portion // scratch of improveBlock
}

// visit is a block where a teacher has mentees, and how many (cnt of the
// pair, kept beside the block so that the swap scan over a teacher's
// visits reads one array).
type visit struct {
	b, cnt int32
}

// portion is f interns of unit u with one teacher (rel: 1 when related).
type portion struct {
	u      int
	f, rel int64
}

// shiftRec is one shift, for undoing a rejected round.
type shiftRec struct {
	u, a, a2 int32
	k        int64
}

func newTState(p *teacherProblem, x tSol) *tState {
	nt := len(p.cap)
	s := &tState{p: p, x: make(tSol, len(x)), load: make([]int64, nt), cnt: make([]int64, len(p.blocks)*nt),
		rcnt: make([]int64, len(p.blocks)*nt)}
	s.arcOf = make([][]int32, len(p.units))
	s.visits = make([][]visit, nt)
	s.pos = make([]int32, len(p.blocks)*nt)
	for i := range s.pos {
		s.pos[i] = -1
	}
	s.exact = make([][]int32, nt)
	s.served = make([]int64, len(p.units))
	s.rel = make([]int64, len(p.units))
	s.dirty = make([]bool, len(p.blocks))
	s.tDirty = make([]bool, nt)
	for u := range p.units {
		s.x[u] = append([]int64(nil), x[u]...)
		s.arcOf[u] = make([]int32, nt)
		for t := range s.arcOf[u] {
			s.arcOf[u][t] = -1
		}
		b := p.units[u].block
		for a, arc := range p.units[u].arcs {
			s.arcOf[u][arc.t] = int32(a)
			if arc.rel == 0 {
				s.exact[arc.t] = append(s.exact[arc.t], int32(u))
			}
			f := x[u][a]
			s.load[arc.t] += f
			s.served[u] += f
			s.rel[u] += f * arc.rel
			i := b*nt + arc.t
			if f > 0 && s.cnt[i] == 0 {
				s.pos[i] = int32(len(s.visits[arc.t]))
				s.visits[arc.t] = append(s.visits[arc.t], visit{b: int32(b)})
			}
			s.cnt[i] += f
			s.rcnt[i] += f * arc.rel
		}
	}
	for t, vs := range s.visits {
		for k := range vs {
			vs[k].cnt = int32(s.cnt[int(vs[k].b)*nt+t])
		}
	}
	s.elig = p.eligiblePairs()
	s.eligW = (nt + 63) / 64
	s.eligBits = make([]uint64, len(p.blocks)*s.eligW)
	for b, ts := range s.elig {
		for _, t := range ts {
			s.eligBits[b*s.eligW+t/64] |= 1 << (t % 64)
		}
	}
	s.cost = p.cost(s.x)
	return s
}

// mark queues block b.
func (s *tState) mark(b int) {
	if !s.dirty[b] {
		s.dirty[b] = true
		s.queue = append(s.queue, int32(b))
	}
}

// markAll queues every block.
func (s *tState) markAll() {
	for b := range s.p.blocks {
		s.mark(b)
	}
}

// clearQueue empties the queue.
func (s *tState) clearQueue() {
	for _, b := range s.queue[s.head:] {
		s.dirty[b] = false
	}
	s.queue, s.head = s.queue[:0], 0
	for _, t := range s.tQueue {
		s.tDirty[t] = false
	}
	s.tQueue = s.tQueue[:0]
}

// freed queues what may improve now that teacher t has more room: the
// blocks it visits (a group there may merge into t's) and t itself (its
// room may take related or teacherless interns exactly, see pull).
func (s *tState) freed(t int) {
	for _, v := range s.visits[t] {
		s.mark(int(v.b))
	}
	if !s.tDirty[t] {
		s.tDirty[t] = true
		s.tQueue = append(s.tQueue, int32(t))
	}
}

// setCnt changes the mentees of teacher t in block b by k, keeping visits.
func (s *tState) setCnt(b, t int, k int64) {
	nt := len(s.p.cap)
	i := b*nt + t
	was := s.cnt[i]
	s.cnt[i] += k
	switch {
	case was == 0 && s.cnt[i] > 0:
		s.pos[i] = int32(len(s.visits[t]))
		s.visits[t] = append(s.visits[t], visit{b: int32(b)})
	case was > 0 && s.cnt[i] == 0:
		v := s.visits[t]
		j := s.pos[i]
		last := v[len(v)-1]
		v[j] = last
		s.pos[int(last.b)*nt+t] = j
		s.visits[t] = v[:len(v)-1]
		s.pos[i] = -1
	}
	if s.cnt[i] > 0 {
		s.visits[t][s.pos[i]].cnt = int32(s.cnt[i])
	}
}

// shift moves k interns of unit u from arc a to arc a2 (a or a2 may be -1:
// no teacher) and returns the change in cost. It queues the blocks whose
// moves the change may affect and logs the shift when logging.
func (s *tState) shift(u, a, a2 int, k int64) int64 {
	p := s.p
	b := p.units[u].block
	if s.logging {
		s.log = append(s.log, shiftRec{int32(u), int32(a), int32(a2), k})
	}
	s.mark(b)
	var d int64
	if a >= 0 {
		arc := p.units[u].arcs[a]
		s.x[u][a] -= k
		s.load[arc.t] -= k
		s.served[u] -= k
		s.rel[u] -= arc.rel * k
		s.rcnt[b*len(p.cap)+arc.t] -= arc.rel * k
		s.setCnt(b, arc.t, -k)
		d -= p.related * arc.rel * k
		if s.cnt[b*len(p.cap)+arc.t] == 0 {
			d -= p.visit
		}
	} else {
		d -= p.missing * k
	}
	if a2 >= 0 {
		arc := p.units[u].arcs[a2]
		if s.cnt[b*len(p.cap)+arc.t] == 0 {
			d += p.visit
		}
		s.x[u][a2] += k
		s.load[arc.t] += k
		s.served[u] += k
		s.rel[u] += arc.rel * k
		s.rcnt[b*len(p.cap)+arc.t] += arc.rel * k
		s.setCnt(b, arc.t, k)
		d += p.related * arc.rel * k
	} else {
		d += p.missing * k
	}
	if a >= 0 {
		s.freed(p.units[u].arcs[a].t)
	}
	s.cost += d
	return d
}

// undo reverts the logged shifts, last first, and empties the log.
func (s *tState) undo() {
	logging := s.logging
	s.logging = false
	for i := len(s.log) - 1; i >= 0; i-- {
		r := s.log[i]
		s.shift(int(r.u), int(r.a2), int(r.a), r.k)
	}
	s.log = s.log[:0]
	s.logging = logging
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

// portions appends to dst the portions of teacher t's group in block b,
// in unit order, and reports whether one of them is related.
func (s *tState) portions(dst []portion, b, t int) ([]portion, bool) {
	hasRel := false
	for _, u := range s.p.blocks[b].units {
		if a := s.arcOf[u][t]; a >= 0 && s.x[u][a] > 0 {
			rel := s.p.units[u].arcs[a].rel
			dst = append(dst, portion{u, s.x[u][a], rel})
			hasRel = hasRel || rel == 1
		}
	}
	return dst, hasRel
}

// groupGain is groupDelta's relDelta and ok for a group given by its
// portions: moving it to teacher t2 changes the related pairings' cost by
// rd; ok is false when t2 cannot take one of its units.
func (s *tState) groupGain(group []portion, t2 int) (rd int64, ok bool) {
	p := s.p
	for _, q := range group {
		a2 := s.arcOf[q.u][t2]
		if a2 < 0 {
			return 0, false
		}
		rd += p.related * (p.units[q.u].arcs[a2].rel - q.rel) * q.f
	}
	return rd, true
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

// descend applies improving moves to queued blocks until the queue is
// empty or the budget of move evaluations is spent; it reports the
// evaluations used.
func (s *tState) descend(budget int) int {
	evals := 0
	for evals < budget {
		if s.head < len(s.queue) {
			b := s.queue[s.head]
			s.head++
			s.dirty[b] = false
			evals += 1 + s.improveBlock(int(b))
			if s.head > 1024 && s.head*2 > len(s.queue) {
				n := copy(s.queue, s.queue[s.head:])
				s.queue, s.head = s.queue[:n], 0
			}
			continue
		}
		n := len(s.tQueue)
		if n == 0 {
			break
		}
		t := s.tQueue[n-1]
		s.tQueue = s.tQueue[:n-1]
		s.tDirty[t] = false
		evals += 1 + s.pull(int(t))
	}
	return evals
}

// pull moves into teacher t, while it has room, the first portion of a
// unit it may take exactly whose move there pays: related interns (or,
// with room for all of them, teacherless ones). It reports the
// evaluations used.
func (s *tState) pull(t int) int {
	p := s.p
	nt := len(p.cap)
	evals := 0
	for _, u32 := range s.exact[t] {
		u := int(u32)
		room := p.cap[t] - s.load[t]
		if room <= 0 {
			break
		}
		n := p.units[u].n()
		if s.rel[u] == 0 && s.served[u] == n {
			continue
		}
		b := p.units[u].block
		a2 := int(s.arcOf[u][t])
		open := p.visit
		if s.cnt[b*nt+t] > 0 {
			open = 0
		}
		if miss := n - s.served[u]; miss > 0 {
			evals++
			k := min(miss, room)
			if open-p.missing*k < 0 {
				s.shift(u, -1, a2, k)
				s.tDirty[t] = true
				s.tQueue = append(s.tQueue, int32(t))
				return evals
			}
		}
		for a, arc := range p.units[u].arcs {
			f := s.x[u][a]
			if arc.rel == 0 || f == 0 || f > room {
				continue
			}
			evals++
			d := open - p.related*f
			if s.cnt[b*nt+arc.t] == f {
				d -= p.visit
			}
			if d < 0 {
				s.shift(u, a, a2, f)
				s.tDirty[t] = true
				s.tQueue = append(s.tQueue, int32(t))
				return evals
			}
		}
	}
	return evals
}

// improveBlock applies the first improving move of block b, if any (the
// move queues b again), and reports the evaluations used.
func (s *tState) improveBlock(b int) int {
	p := s.p
	nt := len(p.cap)
	evals := 0
	// Group moves. A group without related interns gains nothing from a
	// teacher who does not visit b yet: only merges are priced for it.
	for _, t := range s.elig[b] {
		g := s.cnt[b*nt+t]
		if g == 0 {
			continue
		}
		// The group's portions, once: (unit, interns, related or not).
		var hasRel bool
		s.group, hasRel = s.portions(s.group[:0], b, t)
		for _, t2 := range s.elig[b] {
			if t2 == t || (!hasRel && s.cnt[b*nt+t2] == 0) {
				continue // no gain: checked before pricing, it is the common case
			}
			if need := s.load[t2] + g - p.cap[t2]; need > 0 {
				if s.cnt[b*nt+t2] > 0 {
					e, ok := s.mergeMakingRoom(b, t, t2, need, s.group)
					evals += e
					if ok {
						return evals
					}
				}
				continue
			}
			evals++
			rd, ok := s.groupGain(s.group, t2)
			if !ok {
				continue
			}
			d := rd - p.visit
			if s.cnt[b*nt+t2] == 0 {
				d += p.visit
			}
			if d < 0 {
				s.moveGroup(b, t, t2)
				return evals
			}
		}
	}
	// Portion moves, missing interns, and dropping a portion.
	for _, u := range p.blocks[b].units {
		un := &p.units[u]
		for a := -1; a < len(un.arcs); a++ {
			var f int64
			if a < 0 {
				f = un.n() - s.served[u]
			} else {
				f = s.x[u][a]
			}
			if f == 0 {
				continue
			}
			if a >= 0 {
				// What leaving arc a saves; every destination then adds
				// a cost ≥ 0, so when it saves nothing no move of this
				// portion pays: its evaluations are counted as the loop
				// below would count them, and skipped.
				arc := un.arcs[a]
				if p.related*arc.rel*f == 0 && (s.cnt[b*nt+arc.t] != f || p.visit == 0) {
					evals += len(un.arcs)
					continue
				}
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
					return evals
				}
			}
		}
	}
	// Swaps of groups between two teachers in b and another block: t2
	// must be eligible in b and t1 in the other block, so only the blocks
	// t2 visits are scanned.
	for _, t1 := range s.elig[b] {
		g1 := s.cnt[b*nt+t1]
		if g1 == 0 {
			continue
		}
		room1 := p.cap[t1] - s.load[t1] + g1 // t1 may take g2 ≤ room1 after giving g1
		w1, bit1 := t1/64, uint64(1)<<(t1%64)
		grouped := false // t1's portions in b are listed once, when first needed
		for _, t2 := range s.elig[b] {
			if t2 == t1 {
				continue
			}
			least := g1 - (p.cap[t2] - s.load[t2]) // t2 must give g2 ≥ least to take g1
			opens2 := int64(0)                     // t2 opens a visit to b
			if s.cnt[b*nt+t2] == 0 {
				opens2 = p.visit
			}
			priced := false // r1 is computed once per t2, when first needed
			var r1 int64
			for _, v := range s.visits[t2] {
				b2, g2 := int(v.b), int64(v.cnt)
				if b2 == b {
					continue
				}
				if g2 > room1 || g2 < least {
					continue
				}
				evals++
				if !priced {
					var ok1 bool
					if !grouped {
						s.group, _ = s.portions(s.group[:0], b, t1)
						grouped = true
					}
					if r1, ok1 = s.groupGain(s.group, t2); !ok1 {
						break // t2 cannot take t1's group in b at all
					}
					priced = true
				}
				// Cheap rejections before pricing t2's group in b2 (they
				// skip only swaps the full pricing would reject): t1 is
				// eligible for none of b2's units, or even with every
				// related intern of that group made exact the swap does
				// not pay.
				if s.eligBits[b2*s.eligW+w1]&bit1 == 0 {
					continue
				}
				d := r1 - 2*p.visit + opens2
				if s.cnt[b2*nt+t1] == 0 {
					d += p.visit
				}
				if d-p.related*s.rcnt[b2*nt+t2] >= 0 {
					continue
				}
				_, r2, ok2 := s.groupDelta(b2, t2, t1)
				if !ok2 {
					continue
				}
				if d += r2; d < 0 {
					s.moveGroup(b, t1, t2)
					s.moveGroup(b2, t2, t1)
					return evals
				}
			}
		}
	}
	return evals
}

// mergeMakingRoom tries to merge the group of t in block b (its portions
// group) into t2's group there although t2 lacks need places: it first hands need of t2's
// interns in another block to a teacher who visits that block too and has
// the room (an ejection chain of length two; the partial shift is what
// whole-group moves cannot do). It applies the first such compound move
// that pays and reports the evaluations used and whether it moved.
func (s *tState) mergeMakingRoom(b, t, t2 int, need int64, group []portion) (int, bool) {
	p := s.p
	nt := len(p.cap)
	rd, ok := s.groupGain(group, t2)
	if !ok {
		return 1, false
	}
	merge := rd - p.visit // t2 already visits b
	evals := 1
	for _, v := range s.visits[t2] {
		b2 := int(v.b)
		if b2 == b {
			continue
		}
		for _, u := range p.blocks[b2].units {
			a := s.arcOf[u][t2]
			if a < 0 || s.x[u][a] < need {
				continue
			}
			relFrom := p.units[u].arcs[a].rel
			closes := int64(0)
			if s.cnt[b2*nt+t2] == need {
				closes = p.visit
			}
			for _, a3 := range p.units[u].arcs {
				t3 := a3.t
				if t3 == t2 || s.cnt[b2*nt+t3] == 0 {
					continue
				}
				room := p.cap[t3] - s.load[t3]
				if t3 == t {
					room += s.cnt[b*nt+t]
				}
				if room < need {
					continue
				}
				evals++
				d := merge + p.related*(a3.rel-relFrom)*need - closes
				if d < 0 {
					s.shift(u, int(a), int(s.arcOf[u][t3]), need)
					s.moveGroup(b, t, t2)
					return evals, true
				}
			}
		}
	}
	return evals, false
}

// perturb moves up to three used groups to random teachers that can take
// them, ignoring the cost. Where the teacher drawn has no room for the
// group, it swaps the group for one of that teacher's, drawn at random,
// when each teacher can take the other's: where teachers are nearly full
// a move rarely fits, a swap often does.
func (s *tState) perturb(rng *rand.Rand) {
	p := s.p
	nt := len(p.cap)
	for range 3 {
		t := -1
		for range 8 {
			if c := rng.IntN(nt); len(s.visits[c]) > 0 {
				t = c
				break
			}
		}
		if t < 0 {
			continue
		}
		b := int(s.visits[t][rng.IntN(len(s.visits[t]))].b)
		el := s.elig[b]
		for range 8 {
			t2 := el[rng.IntN(len(el))]
			if t2 == t {
				continue
			}
			size, _, ok := s.groupDelta(b, t, t2)
			if !ok {
				continue
			}
			if s.load[t2]+size <= p.cap[t2] {
				s.moveGroup(b, t, t2)
				break
			}
			if len(s.visits[t2]) == 0 {
				continue
			}
			b2 := int(s.visits[t2][rng.IntN(len(s.visits[t2]))].b)
			if b2 == b {
				continue
			}
			size2, _, ok := s.groupDelta(b2, t2, t)
			if !ok || s.load[t2]+size-size2 > p.cap[t2] || s.load[t]-size+size2 > p.cap[t] {
				continue
			}
			s.moveGroup(b2, t2, t)
			s.moveGroup(b, t, t2)
			break
		}
	}
}

// The iterated local search also stops after max(stallRounds,
// stallPerBlock × blocks) rounds without a better plan. With swaps in
// perturb, half the stall of moves alone (2,000 and 100) finds the same
// plans: the teacher side of six generated 4,000-student cities after the
// search 172,900 → 172,210 in 2.45 → 2.14 s, of three 12,000-student
// cities 111,470 → 111,030 in 1.64 → 1.33 s, of 40,000-student cities
// 268,880 → 266,720 (15 schools) and 378,060 → 376,590 (27 schools) in
// the same time (docs/scaling.md).
const (
	stallRounds   = 1000
	stallPerBlock = 50
)

// pastDeadline reports whether the time limit, if any, has passed.
func (p *teacherProblem) pastDeadline() bool {
	return !p.deadline.IsZero() && time.Now().After(p.deadline)
}

// iterate runs iterated local search from s for the given rounds, or
// until budget move evaluations are spent (a count, not a clock, so the
// result is deterministic), or after a long stall (see stallRounds), and
// leaves s at the best plan found. A round is kept when its plan is no
// worse (so the search drifts on plateaus), else undone from its log.
func (s *tState) iterate(rounds int, seed uint64, budget int) *tState {
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	s.markAll()
	spent := s.descend(budget)
	s.clearQueue()
	lastImp := 0
	for r := 0; r < rounds && s.cost > 0 && spent < budget; r++ {
		if r%64 == 63 && s.p.pastDeadline() {
			break
		}
		if r-lastImp > max(stallRounds, stallPerBlock*len(s.p.blocks)) {
			break
		}
		best := s.cost
		s.logging = true
		s.perturb(rng)
		spent += 1 + s.descend(budget-spent)
		s.logging = false
		s.clearQueue()
		if s.cost < best {
			lastImp = r
		}
		if s.cost <= best {
			s.log = s.log[:0]
		} else {
			s.undo()
			s.clearQueue()
		}
	}
	return s
}
