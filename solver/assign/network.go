package assign

import (
	"fmt"
	"slices"
	"strconv"

	"placement/model"
	"placement/solver/flow"
)

// The stage-1 network. A unit of flow is a student; its path prices the
// placement, so the path cost is −v(i,p) and a student who goes straight
// to the sink stays unassigned at cost 0:
//
//	student kind ──(−award)──▶ class (specialty, level, home district)
//	    │                         │ (+per_km × km; only districts within the commute limit)
//	    │                         ▼
//	    │                      reach (specialty, level, enterprise district)
//	    │                         │ (−placement − exact/related points; filters 1–2)
//	    │                         ▼
//	    ├──(−v incl. preference/order bonus)──▶ post kind (enterprise, specialty, min_level, accepts_related)
//	    │                                         │ (capacity left after pins)
//	    │                                         ▼
//	    │                                      enterprise ──(−quota_bonus, cap quota left)──▶ sink
//	    │                                         └─────────(0, cap ∞)──────────────────────▶ sink
//	    └──(0)──▶ sink   (unassigned)
//
// Why it is exact: v(i,p) is award + (−km) + specialty points + placement +
// preference and order bonuses; the first three depend only on the award,
// the (home, enterprise) districts and the (student, post) specialties, so
// the layered path through class and reach nodes has exactly the cost of a
// direct arc, and the eligibility filters cut the same pairs (specialty and
// level at reach→kind, commute at class→reach). Preferences and the
// prefer-mode order bonus depend on the student and the enterprise, so a
// student who has them also gets direct arcs to those enterprises' post
// kinds priced with the bonus; the layered route to the same kind is never
// dearer than the direct one, as the bonuses are ≥ 0 (checkWeights), so
// the optimum is unchanged. Under strict order class a sponsored student
// has only the direct arcs to the sponsor. Students identical in every
// field the objective and the filters read form one kind with supply =
// their number; posts of one kind at one enterprise are interchangeable.
// The quota bonus is concave in filled(e) (bonus ≥ 0), so two parallel
// arcs model min(filled, quota) exactly: the cheaper one fills first.
type network struct {
	ix  *index
	pol model.Policy
	w   *model.Weights
	g   *flow.Graph

	constant int64 // worth of the pins: their values and the quota bonus they earn

	pinPost    []int32 // post of each pinned student, -1 when not pinned
	postRoom   []int64 // capacity of each post left after pins
	pinsAt     []int   // pins at each enterprise
	quota      []int
	kinds      []postKind
	kindsAt    [][]int32 // post kinds of each enterprise
	kindsByDS  [][]int32 // post kinds by enterprise district × post specialty
	specsOfGrp [][]int32
	supplies   []supply
	classes    map[[3]int32]int32 // (spec, level, district) → class node
	reaches    map[[3]int32]int32 // (spec, level, enterprise district) → reach node

	// What the eligibility filters found while the network was built, for
	// the reasons of unassigned students (see reason): the post kinds that
	// pass every filter whatever their room, by reach key; the reach keys
	// with such kinds, by class node; and the sponsor's such kinds, by
	// student under strict order class.
	reachElig   map[[3]int32][]int32
	classElig   map[int32][][3]int32
	sponsorElig map[int32][]int32

	entsBuf    []int32     // directArcs' scratch
	directBuf  []directArc // directArcs' scratch: its result
	classOrder []int32     // class nodes in creation order
	reachOrder []int32     // reach nodes in creation order
	out        [][]int32   // out-arcs of each node, in decode order
	sink       int

	keep     *keepPlan // nil unless re-planning
	kindOf   []int32   // post kind of each post
	keptPins int       // pinned students whose pin is their previous post
	entNode  []int     // node of each enterprise
	// boost is Settings.Boost: extra value of a student at every post,
	// added on each of its kind's arcs but the one to the sink.
	boost map[int]int64
}

type postKind struct {
	ent            int32
	spec           int32
	minLevel       model.Level
	acceptsRelated bool
	posts          []int32
	room           int64
	node           int
}

// supply is a student kind: students the objective cannot tell apart.
type supply struct {
	students []int32 // sorted by studentLess
	node     int
}

func buildNetwork(ix *index, pol model.Policy, w *model.Weights, keep *keepPlan) (*network, error) {
	return buildNetworkBoost(ix, pol, w, keep, nil)
}

