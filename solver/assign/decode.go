package assign

import (
	"slices"

	"placement/model"
)

// decode turns an optimal flow into named students at named posts. A flow
// says how many students of each kind take each arc; which of
// several interchangeable students takes which arc is the decode's choice,
// and it is made the same way at every node: the students there, best
// score first (then student id), take the node's arcs in order of value,
// best first. So among students the objective cannot tell apart, the one
// with the better score gets the better-valued post, and the
// lowest-scored stay unassigned. Processing follows the layers (kinds,
// classes, reaches, post kinds), which is a topological order.
func (nw *network) decode(f []int64) *Result {
	ix, r := nw.ix, nw.ix.r
	less := studentLess(r)
	// The students each node receives, their lists sized by the flow into
	// the node along the arcs push follows (carve).
	in := make([]int64, nw.g.N())
	for _, layer := range [][]int32{nw.classOrder, nw.reachOrder} {
		for _, u := range layer {
			nw.countInflow(int(u), f, in)
		}
	}
	for _, sp := range nw.supplies {
		nw.countInflow(sp.node, f, in)
	}
	at := carve(in)
	push := func(u int, students []int32) {
		for _, arc := range nw.out[u] {
			n := f[arc]
			if n == 0 {
				continue
			}
			_, v, _, _ := nw.g.Arc(int(arc))
			at[v] = append(at[v], students[:n]...)
			students = students[n:]
		}
	}
	for _, sp := range nw.supplies {
		push(sp.node, sp.students)
	}
	for _, layer := range [][]int32{nw.classOrder, nw.reachOrder} {
		for _, u := range layer {
			slices.SortFunc(at[u], less)
			push(int(u), at[u])
			at[u] = nil
		}
	}

	post := make([]int32, len(r.Students))
	copy(post, nw.pinPost)
	used := make([]int64, len(r.Posts))
	if nw.keep != nil {
		// Students who took a keep arc stay at their previous post; the
		// keep node's capacity (the post's room) makes room for all of them.
		for _, q := range nw.keep.order {
			for _, s := range at[nw.keep.nodes[q]] {
				post[s] = q
				used[q]++
			}
		}
	}
	for k := range nw.kinds {
		pk := &nw.kinds[k]
		students := at[pk.node]
		slices.SortFunc(students, less)
		for _, q := range pk.posts {
			for used[q] < nw.postRoom[q] && len(students) > 0 {
				post[students[0]] = q
				used[q]++
				students = students[1:]
			}
		}
	}

	placed := 0
	for _, q := range post {
		if q >= 0 {
			placed++
		}
	}
	out := &Result{
		Assignments: make([]Assignment, 0, placed),
		Unassigned:  make([]Unplaced, 0, len(r.Students)-placed),
		Enterprises: make([]EnterpriseOutcome, 0, len(r.Enterprises)),
	}
	filled := slices.Clone(nw.pinsAt)
	for i := range r.Students {
		q := post[i]
		if q < 0 {
			continue
		}
		e := ix.PostEnt[q]
		m, km := ix.eligible(i, int(q), nw.pol)
		if m == model.MatchNone {
			km, _ = ix.Km(ix.StuDistrict[i], ix.EntDistrict[e])
		}
		rank := ix.prefRank(i, e)
		a := Assignment{
			Student: i, Post: int(q), Enterprise: int(e),
			Specialty: m, Pinned: nw.pinPost[i] >= 0, PrefRank: rank, Km: km,
			Value: value(nw.w, nw.pol, r.Students[i].Award, m, rank, km, ix.StuSponsor[i] == e),
		}
		if !a.Pinned {
			filled[e]++
		}
		if nw.keep != nil && nw.keep.post[i] == q {
			a.Kept = true
			out.Kept++
		}
		out.Assignments = append(out.Assignments, a)
	}
	free := make([]int64, len(nw.kinds))
	for k := range nw.kinds {
		for _, q := range nw.kinds[k].posts {
			free[k] += nw.postRoom[q] - used[q]
		}
	}
	reasons := newReasoner(nw, free)
	for i := range r.Students {
		if post[i] < 0 {
			out.Unassigned = append(out.Unassigned, Unplaced{Student: i, Reason: reasons.why(i)})
		}
	}

	for e := range r.Enterprises {
		en := &r.Enterprises[e]
		o := EnterpriseOutcome{Enterprise: e, Quota: nw.quota[e], Filled: filled[e]}
		for _, k := range nw.kindsAt[e] {
			for _, q := range nw.kinds[k].posts {
				o.Offered += r.Posts[q].Capacity
			}
		}
		o.Shortfall = max(0, o.Quota-o.Filled)
		o.Compliant = o.Filled >= o.Quota
		if o.Compliant || !en.AboveScale {
			o.SubsidyYuan = int64(nw.pol.InternshipSubsidyYuan) * int64(o.Filled)
		}
		out.Enterprises = append(out.Enterprises, o)
	}
	return out
}

// countInflow adds to in[v] the flow f sends from u to v along u's arcs
// in nw.out, the arcs decode's push follows.
func (nw *network) countInflow(u int, f []int64, in []int64) {
	for _, arc := range nw.out[u] {
		if n := f[arc]; n > 0 {
			_, v, _, _ := nw.g.Arc(int(arc))
			in[v] += n
		}
	}
}

// reasoner explains why a student is unassigned from what the filters
// recorded while the network was built (network.reachElig, classElig,
// sponsorElig) and the room the plan leaves in each post kind. It runs no
// filter again.
type reasoner struct {
	nw    *network
	free  []int64
	cache map[int32][2]bool // class node → (any eligible, any with room)
}

func newReasoner(nw *network, free []int64) *reasoner {
	return &reasoner{nw: nw, free: free, cache: map[int32][2]bool{}}
}

func (rs *reasoner) why(i int) Reason {
	nw, ix := rs.nw, rs.nw.ix
	strict := nw.pol.OrderClass == model.OrderStrict && ix.StuSponsor[i] >= 0
	var eligible, room bool
	if strict {
		for _, k := range nw.sponsorElig[int32(i)] {
			eligible = true
			room = room || rs.free[k] > 0
		}
	} else {
		key := [3]int32{ix.StuSpec[i], int32(ix.r.Students[i].Level), ix.StuDistrict[i]}
		c := nw.classes[key] // every unassigned student's class exists: addSupplies made it
		res, cached := rs.cache[c]
		if !cached {
			res = rs.classVerdict(c)
			rs.cache[c] = res
		}
		eligible, room = res[0], res[1]
	}
	switch {
	case !eligible:
		return ReasonNoEligiblePost
	case room:
		return ReasonNotWorthwhile
	case strict:
		return ReasonOrderSponsorFull
	}
	return ReasonCapacity
}

// classVerdict says whether the students of class node c are eligible for
// any post kind, and whether one of those has room left in the plan.
func (rs *reasoner) classVerdict(c int32) [2]bool {
	var res [2]bool
	for _, rk := range rs.nw.classElig[c] {
		res[0] = true
		for _, k := range rs.nw.reachElig[rk] {
			if rs.free[k] > 0 {
				res[1] = true
				return res
			}
		}
	}
	return res
}
