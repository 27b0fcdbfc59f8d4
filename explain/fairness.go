package explain

import (
	"cmp"
	"slices"

	"placement/model"
)

// Envy is one case of justified envy (the fairness audit): student A is
// eligible for post P held by student B, A ranks P's enterprise above its
// own result (its preferences first, then unlisted enterprises, then being
// unplaced), and A has priority over B (a higher award level, or the same
// award and a higher score).
type Envy struct {
	Student, Post, Holder     int // A, P, B as roster indexes
	StudentValue, HolderValue int64
	StudentPost               int   // A's post, -1 unplaced
	StudentCurrentValue       int64 // A's value at its post; 0 unplaced
	HolderPinned              bool
	Cost                      int64 // what placing A at P would cost Z (exact, see CostToPlan)
	HasCost                   bool  // false without prices, for a pinned A, or past the search budget
}

// Audit is the fairness audit: how many cases there are, and the first
// MaxRows of them (by A's id, then P's, then B's) with their costs.
type Audit struct {
	Cases    int // every case of justified envy
	Students int // distinct students A with a case
	Rows     []Envy
}

// DefaultMaxRows is the number of cases an audit lists when the caller
// sets no limit. A large city can have hundreds of millions of cases
// (every unplaced student envies every eligible post held by someone of
// lower priority); the count is always exact.
const DefaultMaxRows = 200_000

// searchBudget caps the work of the cost searches of one audit (nodes
// settled plus arcs scanned, see assign.Duals.MoveCostsBudget): 10 times
// the network's size, at least 2·10⁷. Costs past it are left out (HasCost
// false), so the audit of a province stays about linear. The cap is a
// count, so the result does not depend on the machine.
const (
	searchBudget    = 10
	minSearchBudget = 20_000_000
)

// rankOf is where enterprise ent stands in student s's order: its 1-based
// place in the preferences, len+1 when not listed (unplaced is len+2).
func rankOf(s *model.Student, ent string) int {
	if k := slices.Index(s.Preferences, ent); k >= 0 {
		return k + 1
	}
	return len(s.Preferences) + 1
}