// buildNetworkBoost is buildNetwork with Settings.Boost.
func buildNetworkBoost(ix *index, pol model.Policy, w *model.Weights, keep *keepPlan, boost map[int]int64) (*network, error) {
	nw, err := newNetwork(ix, pol, w)
	if err != nil {
		return nil, err
	}
	nw.boost = boost
	r := ix.r
	if nw.keep = keep; keep != nil {
		for i, q := range nw.pinPost {
			if q >= 0 && q == keep.post[i] {
				nw.keptPins++
				nw.constant += keep.bonus
			}
		}
	}
	nw.groupPosts()
	entNode := make([]int, len(r.Enterprises))
	nw.entNode = entNode
	for e := range r.Enterprises {
		var room int64
		for _, k := range nw.kindsAt[e] {
			room += nw.kinds[k].room
		}
		entNode[e] = nw.addEnterprise(e, room)
	}
	for k := range nw.kinds {
		pk := &nw.kinds[k]
		pk.node = nw.addNode()
		if pk.room > 0 {
			nw.g.AddArc(pk.node, entNode[pk.ent], pk.room, 0)
		}
	}
	nw.addSupplies()
	return nw, nil
}

// newNetwork starts a network with only the sink, and places the pins.
func newNetwork(ix *index, pol model.Policy, w *model.Weights) (*network, error) {
	r := ix.r
	nw := &network{
		ix: ix, pol: pol, w: w,
		g:        flow.NewGraph(1),
		pinPost:  make([]int32, len(r.Students)),
		postRoom: make([]int64, len(r.Posts)),
		pinsAt:   make([]int, len(r.Enterprises)),
		quota:    make([]int, len(r.Enterprises)),
		kindsAt:  make([][]int32, len(r.Enterprises)),
		classes:  map[[3]int32]int32{},
		reaches:  map[[3]int32]int32{},

		reachElig:   map[[3]int32][]int32{},
		classElig:   map[int32][][3]int32{},
		sponsorElig: map[int32][]int32{},
		out:         [][]int32{nil},
	}
	if err := nw.placePins(); err != nil {
		return nil, err
	}
	return nw, nil
}

// addEnterprise adds enterprise e's node and its two arcs to the sink: the
// first quota(e) − pins units earn the quota bonus, the rest nothing.
func (nw *network) addEnterprise(e int, room int64) int {
	u := nw.addNode()
	left := max(0, nw.quota[e]-nw.pinsAt[e])
	if left > 0 && nw.w.QuotaBonus > 0 {
		nw.g.AddArc(u, nw.sink, int64(left), -int64(nw.w.QuotaBonus))
	}
	if room > 0 {
		nw.g.AddArc(u, nw.sink, room, 0)
	}
	return u
}

func (nw *network) addNode() int {
	nw.out = append(nw.out, nil)
	return nw.g.AddNode()
}

func (nw *network) addArc(u, v int, c, cost int64) int32 {
	a := int32(nw.g.AddArc(u, v, c, cost))
	nw.out[u] = append(nw.out[u], a)
	return a
}

// placePins fixes the officers' pins: they take capacity and count towards
// their enterprise's quota before anything is optimized.
func (nw *network) placePins() error {
	ix, r := nw.ix, nw.ix.r
	for i := range nw.pinPost {
		nw.pinPost[i] = -1
	}
	for q, p := range r.Posts {
		nw.postRoom[q] = int64(p.Capacity)
	}
	for e := range r.Enterprises {
		nw.quota[e] = model.Quota(&r.Enterprises[e], nw.pol.QuotaBasisPoints)
	}
	for _, pin := range r.Pins {
		i, knownStudent := ix.Student[pin.StudentID]
		q, knownPost := ix.Post[pin.PostID]
		if !knownStudent || !knownPost {
			return fmt.Errorf("%w: %s: pin %s→%s names an unknown student or post", ErrInput, pin.Pos, pin.StudentID, pin.PostID)
		}
		if nw.pinPost[i] >= 0 {
			return fmt.Errorf("%w: %s: student %s is pinned twice", ErrInput, pin.Pos, pin.StudentID)
		}
		if nw.postRoom[q] == 0 {
			return fmt.Errorf("%w: %s: pin over-fills post %s", ErrInput, pin.Pos, pin.PostID)
		}
		nw.pinPost[i] = q
		nw.postRoom[q]--
		e := ix.PostEnt[q]
		nw.pinsAt[e]++
		m, km := ix.eligible(int(i), int(q), nw.pol)
		if m == model.MatchNone {
			km, _ = ix.Km(ix.StuDistrict[i], ix.EntDistrict[e])
		}
		nw.constant += value(nw.w, nw.pol, r.Students[i].Award, m, ix.prefRank(int(i), e), km, ix.StuSponsor[i] == e)
	}
	for e := range r.Enterprises {
		nw.constant += int64(nw.w.QuotaBonus) * int64(min(nw.pinsAt[e], nw.quota[e]))
	}
	return nil
}

