package assign

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"

	"placement/model"
	"placement/solver/flow"
)

// Duals is a stage-1 plan seen through the min-cost flow that produces it:
// a flow realizing the plan on the compressed network, and for every node
// the cheapest way to send one more unit from it to the sink (ToSink) and
// from the sink to it (FromSink) in the residual network. Those distances
// are optimal potentials (π = −ToSink), and NewDuals checks them with
// flow.Verify: an optimal plan gets a certificate, a plan that is not
// optimal (edited by hand, re-planned, or from another scenario) an error.
//
// They answer "how much more would it take" exactly, because the change in
// the optimum when one more unit enters at u and leaves at the sink is the
// shortest residual path from u to the sink, whichever optimal flow is
// used:
//
//   - an unplaced student is placed once its value rises by more than
//     Threshold (0 when an identical student with a better score holds a
//     post: the tie is broken by score);
//   - an enterprise below its quota gets one more intern once a placement
//     there is worth more than EnterpriseGap more.
//
// Building it costs one network construction and a label-correcting
// shortest-path pass (no re-solve); the pass from the sink runs on the
// first EnterpriseGap. A Duals is safe for concurrent use.
type Duals struct {
	nw       *network
	flow     []int64
	toSink   []int64
	next     []int32 // the next node on a cheapest residual path to the sink
	fromSink []int64 // computed on first use (EnterpriseGap)
	fromOnce sync.Once
	supplyOf []int32 // student → supply index, -1 when pinned
	post     []int32 // student → post, -1 unplaced
	kindNode []int32 // post kind of each node, -1 for other nodes
	supNode  []int32 // student kind (supply) of each node, -1 for other nodes
	pot      []int64 // the certified potentials
	adjStart []int32 // arcs touching each node: CSR over both endpoints
	adj      []int32

	kindPost     []int32 // postIn of each post kind, computed on first use
	kindPostOnce sync.Once

	res     [2]*residual // residualOf forward, backward: built on first use
	resOnce [2]sync.Once
	// search uses a bucketQueue when every reduced cost is below
	// maxBuckets, else an idxHeap: the constant maxBuckets, or 0 where a
	// test wants the heap.
	maxBuckets int64
}

// Unreachable is the distance of a node that cannot reach (or be reached
// from) the sink in the residual network.
const Unreachable = int64(1) << 50

// NewDuals builds the network of (r, pol, w), turns the plan post (each
// student's post index, -1 unplaced; pinned students must be at their pin)
// into a flow on it, and computes and verifies its potentials.
func NewDuals(ctx context.Context, r *model.Roster, pol model.Policy, w model.Weights, post []int) (*Duals, error) {
	if err := checkWeights(&w); err != nil {
		return nil, err
	}
	if len(post) != len(r.Students) {
		return nil, fmt.Errorf("%w: %d posts for %d students", ErrInput, len(post), len(r.Students))
	}
	nw, err := buildNetwork(newIndex(r), pol, &w, nil)
	if err != nil {
		return nil, err
	}
	return newDuals(ctx, nw, post)
}

// DualsOf is NewDuals of the plan res: res must come from Solve on this
// very roster r (unchanged since), with policy pol and weights w. When
// Solve kept its network in res (a plain solve: no Keep, no Boost) and
// pol and w are the ones it was solved with, the network is taken from
// res instead of being built again (a second of CPU on a 150,000-student
// city) and res lets go of it; otherwise it is built as NewDuals does. The
// flow is rebuilt from the plan either way, so the answers are NewDuals'.
func DualsOf(ctx context.Context, r *model.Roster, pol model.Policy, w model.Weights, res *Result) (*Duals, error) {
	post := make([]int, len(r.Students))
	for i := range post {
		post[i] = -1
	}
	for _, a := range res.Assignments {
		if a.Student < 0 || a.Student >= len(post) {
			return nil, fmt.Errorf("%w: student %d out of range", ErrInput, a.Student)
		}
		post[a.Student] = a.Post
	}
	nw := res.net
	if nw == nil || nw.ix.r != r || nw.pol != pol || !reflect.DeepEqual(*nw.w, w) {
		return NewDuals(ctx, r, pol, w, post)
	}
	res.net = nil
	return newDuals(ctx, nw, post)
}

