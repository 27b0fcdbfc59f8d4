package assign

import (
	"fmt"
	"slices"

	"placement/model"
	"placement/solver/flow"
)

// Network is the minimum-cost flow behind stage 1: if C is its minimum
// cost, the optimal objective is Z = Constant − C. Constant is the worth
// of the pins (their values and the quota bonus they earn).
type Network struct {
	Graph    *flow.Graph
	Constant int64
}

// NewNetwork returns the compressed network Assign solves, for export
// to other min-cost-flow codes.
func NewNetwork(r *model.Roster, pol model.Policy, w model.Weights) (*Network, error) {
	if err := checkWeights(&w); err != nil {
		return nil, err
	}
	nw, err := buildNetwork(newIndex(r), pol, &w, nil)
	if err != nil {
		return nil, err
	}
	return &Network{Graph: nw.g, Constant: nw.constant}, nil
}

// ErrTooLarge is returned by UncompressedNetwork past its arc limit.
var ErrTooLarge = fmt.Errorf("%w: the uncompressed network is too large", ErrInput)

// UncompressedNetwork returns stage 1 as the textbook network: one node
// per unpinned student (supply 1) and per post with room, an arc for every
// eligible (student, post) pair priced −v(i,p), an arc from each post to
// its enterprise, the enterprise's two quota arcs, and a bypass from each
// student to the sink. It has the same optimum as NewNetwork and is
// here to measure what the compression gains. maxArcs (0: no limit) stops
// it with ErrTooLarge before it grows past that many arcs.
func NewUncompressedNetwork(r *model.Roster, pol model.Policy, w model.Weights, maxArcs int) (*Network, error) {
	if err := checkWeights(&w); err != nil {
		return nil, err
	}
	ix := newIndex(r)
	nw, err := newNetwork(ix, pol, &w)
	if err != nil {
		return nil, err
	}
	entRoom := make([]int64, len(r.Enterprises))
	bySpec := make([][]int32, len(r.Specialties))
	for q := range r.Posts {
		entRoom[ix.PostEnt[q]] += nw.postRoom[q]
		if nw.postRoom[q] > 0 {
			bySpec[ix.PostSpec[q]] = append(bySpec[ix.PostSpec[q]], int32(q))
		}
	}
	entNode := make([]int, len(r.Enterprises))
	for e := range r.Enterprises {
		entNode[e] = nw.addEnterprise(e, entRoom[e])
	}
	postNode := make([]int, len(r.Posts))
	for q := range r.Posts {
		if nw.postRoom[q] > 0 {
			postNode[q] = nw.addNode()
			nw.g.AddArc(postNode[q], entNode[ix.PostEnt[q]], nw.postRoom[q], 0)
		}
	}
	specsOf := map[int32][]int32{}
	for s, g := range ix.SpecGroup {
		specsOf[g] = append(specsOf[g], int32(s))
	}
	var total int64
	for i := range r.Students {
		if nw.pinPost[i] >= 0 {
			continue
		}
		u := nw.addNode()
		nw.g.SetSupply(u, 1)
		total++
		var cands []int32
		for _, s := range specsOf[ix.SpecGroup[ix.StuSpec[i]]] {
			cands = append(cands, bySpec[s]...)
		}
		slices.Sort(cands)
		for _, q := range cands {
			m, km := ix.eligible(i, int(q), pol)
			if m == model.MatchNone {
				continue
			}
			e := ix.PostEnt[q]
			v := value(&w, pol, r.Students[i].Award, m, ix.prefRank(i, e), km, ix.StuSponsor[i] == e)
			nw.g.AddArc(u, postNode[q], 1, -v)
		}
		nw.g.AddArc(u, nw.sink, 1, 0)
		if maxArcs > 0 && nw.g.M() > maxArcs {
			return nil, fmt.Errorf("%w (more than %d arcs)", ErrTooLarge, maxArcs)
		}
	}
	nw.g.SetSupply(nw.sink, -total)
	return &Network{Graph: nw.g, Constant: nw.constant}, nil
}