// groupPosts merges posts of one kind at one enterprise.
func (nw *network) groupPosts() {
	ix, r := nw.ix, nw.ix.r
	type key struct {
		ent, spec int32
		min       model.Level
		rel       bool
	}
	seen := map[key]int32{}
	nw.kindOf = make([]int32, len(r.Posts))
	for q, p := range r.Posts {
		k := key{ix.PostEnt[q], ix.PostSpec[q], p.MinLevel, p.AcceptsRelated}
		id, ok := seen[k]
		if !ok {
			id = int32(len(nw.kinds))
			seen[k] = id
			nw.kinds = append(nw.kinds, postKind{ent: k.ent, spec: k.spec, minLevel: k.min, acceptsRelated: k.rel})
			nw.kindsAt[k.ent] = append(nw.kindsAt[k.ent], id)
		}
		nw.kindOf[q] = id
		nw.kinds[id].posts = append(nw.kinds[id].posts, int32(q))
		nw.kinds[id].room += nw.postRoom[q]
	}
	nspec := len(r.Specialties)
	nw.kindsByDS = make([][]int32, ix.Dist.Len()*nspec)
	for k, pk := range nw.kinds {
		if d := ix.EntDistrict[pk.ent]; d >= 0 {
			nw.kindsByDS[int(d)*nspec+int(pk.spec)] = append(nw.kindsByDS[int(d)*nspec+int(pk.spec)], int32(k))
		}
	}
	ngroups := int32(0)
	for _, g := range ix.SpecGroup {
		ngroups = max(ngroups, g+1)
	}
	nw.specsOfGrp = make([][]int32, ngroups)
	for s, g := range ix.SpecGroup {
		nw.specsOfGrp[g] = append(nw.specsOfGrp[g], int32(s))
	}
}