// newDuals is NewDuals on the network nw, already built.
func newDuals(ctx context.Context, nw *network, post []int) (*Duals, error) {
	r := nw.ix.r
	g := nw.g
	d := &Duals{nw: nw, flow: make([]int64, g.M()), supplyOf: make([]int32, len(r.Students)),
		post: make([]int32, len(post)), kindNode: make([]int32, g.N()), supNode: make([]int32, g.N()),
		maxBuckets: maxBuckets}
	for u := range d.kindNode {
		d.kindNode[u], d.supNode[u] = -1, -1
	}
	for i := range d.supplyOf {
		d.supplyOf[i] = -1
		d.post[i] = int32(post[i])
	}
	for s, sp := range nw.supplies {
		d.supNode[sp.node] = int32(s)
		for _, i := range sp.students {
			d.supplyOf[i] = int32(s)
		}
	}
	for k, pk := range nw.kinds {
		d.kindNode[pk.node] = int32(k)
	}
	// Arc lookup by endpoints.
	n := g.N()
	d.adjStart = make([]int32, n+1)
	for a := 0; a < g.M(); a++ {
		u, v, _, _ := g.Arc(a)
		d.adjStart[u+1]++
		d.adjStart[v+1]++
	}
	for u := 0; u < n; u++ {
		d.adjStart[u+1] += d.adjStart[u]
	}
	d.adj = make([]int32, 2*g.M())
	fill := make([]int32, n)
	copy(fill, d.adjStart[:n])
	for a := 0; a < g.M(); a++ {
		u, v, _, _ := g.Arc(a)
		d.adj[fill[u]] = int32(a)
		fill[u]++
		d.adj[fill[v]] = int32(a)
		fill[v]++
	}
	arc := func(u, v int) int {
		best := -1
		var bestCost int64
		arcs := d.adj[d.adjStart[u]:d.adjStart[u+1]]
		if len(nw.out[u]) > 0 {
			arcs = nw.out[u] // the out-arcs alone, where the network kept them
		}
		for _, a := range arcs {
			x, y, c, cost := g.Arc(int(a))
			if x == u && y == v && d.flow[a] < c && (best < 0 || cost < bestCost) {
				best, bestCost = int(a), cost
			}
		}
		return best
	}
	push := func(u, v int) error {
		a := arc(u, v)
		if a < 0 {
			return fmt.Errorf("%w: the plan is not a flow of this scenario's network (no room on %d→%d)", ErrInput, u, v)
		}
		d.flow[a]++
		return nil
	}
	ix := nw.ix
	entIn := make([]int64, len(r.Enterprises))
	for i, q := range post {
		if nw.pinPost[i] >= 0 {
			if q != int(nw.pinPost[i]) {
				return nil, fmt.Errorf("%w: pinned student %s is not at its pin", ErrInput, r.Students[i].ID)
			}
			continue
		}
		sp := nw.supplies[d.supplyOf[i]].node
		if q < 0 {
			if err := push(sp, nw.sink); err != nil {
				return nil, err
			}
			continue
		}
		if q >= len(r.Posts) {
			return nil, fmt.Errorf("%w: post %d out of range", ErrInput, q)
		}
		kn := nw.kinds[nw.kindOf[q]].node
		if a := arc(sp, kn); a >= 0 {
			d.flow[a]++
		} else {
			if m, _ := ix.eligible(i, q, nw.pol); m == model.MatchNone {
				return nil, fmt.Errorf("%w: student %s is not eligible for post %s", ErrInput, r.Students[i].ID, r.Posts[q].ID)
			}
			s := &r.Students[i]
			class := nw.classes[[3]int32{ix.StuSpec[i], int32(s.Level), ix.StuDistrict[i]}]
			reach := nw.reaches[[3]int32{ix.StuSpec[i], int32(s.Level), ix.EntDistrict[ix.PostEnt[q]]}]
			for _, uv := range [][2]int{{sp, int(class)}, {int(class), int(reach)}, {int(reach), kn}} {
				if err := push(uv[0], uv[1]); err != nil {
					return nil, err
				}
			}
		}
		if err := push(kn, nw.entNode[ix.PostEnt[q]]); err != nil {
			return nil, err
		}
		entIn[ix.PostEnt[q]]++
	}
	for e, in := range entIn {
		for ; in > 0; in-- {
			if err := push(nw.entNode[e], nw.sink); err != nil { // the cheaper (quota) arc first
				return nil, err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var err error
	if d.toSink, d.next, err = d.distances(true); err != nil {
		return nil, err
	}
	pot, err := d.potentials()
	if err != nil {
		return nil, err
	}
	d.pot = pot
	if err := flow.Verify(g, d.flow, pot); err != nil {
		return nil, fmt.Errorf("%w: the plan is not optimal for this scenario: %v", ErrInput, err)
	}
	return d, nil
}

// distances runs a label-correcting shortest-path pass (FIFO queue) over
// the residual network, to the sink (toSink) or from it. A node relabelled
// more than n times proves a negative cycle: the plan is not optimal.
func (d *Duals) distances(toSink bool) ([]int64, []int32, error) {
	g := d.nw.g
	n := g.N()
	dist := make([]int64, n)
	pred := make([]int32, n)
	for u := range dist {
		dist[u] = Unreachable
	}
	sink := d.nw.sink
	dist[sink] = 0
	queue := []int32{int32(sink)}
	inQueue := make([]bool, n)
	count := make([]int32, n)
	relax := 0
	inQueue[sink] = true
	for head := 0; head < len(queue); head++ {
		x := int(queue[head])
		inQueue[x] = false
		if head > 1<<20 && head*2 > len(queue) {
			queue = append(queue[:0], queue[head+1:]...)
			head = -1
		}
		for _, a := range d.adj[d.adjStart[x]:d.adjStart[x+1]] {
			// Residual arcs into x toward the sink, out of x from it.
			y, w, ok := d.residualArc(x, a, !toSink)
			if !ok {
				continue
			}
			if nd := dist[x] + w; nd < dist[y] {
				if y == sink {
					return nil, nil, errNotOptimal // a negative cycle through the sink
				}
				dist[y] = nd
				pred[y] = int32(x)
				if relax++; relax%n == 0 && predCycle(pred, dist, sink) {
					return nil, nil, errNotOptimal
				}
				if !inQueue[y] {
					if count[y]++; int(count[y]) > n {
						return nil, nil, errNotOptimal
					}
					inQueue[y] = true
					queue = append(queue, int32(y))
				}
			}
		}
	}
	return dist, pred, nil
}

// potentials are −ToSink for the nodes that reach the sink. Nodes that
// do not (a kind whose students are all unplaced and whose class has no
// room anywhere, say) have residual arcs only among themselves: they get
// −(Unreachable + their shortest distance from any of them), so that every
// residual arc keeps a non-negative reduced cost.
func (d *Duals) potentials() ([]int64, error) {
	g := d.nw.g
	n := g.N()
	pot := make([]int64, n)
	var queue []int32
	inQueue := make([]bool, n)
	du := make([]int64, n)
	for u := range pot {
		if d.toSink[u] < Unreachable {
			pot[u] = -d.toSink[u]
		} else {
			queue = append(queue, int32(u))
			inQueue[u] = true
		}
	}
	count := make([]int32, n)
	for head := 0; head < len(queue); head++ {
		x := int(queue[head])
		inQueue[x] = false
		for _, a := range d.adj[d.adjStart[x]:d.adjStart[x+1]] {
			y, w, ok := d.residualArc(x, a, false)
			if !ok {
				continue
			}
			if d.toSink[y] < Unreachable {
				continue
			}
			if nd := du[x] + w; nd < du[y] {
				du[y] = nd
				if !inQueue[y] {
					if count[y]++; int(count[y]) > n {
						return nil, fmt.Errorf("%w: the plan is not optimal for this scenario (a cheaper plan exists)", ErrInput)
					}
					inQueue[y] = true
					queue = append(queue, int32(y))
				}
			}
		}
	}
	for u := range pot {
		if d.toSink[u] >= Unreachable {
			pot[u] = -(Unreachable + du[u])
		}
	}
	return pot, nil
}

var errNotOptimal = fmt.Errorf("%w: the plan is not optimal for this scenario (a cheaper plan exists)", ErrInput)

// predCycle reports whether the predecessor pointers of the labelled nodes
// hold a cycle, which in a label-correcting pass proves a negative cycle
// (checked every n relaxations, so a plan that is not optimal is refused
// long before a node is relabelled n times).
func predCycle(pred []int32, dist []int64, root int) bool {
	state := make([]int8, len(pred)) // 0 new, 1 on the current walk, 2 done
	state[root] = 2
	for u := range pred {
		if state[u] != 0 || dist[u] >= Unreachable {
			continue
		}
		x := u
		for state[x] == 0 && dist[x] < Unreachable {
			state[x] = 1
			x = int(pred[x])
		}
		cycle := state[x] == 1
		for y := u; state[y] == 1; y = int(pred[y]) {
			state[y] = 2
		}
		if cycle {
			return true
		}
	}
	return false
}

// Threshold is, for an unplaced, unpinned student, the least value that
// adding to the student's value at every post would still leave it
// unplaced: adding more than Threshold places it, adding Threshold − 1
// leaves it out in every optimal plan. Post is where it would go first
// (a post of the first post kind on the cheapest path, or the post of the
// identical student it would replace), -1 when no post is eligible at any
// price (ok false).
func (d *Duals) Threshold(i int) (threshold int64, post int, ok bool) {
	nw := d.nw
	g := nw.g
	s := d.supplyOf[i]
	if s < 0 || d.post[i] >= 0 {
		return 0, -1, false
	}
	sp := nw.supplies[s]
	// An identical student holds a post: it won the tie by score.
	for k := len(sp.students) - 1; k >= 0; k-- {
		if q := d.post[sp.students[k]]; q >= 0 {
			return 0, int(q), true
		}
	}
	best, next := Unreachable, -1
	for _, a := range nw.out[sp.node] {
		_, v, c, cost := g.Arc(int(a))
		if v == nw.sink || d.flow[a] >= c || d.toSink[v] >= Unreachable {
			continue
		}
		if t := cost + d.toSink[v]; t < best {
			best, next = t, v
		}
	}
	if next < 0 {
		return 0, -1, false
	}
	return best, d.firstPost(next), true
}

// firstPost follows the cheapest residual path from u to the sink to the
// first post kind it enters, and returns a post of it: one with room, or
// the one held by its lowest-priority holder. A path that enters a student
// kind backwards first (the student takes a class-mate's place) returns
// the post that class-mate gives up.
func (d *Duals) firstPost(u int) int {
	nw := d.nw
	for steps := 0; steps < nw.g.N(); steps++ {
		if k := d.kindNode[u]; k >= 0 {
			return d.postIn(int(k))
		}
		if s := d.supNode[u]; s >= 0 && steps > 0 {
			// Entered a student kind backwards: the student would take the
			// post of its last placed member, who gives it up.
			sts := nw.supplies[s].students
			for k := len(sts) - 1; k >= 0; k-- {
				if q := d.post[sts[k]]; q >= 0 {
					return int(q)
				}
			}
		}
		next := int(d.next[u])
		if next < 0 || next == nw.sink {
			return -1
		}
		u = next
	}
	return -1
}

// postIn is a post of kind k with room left, or the post of its holder
// placed last by the decode order (lowest score). The answers for all
// kinds are found together on first use, in one pass over the plan: O(S +
// P) for S students and P posts, where asking kind by kind would scan the
// plan once per unplaced student.
func (d *Duals) postIn(k int) int {
	d.kindPostOnce.Do(d.findKindPosts)
	return int(d.kindPost[k])
}

// findKindPosts fills kindPost: for each post kind, its first post (in the
// kind's order) with room left, or else the post of its unpinned holder
// that studentLess puts last (-1 when it has none).
func (d *Duals) findKindPosts() {
	nw := d.nw
	r := nw.ix.r
	used := make([]int64, len(r.Posts))
	worst := make([]int32, len(nw.kinds))
	for k := range worst {
		worst[k] = -1
	}
	less := studentLess(r)
	for i, q := range d.post {
		if q < 0 {
			continue
		}
		used[q]++
		if nw.pinPost[i] >= 0 {
			continue
		}
		if k := nw.kindOf[q]; worst[k] < 0 || less(int32(i), worst[k]) > 0 {
			worst[k] = int32(i)
		}
	}
	d.kindPost = make([]int32, len(nw.kinds))
	for k := range nw.kinds {
		d.kindPost[k] = -1
		if w := worst[k]; w >= 0 {
			d.kindPost[k] = d.post[w]
		}
		for _, q := range nw.kinds[k].posts {
			if used[q] < int64(r.Posts[q].Capacity) {
				d.kindPost[k] = q
				break
			}
		}
	}
}

// EnterpriseGap is, for an enterprise with a quota bonus left to earn,
// how much more one more placement there would have to be worth for the
// optimum to take it: the cheapest residual path from the sink to the
// enterprise less the quota bonus. ok is false when no student could be
// placed there at any price (no eligible student within reach).
func (d *Duals) EnterpriseGap(e int) (gap int64, ok bool) {
	d.fromOnce.Do(func() {
		// Cannot fail: the potentials certified that there is no negative
		// cycle.
		d.fromSink, _, _ = d.distances(false)
	})
	u := d.nw.entNode[e]
	if d.fromSink[u] >= Unreachable {
		return 0, false
	}
	return d.fromSink[u] - int64(d.nw.w.QuotaBonus), true
}

// InsertCost is what placing one more student at post q (arriving from
// outside, worth 0 to the plan) would cost the rest of the plan: the
// cheapest residual path from q's kind to the sink. A student worth v at q
// would raise Z by v − InsertCost(q). ok is false when no path exists.
func (d *Duals) InsertCost(q int) (int64, bool) {
	k := d.nw.kinds[d.nw.kindOf[q]]
	if d.toSink[k.node] >= Unreachable {
		return 0, false
	}
	return d.toSink[k.node], true
}

// MoveCosts returns, for student i (not pinned), what placing it at post q
// would cost Z with the rest of the plan re-optimized around it: the
// cheapest residual cycle that sends one unit of i's kind to q's kind at
// −v(i,q) and comes back to i's kind, undoing i's current route (or an
// identical student's, which is the same plan up to names). It is exact:
// the cycle is found by one Dijkstra run backwards from i's kind over
// reduced costs, which the certified potentials make non-negative. The
// returned function answers for any post; ok is false when no plan places
// i at q.
func (d *Duals) MoveCosts(i int) func(q int) (int64, bool) {
	return d.MoveCostsTo(i, nil)
}

// MoveCostsTo is MoveCosts for the given posts only (nil: all): the search
// stops once their kinds are settled. A student of a kind with an
// unplaced member needs no search at all: identical students have the
// same costs, so take the unplaced one; its kind's arc from the sink has
// flow, so the cheapest way back into the kind is through the sink, and
// the cost is InsertCost − v. The function answers the given posts
// exactly; others may report ok false.
func (d *Duals) MoveCostsTo(i int, posts []int) func(q int) (int64, bool) {
	f, _ := d.MoveCostsBudget(i, posts, -1)
	return f
}

// Size is the network's nodes plus arcs, the unit of MoveCostsBudget.
func (d *Duals) Size() int { return d.nw.g.N() + d.nw.g.M() }

// MoveCostsBudget is MoveCostsTo with the search capped at budget units
// of work (nodes settled plus arcs scanned; < 0: no cap); it also returns
// the work done. Costs it reaches are exact (Dijkstra settles a node at
// its final distance); the others report ok false.
func (d *Duals) MoveCostsBudget(i int, posts []int, budget int64) (func(q int) (int64, bool), int64) {
	nw := d.nw
	none := func(int) (int64, bool) { return 0, false }
	if d.supplyOf[i] < 0 {
		return none, 0
	}
	r := nw.ix.r
	valueAt := func(q int) (int64, bool) {
		m, km := nw.ix.eligible(i, q, nw.pol)
		if m == model.MatchNone {
			return 0, false
		}
		e := nw.ix.PostEnt[q]
		return value(nw.w, nw.pol, r.Students[i].Award, m, nw.ix.prefRank(i, e), km, nw.ix.StuSponsor[i] == e), true
	}
	sp := nw.supplies[d.supplyOf[i]]
	if slices.ContainsFunc(sp.students, func(s int32) bool { return d.post[s] < 0 }) {
		return func(q int) (int64, bool) {
			v, ok := valueAt(q)
			ins, ok2 := d.InsertCost(q)
			if !ok || !ok2 {
				return 0, false
			}
			return ins - v, true
		}, 0
	}
	if budget == 0 {
		return none, 0
	}
	var target []bool // the posts' kind nodes, when given
	if posts != nil {
		target = make([]bool, nw.g.N())
		for _, q := range posts {
			target[nw.kinds[nw.kindOf[q]].node] = true
		}
	}
	t := sp.node
	dist, done, work := d.search(t, false, target, budget)
	return func(q int) (int64, bool) {
		k := nw.kinds[nw.kindOf[q]].node
		v, ok := valueAt(q)
		if !done[k] || !ok {
			return 0, false
		}
		// True distance k→t = reduced distance − π(k) + π(t).
		return dist[k] - d.pot[k] + d.pot[t] - v, true
	}, work
}

// Kind is the student kind of student i (students the network cannot tell
// apart share one, and have the same move costs), -1 for a pinned student.
func (d *Duals) Kind(i int) int { return int(d.supplyOf[i]) }

// NeedsSearch reports whether MoveCosts of student i needs a search: only
// for a student of a kind whose members are all placed (any other is
// priced by InsertCost). False for a pinned student.
func (d *Duals) NeedsSearch(i int) bool {
	s := d.supplyOf[i]
	if s < 0 {
		return false
	}
	return !slices.ContainsFunc(d.nw.supplies[s].students, func(x int32) bool { return d.post[x] < 0 })
}

// CostsAt is MoveCosts seen from the post's side: for post q, a function
// giving for any unpinned student i what placing i at q would cost Z. One
// Dijkstra forward from q's kind over reduced costs reaches every student
// kind, so it prices all the students that envy q at once; capped at
// budget units of work (< 0: no cap) like MoveCostsBudget, it also returns
// the work done. Exact where it answers.
//
// When students is not nil, the search stops once the kinds of those
// students are reached: the function then answers for them (and any other
// student whose kind was reached before), which is all a caller that knows
// whom it will ask needs.
func (d *Duals) CostsAt(q int, students []int, budget int64) (func(i int) (int64, bool), int64) {
	nw := d.nw
	r := nw.ix.r
	none := func(int) (int64, bool) { return 0, false }
	if budget == 0 {
		return none, 0
	}
	src := nw.kinds[nw.kindOf[q]].node
	var target []bool // the students' kind nodes, when given
	if students != nil {
		target = make([]bool, nw.g.N())
		for _, i := range students {
			if s := d.supplyOf[i]; s >= 0 {
				target[nw.supplies[s].node] = true
			}
		}
	}
	dist, done, work := d.search(src, true, target, budget)
	return func(i int) (int64, bool) {
		s := d.supplyOf[i]
		if s < 0 {
			return 0, false
		}
		t := nw.supplies[s].node
		m, km := nw.ix.eligible(i, q, nw.pol)
		if !done[t] || m == model.MatchNone {
			return 0, false
		}
		e := nw.ix.PostEnt[q]
		v := value(nw.w, nw.pol, r.Students[i].Award, m, nw.ix.prefRank(i, e), km, nw.ix.StuSponsor[i] == e)
		// True distance src→t = reduced distance − π(src) + π(t).
		return dist[t] - d.pot[src] + d.pot[t] - v, true
	}, work
}

// residual is the residual network of the optimal flow in one direction,
// as CSR lists with the reduced cost of each arc (non-negative): forward,
// the residual arcs out of each node x (to[k], rc[k] for k in
// start[x] … start[x+1]); backward, those into x (to[k] is the arc's
// tail). The arcs keep the order of adj, so a search over them meets them
// in the order it would over adj.
type residual struct {
	start []int32
	to    []int32
	rc    []int64
	maxRC int64 // the largest rc, 0 for none
}

// residualArc decodes arc a, which touches node x, as a residual arc of
// the flow out of x (out) or into x (!out): y is its other end, cost its
// cost in that direction (the arc's cost forward, its negation backward);
// ok is false when a gives no such residual arc.
func (d *Duals) residualArc(x int, a int32, out bool) (y int, cost int64, ok bool) {
	u, v, c, w := d.nw.g.Arc(int(a))
	f := d.flow[a]
	switch {
	case out && u == x && f < c: // x→v
		return v, w, true
	case out && v == x && f > 0: // x→u, backward
		return u, -w, true
	case !out && v == x && f < c: // u→x
		return u, w, true
	case !out && u == x && f > 0: // v→x, backward
		return v, -w, true
	}
	return 0, 0, false
}

// residualOf builds the residual lists of one direction (see residual), on
// first use.
func (d *Duals) residualOf(forward bool) *residual {
	k := 0
	if !forward {
		k = 1
	}
	d.resOnce[k].Do(func() {
		g := d.nw.g
		n := g.N()
		r := &residual{start: make([]int32, n+1)}
		for x := 0; x < n; x++ {
			for _, a := range d.adj[d.adjStart[x]:d.adjStart[x+1]] {
				y, w, ok := d.residualArc(x, a, forward)
				if !ok {
					continue
				}
				rc := w + d.pot[x] - d.pot[y] // x→y forward
				if !forward {
					rc = w + d.pot[y] - d.pot[x] // y→x
				}
				r.to = append(r.to, int32(y))
				r.rc = append(r.rc, rc)
				r.maxRC = max(r.maxRC, rc)
			}
			r.start[x+1] = int32(len(r.to))
		}
		d.res[k] = r
	})
	return d.res[k]
}

// search is Dijkstra over the reduced costs of the residual network of the
// optimal flow (non-negative, since the potentials are optimal) from root:
// forward, dist[u] is the reduced distance root→u; backward, u→root. It
// stops once every node marked in target is settled (target nil: when all
// are), or past budget units of work (nodes settled plus arcs scanned;
// < 0: no cap). done marks the settled nodes, whose dist is exact.
//
// It scans the residual arcs of residualOf, built once for all searches,
// and its work counts those it scans.
func (d *Duals) search(root int, forward bool, target []bool, budget int64) (dist []int64, done []bool, work int64) {
	res := d.residualOf(forward)
	n := d.nw.g.N()
	dist = make([]int64, n)
	for u := range dist {
		dist[u] = -1
	}
	done = make([]bool, n)
	left := 0
	for _, t := range target {
		if t {
			left++
		}
	}
	var q queue
	if res.maxRC < d.maxBuckets {
		b := newBucketQueue(dist, res.maxRC)
		defer b.done()
		q = b
	} else {
		q = newIdxHeap(dist)
	}
	dist[root] = 0
	q.update(int32(root))
	for q.len() > 0 {
		x := int(q.pop())
		if x < 0 {
			break
		}
		done[x] = true
		if target != nil && target[x] {
			if left--; left == 0 {
				break
			}
		}
		if work++; budget > 0 && work > budget {
			break
		}
		lo, hi := res.start[x], res.start[x+1]
		work += int64(hi - lo)
		dx := dist[x]
		to, rc := res.to[lo:hi], res.rc[lo:hi]
		for k, y := range to {
			if done[y] {
				continue
			}
			if nd := dx + rc[k]; dist[y] < 0 || nd < dist[y] {
				dist[y] = nd
				q.update(y)
			}
		}
	}
	return dist, done, work
}