// Fairness audits the plan for justified envy. It counts every case and
// lists the first maxRows (0: DefaultMaxRows), ordered by A, then P, then
// B, each with both students' values at P and what placing A at P would
// cost the plan. The optimum maximizes total value, so some envy is the
// price of a better plan overall: the cost says how much.
func (p *Plan) Fairness(maxRows int) *Audit {
	if maxRows <= 0 {
		maxRows = DefaultMaxRows
	}
	r := p.sc.Roster
	ix := r.Index()
	// Priority as one sortable number: the award level, then the score
	// (scores are 0 … 100, so award × 1000 + score orders them the same).
	prio := make([]float64, len(r.Students))
	for i := range r.Students {
		prio[i] = float64(r.Students[i].Award)*1000 + r.Students[i].Score
	}
	// Holders of each post by priority, lowest first, to count those below
	// a student by binary search.
	byPrio := make([][]int, len(r.Posts))
	keys := make([][]float64, len(r.Posts))
	for q, hs := range p.holders {
		if len(hs) == 0 {
			continue
		}
		byPrio[q] = slices.Clone(hs)
		slices.SortFunc(byPrio[q], func(a, b int) int { return cmp.Compare(prio[a], prio[b]) })
		keys[q] = make([]float64, len(hs))
		for k, h := range byPrio[q] {
			keys[q][k] = prio[h]
		}
	}
	below := func(a, q int) int {
		n, _ := slices.BinarySearch(keys[q], prio[a])
		return n
	}
	// Held posts by specialty group and by enterprise, in id order.
	byGroup := map[int32][]int{}
	entPosts := make([][]int, len(r.Enterprises))
	posts := make([]int, 0, len(r.Posts))
	for q := range r.Posts {
		if len(p.holders[q]) > 0 {
			posts = append(posts, q)
		}
	}
	slices.SortFunc(posts, func(a, b int) int { return cmp.Compare(r.Posts[a].ID, r.Posts[b].ID) })
	for _, q := range posts {
		g := ix.SpecGroup[ix.PostSpec[q]]
		byGroup[g] = append(byGroup[g], q)
		entPosts[ix.PostEnt[q]] = append(entPosts[ix.PostEnt[q]], q)
	}
	// Unplaced students of one class (specialty, level, district, sponsor)
	// are eligible for the same posts.
	type classKey struct {
		spec, district, sponsor int32
		level                   model.Level
	}
	eligibleOf := map[classKey][]int{}
	// The priorities of every holder of a class's eligible posts, sorted:
	// an unplaced student's count of cases is one binary search in it
	// (once the listing is full, only the count is needed).
	holdersOf := map[classKey][]float64{}
	students := make([]int, len(r.Students))
	for i := range students {
		students[i] = i
	}
	slices.SortFunc(students, func(a, b int) int { return cmp.Compare(r.Students[a].ID, r.Students[b].ID) })

	// The cases are counted first, and the (A, P) pairs to list kept as
	// hits; the rows are then made in an array of their exact size (a
	// guess, grown, touched twice its memory: a tenth of a fresh
	// process's page faults at 4,000 students).
	type hit struct{ a, q, n int32 }
	var hits []hit
	listed := 0 // rows the hits will make: at most maxRows
	au := &Audit{}
	var cands []int
	for _, a := range students {
		s := &r.Students[a]
		own := p.post[a]
		cands = cands[:0]
		if own < 0 {
			k := classKey{ix.StuSpec[a], ix.StuDistrict[a], ix.StuSponsor[a], s.Level}
			el, ok := eligibleOf[k]
			if !ok {
				for _, q := range byGroup[ix.SpecGroup[ix.StuSpec[a]]] {
					if p.eligible(a, q) {
						el = append(el, q)
					}
				}
				eligibleOf[k] = el
			}
			if listed >= maxRows {
				hs, ok := holdersOf[k]
				if !ok {
					for _, q := range el {
						hs = append(hs, keys[q]...)
					}
					slices.Sort(hs)
					holdersOf[k] = hs
				}
				if n, _ := slices.BinarySearch(hs, prio[a]); n > 0 {
					au.Cases += n
					au.Students++
				}
				continue
			}
			cands = append(cands, el...)
		} else {
			ownRank := rankOf(s, r.Posts[own].EnterpriseID)
			for k, ent := range s.Preferences {
				if k+1 >= ownRank {
					break
				}
				for _, q := range entPosts[ix.Enterprise[ent]] {
					if p.eligible(a, q) {
						cands = append(cands, q)
					}
				}
			}
			slices.SortFunc(cands, func(x, y int) int { return cmp.Compare(r.Posts[x].ID, r.Posts[y].ID) })
		}
		had := false
		for _, q := range cands {
			if q == own {
				continue
			}
			n := below(a, q)
			if n == 0 {
				continue
			}
			au.Cases += n
			had = true
			if listed < maxRows {
				hits = append(hits, hit{int32(a), int32(q), int32(n)})
				listed = min(maxRows, listed+n)
			}
		}
		if had {
			au.Students++
		}
	}
	au.Rows = make([]Envy, 0, listed)
	var lower []int
	lastA, ownValue := -1, int64(0) // A's value at its own post, once per A
	for _, h := range hits {
		a, q, own := int(h.a), int(h.q), p.post[h.a]
		if a != lastA {
			lastA, ownValue = a, 0
			if own >= 0 {
				t, _ := p.price(a, own)
				ownValue = t.Value
			}
		}
		t, _ := p.price(a, q)
		lower = append(lower[:0], byPrio[q][:h.n]...)
		slices.SortFunc(lower, func(x, y int) int { return cmp.Compare(r.Students[x].ID, r.Students[y].ID) })
		for _, b := range lower {
			if len(au.Rows) >= maxRows {
				break
			}
			tb, _ := p.price(b, q)
			au.Rows = append(au.Rows, Envy{Student: a, Post: q, Holder: b, StudentValue: t.Value, HolderValue: tb.Value,
				StudentPost: own, StudentCurrentValue: ownValue, HolderPinned: p.pinned[b]})
		}
	}
	// What placing A at P costs: for a kind with an unplaced member no
	// search (assign.Duals.MoveCostsTo); for the others one search forward
	// from P's kind prices every student envying P (assign.Duals.CostsAt),
	// within the audit's budget. The searches run post by post, in the
	// order the posts first need one, each pricing its rows and then let
	// go: kept for the whole audit, their distances (hundreds of arrays
	// the size of the network) were the largest thing it held.
	if p.duals != nil {
		budget := max(int64(searchBudget)*int64(p.duals.Size()), minSearchBudget)
		byKind := map[int]func(int) (int64, bool){}
		var posts []int             // the posts needing a search, by first row
		rowsOf := map[int][]int32{} // their rows
		askers := map[int][]int{}   // the students the search must reach, so that it stops there
		for k := range au.Rows {
			e := &au.Rows[k]
			if p.pinned[e.Student] {
				continue
			}
			if !p.duals.NeedsSearch(e.Student) {
				kind := p.duals.Kind(e.Student)
				f, ok := byKind[kind]
				if !ok {
					f = p.duals.MoveCostsTo(e.Student, nil)
					byKind[kind] = f
				}
				e.Cost, e.HasCost = f(e.Post)
				continue
			}
			if _, ok := rowsOf[e.Post]; !ok {
				posts = append(posts, e.Post)
			}
			rowsOf[e.Post] = append(rowsOf[e.Post], int32(k))
			askers[e.Post] = append(askers[e.Post], e.Student)
		}
		for _, q := range posts {
			f, work := p.duals.CostsAt(q, askers[q], max(budget, 0))
			budget -= work
			for _, k := range rowsOf[q] {
				e := &au.Rows[k]
				e.Cost, e.HasCost = f(e.Student)
			}
		}
	}
	return au
}