// addSupplies makes one node per student kind. Two students are of one
// kind when everything the network prices them by is equal: class
// (specialty, level, home district), award, and the direct arcs their
// preferences or sponsor give them (post kind and value), so a preference
// list that opens no eligible post does not split a kind.
func (nw *network) addSupplies() {
	ix, r := nw.ix, nw.ix.r
	// Students of one kind share a key. The map is sized for a city
	// where most students are alike in pairs: growing it while 150,000
	// keys go in cost more than the keys.
	kinds := make(map[string]int32, len(r.Students)/2)
	kindOf := make([]int32, len(r.Students))
	var counts []int32
	var arcs [][]directArc
	var buf []byte
	directs := 0
	for i := range r.Students {
		kindOf[i] = -1
		if nw.pinPost[i] >= 0 {
			continue
		}
		s := &r.Students[i]
		strict := nw.pol.OrderClass == model.OrderStrict && ix.StuSponsor[i] >= 0
		direct := nw.directArcs(i, strict)
		buf = buf[:0]
		for _, x := range []int64{int64(ix.StuSpec[i]), int64(s.Level), int64(ix.StuDistrict[i]), int64(s.Award)} {
			buf = strconv.AppendInt(buf, x, 36)
			buf = append(buf, ',')
		}
		if strict {
			buf = append(buf, 's')
		}
		if q := nw.keepPost(i); q >= 0 {
			buf = append(buf, 'k')
			buf = strconv.AppendInt(buf, int64(q), 36)
		}
		if b := nw.boost[i]; b != 0 {
			buf = append(buf, 'b')
			buf = strconv.AppendInt(buf, b, 36)
		}
		for _, d := range direct {
			buf = append(buf, ';')
			buf = strconv.AppendInt(buf, int64(d.kind), 36)
			buf = append(buf, ':')
			buf = strconv.AppendInt(buf, d.cost, 36)
		}
		id, ok := kinds[string(buf)]
		if !ok {
			id = int32(len(counts))
			kinds[string(buf)] = id
			counts = append(counts, 0)
			arcs = append(arcs, slices.Clone(direct)) // direct is scratch
			directs += len(direct)
		}
		kindOf[i] = id
		counts[id]++
	}
	// Each kind's students, in student order.
	lists := carve(counts)
	nw.supplies = make([]supply, len(counts))
	for id := range nw.supplies {
		nw.supplies[id].students = lists[id]
	}
	for i, id := range kindOf {
		if id >= 0 {
			nw.supplies[id].students = append(nw.supplies[id].students, int32(i))
		}
	}
	// The arcs about to go in, each kind's three at most besides its
	// direct ones, in one allocation.
	nw.g.Grow(directs + 3*len(counts))
	less := studentLess(r)
	var total int64
	for si := range nw.supplies {
		sp := &nw.supplies[si]
		slices.SortFunc(sp.students, less)
		sp.node = nw.addNode()
		n := int64(len(sp.students))
		nw.g.SetSupply(sp.node, n)
		total += n
		rep := int(sp.students[0])
		if q := nw.keepPost(rep); q >= 0 {
			m, km := ix.eligible(rep, int(q), nw.pol)
			e := ix.PostEnt[q]
			v := value(nw.w, nw.pol, r.Students[rep].Award, m, ix.prefRank(rep, e), km, ix.StuSponsor[rep] == e)
			nw.addArc(sp.node, nw.keepNode(q), min(n, nw.postRoom[q]), -(v + nw.keep.bonus + nw.boost[rep]))
		}
		for _, d := range arcs[si] {
			nw.addArc(sp.node, nw.kinds[d.kind].node, min(n, nw.kinds[d.kind].room), d.cost)
		}
		if !(nw.pol.OrderClass == model.OrderStrict && ix.StuSponsor[rep] >= 0) {
			class := nw.classNode(rep)
			nw.addArc(sp.node, int(class), n, -int64(nw.w.Award[r.Students[rep].Award])-nw.boost[rep])
		}
		nw.addArc(sp.node, nw.sink, n, 0) // unassigned
	}
	nw.g.SetSupply(nw.sink, -total)
}

// carve returns, for each count, an empty list with room for exactly that
// many, all carved from one array: one allocation instead of a slice grown
// an append at a time for each of tens of thousands of lists (appending
// past a list's count would reallocate it, not spill into the next).
func carve[T int32 | int64](counts []T) [][]int32 {
	var total int
	for _, n := range counts {
		total += int(n)
	}
	all := make([]int32, 0, total)
	lists := make([][]int32, len(counts))
	for i, n := range counts {
		if n > 0 {
			lists[i] = all[len(all) : len(all) : len(all)+int(n)]
			all = all[:len(all)+int(n)]
		}
	}
	return lists
}

type directArc struct {
	kind int32
	cost int64
}

// directArcs are the arcs that link student i straight to post kinds whose
// value for it differs from the layered route: the sponsor's under strict
// order class (its only choice), otherwise the preferred enterprises' and,
// in prefer mode, the sponsor's — each only when a bonus applies. Sorted by
// cost, then kind. The slice is scratch, valid until the next call.
func (nw *network) directArcs(i int, strict bool) []directArc {
	ix, r := nw.ix, nw.ix.r
	ents := nw.entsBuf[:0]
	if strict {
		ents = append(ents, ix.StuSponsor[i])
	} else {
		for _, p := range r.Students[i].Preferences {
			ents = append(ents, ix.Enterprise[p])
		}
		if o := ix.StuSponsor[i]; o >= 0 && nw.pol.OrderClass == model.OrderPrefer && !slices.Contains(ents, o) {
			ents = append(ents, o)
		}
	}
	out := nw.directBuf[:0]
	for _, e := range ents {
		rank := ix.prefRank(i, e)
		atSponsor := ix.StuSponsor[i] == e
		if !strict && !(rank > 0 && rank <= len(nw.w.Preference) && nw.w.Preference[rank-1] > 0) &&
			!(atSponsor && nw.pol.OrderClass == model.OrderPrefer && nw.w.OrderPrefer > 0) {
			continue // no bonus: the layered route prices it the same
		}
		for _, k := range nw.kindsAt[e] {
			pk := &nw.kinds[k]
			m, km := ix.eligible(i, int(pk.posts[0]), nw.pol)
			if m == model.MatchNone {
				continue
			}
			if strict {
				nw.sponsorElig[int32(i)] = append(nw.sponsorElig[int32(i)], k)
			}
			if pk.room == 0 {
				continue
			}
			v := value(nw.w, nw.pol, r.Students[i].Award, m, rank, km, atSponsor)
			out = append(out, directArc{k, -v - nw.boost[i]})
		}
	}
	slices.SortFunc(out, func(a, b directArc) int {
		if a.cost != b.cost {
			return cmpInt64(a.cost, b.cost)
		}
		return int(a.kind - b.kind)
	})
	nw.entsBuf, nw.directBuf = ents, out
	return out
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// classNode returns the class node of student i's (specialty, level, home
// district), creating it and its arcs to reach nodes on first use.
func (nw *network) classNode(i int) int32 {
	ix := nw.ix
	level := ix.r.Students[i].Level
	k := [3]int32{ix.StuSpec[i], int32(level), ix.StuDistrict[i]}
	if c, ok := nw.classes[k]; ok {
		return c
	}
	c := int32(nw.addNode())
	nw.classes[k] = c
	nw.classOrder = append(nw.classOrder, c)
	type cand struct {
		reach int32
		km    int
	}
	var cands []cand
	for d := 0; d < ix.Dist.Len(); d++ {
		km, ok := ix.Km(k[2], int32(d))
		if !ok || !commuteOK(km, nw.pol) {
			continue
		}
		rk := [3]int32{k[0], int32(level), int32(d)}
		if rn := nw.reachNode(k[0], level, int32(d)); rn >= 0 {
			cands = append(cands, cand{rn, km})
		}
		if len(nw.reachElig[rk]) > 0 {
			nw.classElig[c] = append(nw.classElig[c], rk)
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return a.km - b.km })
	for _, cd := range cands {
		nw.addArc(int(c), int(cd.reach), int64(len(ix.r.Students)), int64(nw.w.PerKm)*int64(cd.km))
	}
	return c
}

// reachNode returns the node through which students of (spec, level) reach
// the post kinds of enterprises in district d, or -1 when none would take
// them.
func (nw *network) reachNode(spec int32, level model.Level, d int32) int32 {
	k := [3]int32{spec, int32(level), d}
	if rn, ok := nw.reaches[k]; ok {
		return rn
	}
	ix := nw.ix
	type cand struct {
		kind int32
		cost int64
	}
	var cands []cand
	nspec := len(ix.r.Specialties)
	for _, s := range nw.specsOfGrp[ix.SpecGroup[spec]] {
		for _, kk := range nw.kindsByDS[int(d)*nspec+int(s)] {
			pk := &nw.kinds[kk]
			if !levelOK(level, pk.minLevel) {
				continue
			}
			m := ix.SpecialtyMatch(spec, pk.spec, pk.acceptsRelated)
			if m == model.MatchNone {
				continue
			}
			nw.reachElig[k] = append(nw.reachElig[k], kk)
			if pk.room == 0 {
				continue
			}
			cost := -int64(nw.w.Placement)
			if m == model.MatchExact {
				cost -= int64(nw.w.ExactSpecialty)
			} else {
				cost -= int64(nw.w.RelatedSpecialty)
			}
			cands = append(cands, cand{kk, cost})
		}
	}
	if len(cands) == 0 {
		nw.reaches[k] = -1
		return -1
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.cost != b.cost {
			return cmpInt64(a.cost, b.cost)
		}
		return int(a.kind - b.kind)
	})
	rn := int32(nw.addNode())
	nw.reaches[k] = rn
	nw.reachOrder = append(nw.reachOrder, rn)
	for _, c := range cands {
		nw.addArc(int(rn), nw.kinds[c.kind].node, nw.kinds[c.kind].room, c.cost)
	}
	return rn
}
