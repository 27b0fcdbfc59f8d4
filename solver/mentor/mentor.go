package mentor

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"placement/model"
	"placement/solver/flow"
)

// Placement is one placed intern as stage 3 sees it: a student at an
// enterprise. It comes from a stage-1 plan or from an assignments file an
// officer edited.
type Placement struct {
	Student    int // index into Roster.Students
	Enterprise int // index into Roster.Enterprises
}

// Reason says why an intern has no teacher or no expert.
type Reason string

// Reasons for a missing mentor, as written to mentor_pairs.csv's companion
// list and the log.
const (
	// No mentor of the student's school (teacher) or enterprise (expert)
	// lists the student's specialty or one of its group, whatever the
	// capacities: more capacity would not help, a mentor of the specialty is
	// needed.
	ReasonNoMentorForSpecialty Reason = "no_mentor_for_specialty"
	// Mentors who could take the student exist, but their capacity is spent
	// on other students (each of whom would otherwise go without, or cost
	// more).
	ReasonMentorsFull Reason = "mentors_full"
)

// Pair is one intern's mentors.
type Pair struct {
	Student, Enterprise int
	Teacher, Expert     int         // index into the mentors; -1 when missing
	TeacherMatch        model.Match // model.MatchExact or model.MatchRelated; model.MatchNone when missing
	ExpertMatch         model.Match // likewise
	TeacherReason       Reason      // why Teacher is -1; "" otherwise
	ExpertReason        Reason      // why Expert is -1; "" otherwise
}

// Load is one row of mentor_load.csv.
type Load struct {
	Mentor             int // index into the mentors
	Mentees            int
	EnterprisesVisited int // distinct enterprises of its mentees
}

// Stats describe the solution and the work done.
type Stats struct {
	Interns                       int
	TeacherMissing, ExpertMissing int
	Visits                        int // distinct (teacher, enterprise) pairs
	TeacherRelated, ExpertRelated int
	Schools, Enterprises          int   // teacher-side and expert-side subproblems
	FlowSolves                    int   // min-cost flows solved, all verified
	ImprovingMoves                int   // teacher-side local-search moves accepted
	TeacherOptimal                int   // schools whose solution meets their bound
	Pivots                        int64 // network simplex pivots, all solves
	Expert, Teacher               time.Duration
}

// Result is a stage-3 plan.
type Result struct {
	// M is the SPEC penalty of the plan; Bound a proven lower bound on the
	// optimum; Gap = (M − Bound) / M, 0 when M is 0; Optimal when M = Bound.
	M, Bound int64
	Gap      float64
	Optimal  bool
	// The expert side is solved exactly: ExpertM is its optimal share of M.
	ExpertM int64
	// The teacher side is a fixed-charge problem: TeacherM is the share of
	// M found, TeacherBound the share of Bound proven.
	TeacherM, TeacherBound int64
	Pairs                  []Pair // one per placement, sorted by student id
	Load                   []Load // one per mentor, in the order given
	Stats                  Stats
}

// Settings tune PairMentors; the zero value works.
type Settings struct {
	Flow flow.Settings
	// SlopeRounds caps the slope-scaling rounds of the teacher-side
	// construction per school; 0 means 12.
	SlopeRounds int
	// MaxMoves caps the accepted local-search moves per school; 0 means no
	// cap (the search stops when no move improves).
	MaxMoves int
	// MaxEvals caps the flows the local search solves per school; 0 means
	// 2000.
	MaxEvals int
	// SearchRounds is the number of perturbations of the iterated local
	// search per part of a school, at least; a part of b blocks (firms)
	// gets max(SearchRounds, RoundsPerBlock·b). 0 means 300.
	SearchRounds int
	// RoundsPerBlock: see SearchRounds; 0 means 300.
	RoundsPerBlock int
	// MoveBudget caps the move evaluations of the iterated local search
	// per part, at least; a part whose blocks have p eligible (block,
	// teacher) pairs in all gets max(MoveBudget, EvalsPerPair·p), so the
	// effort grows with the size of the school. Budgets are counts, not
	// clocks, so results stay deterministic. 0 means 2,000,000.
	MoveBudget int
	// EvalsPerPair: see MoveBudget; 0 means 100.
	EvalsPerPair int
	// TimeLimit stops the teacher-side search early, at the first check
	// after this long from the start of the solve (the bounds still
	// complete); 0 means none. A run stopped by time depends on the
	// machine's speed and is not reproducible: leave it 0 where
	// byte-identical output matters.
	TimeLimit time.Duration
	// Progress, when set, is called from time to time (at most every
	// ProgressEvery) during the teacher side with the parts of schools
	// solved so far and their cost and bound: how the gap narrows in a
	// long run. It is called from one goroutine at a time. Neither
	// changes the plan, so neither is part of the settings' JSON (a
	// what-if grid's key).
	Progress      func(Progress) `json:"-"`
	ProgressEvery time.Duration  `json:"-"` // 0 means 2 s
}

// Progress is a report on the teacher side under way.
type Progress struct {
	Parts, Of int   // parts of schools solved, of all
	M, Bound  int64 // teacher-side cost and bound of the solved parts
	Elapsed   time.Duration
}

// defaults fills the zero fields of set.
func (set *Settings) defaults() {
	if set.SlopeRounds <= 0 {
		set.SlopeRounds = 12
	}
	if set.MaxEvals <= 0 {
		set.MaxEvals = 2000
	}
	if set.SearchRounds <= 0 {
		set.SearchRounds = 300
	}
	if set.RoundsPerBlock <= 0 {
		set.RoundsPerBlock = 300
	}
	if set.MoveBudget <= 0 {
		set.MoveBudget = 2_000_000
	}
	if set.EvalsPerPair <= 0 {
		set.EvalsPerPair = 100
	}
	if set.ProgressEvery <= 0 {
		set.ProgressEvery = 2 * time.Second
	}
}

// Errors of PairMentors: input that validation should have caught, or a
// broken solver state. A student without a mentor is never an error.
var (
	ErrInput    = errors.New("mentors: invalid input")
	ErrInternal = errors.New("mentors: internal error")
)

// PairMentors solves stage 3 of the SPEC: every placement gets a teacher of
// the student's school and an expert of the enterprise, minimizing
//
//	M = mentor_missing × missing + teacher_visit × distinct (teacher, enterprise)
//	  + mentor_related × related pairings.
//
// The expert side is exact (one min-cost flow, see mentorExperts); the
// teacher side is constructed, improved and bounded school by school (see
// teacher.go). Mentors are model.Mentor rows as LoadMentors returns
// them; placements name each student at most once.
func Solve(ctx context.Context, r *model.Roster, mentors []model.Mentor, plan []Placement, w model.Weights, set Settings) (*Result, error) {
	if w.MentorMissing < 0 || w.TeacherVisit < 0 || w.MentorRelated < 0 {
		return nil, fmt.Errorf("%w: mentor weights must be ≥ 0 (mentor_missing %d, teacher_visit %d, mentor_related %d)",
			ErrInput, w.MentorMissing, w.TeacherVisit, w.MentorRelated)
	}
	mx, err := newMentorIndex(r, mentors, plan)
	if err != nil {
		return nil, err
	}
	mx.ctx = ctx
	set.defaults()
	res := &Result{Pairs: make([]Pair, len(plan))}
	for k, p := range plan {
		res.Pairs[k] = Pair{Student: p.Student, Enterprise: p.Enterprise, Teacher: -1, Expert: -1}
	}
	t0 := time.Now()
	if err := mx.experts(res, &w, set); err != nil {
		return nil, err
	}
	t1 := time.Now()
	if err := mx.teachers(res, &w, set); err != nil {
		return nil, err
	}
	res.Stats.Expert, res.Stats.Teacher = t1.Sub(t0), time.Since(t1)
	res.Stats.Interns = len(plan)

	if m := mx.price(res, &w); m != res.ExpertM+res.TeacherM {
		return nil, fmt.Errorf("%w: pairs cost %d, solvers say %d", ErrInternal, m, res.ExpertM+res.TeacherM)
	}
	res.M = res.ExpertM + res.TeacherM
	res.Bound = res.ExpertM + res.TeacherBound
	if res.Bound > res.M {
		return nil, fmt.Errorf("%w: bound %d above the plan's %d", ErrInternal, res.Bound, res.M)
	}
	if res.M > 0 {
		res.Gap = float64(res.M-res.Bound) / float64(res.M)
	}
	res.Optimal = res.M == res.Bound
	mx.load(res)
	sort.Slice(res.Pairs, func(a, b int) bool {
		return r.Students[res.Pairs[a].Student].ID < r.Students[res.Pairs[b].Student].ID
	})
	return res, nil
}

// mentorIndex resolves mentors and placements against the roster.
type mentorIndex struct {
	ctx        context.Context // stops the solve when done
	r          *model.Roster
	mentors    []model.Mentor
	plan       []Placement
	stuSpec    []int32   // by student: specialty row
	specGrp    []int32   // by specialty row: group
	mSpecs     [][]int32 // by mentor: specialty rows
	mGroups    [][]int32 // by mentor: groups of its specialties
	stuSchool  []int32   // by student: school row
	bySchool   [][]int   // by school: teachers, in mentor order
	byEnt      [][]int   // by enterprise: experts, in mentor order
	mentorOrgs []int32   // by mentor: school or enterprise row
}

func newMentorIndex(r *model.Roster, mentors []model.Mentor, plan []Placement) (*mentorIndex, error) {
	mx := &mentorIndex{
		r: r, mentors: mentors, plan: plan,
		bySchool:   make([][]int, len(r.Schools)),
		byEnt:      make([][]int, len(r.Enterprises)),
		mentorOrgs: make([]int32, len(mentors)),
	}
	ix := r.Index()
	spec, school, ent := ix.Specialty, ix.School, ix.Enterprise
	mx.specGrp = ix.SpecGroup
	mx.stuSpec, mx.stuSchool = ix.StuSpec, ix.StuSchool
	for i, s := range r.Students {
		if ix.StuSpec[i] < 0 || ix.StuSchool[i] < 0 {
			return nil, fmt.Errorf("%w: student %q has an unknown specialty or school", ErrInput, s.ID)
		}
	}
	for k := range mentors {
		m := &mentors[k]
		if m.Capacity < 1 {
			return nil, fmt.Errorf("%w: mentor %q has capacity %d", ErrInput, m.ID, m.Capacity)
		}
		var specs, grps []int32
		for _, c := range m.Specialties {
			sp, ok := spec[c]
			if !ok {
				return nil, fmt.Errorf("%w: mentor %q lists unknown specialty %q", ErrInput, m.ID, c)
			}
			specs = append(specs, sp)
			grps = append(grps, mx.specGrp[sp])
		}
		mx.mSpecs = append(mx.mSpecs, specs)
		mx.mGroups = append(mx.mGroups, grps)
		switch m.Role {
		case model.RoleTeacher:
			sc, ok := school[m.OrgID]
			if !ok {
				return nil, fmt.Errorf("%w: teacher %q: org_id %q is not a school", ErrInput, m.ID, m.OrgID)
			}
			mx.mentorOrgs[k] = sc
			mx.bySchool[sc] = append(mx.bySchool[sc], k)
		case model.RoleExpert:
			e, ok := ent[m.OrgID]
			if !ok {
				return nil, fmt.Errorf("%w: expert %q: org_id %q is not an enterprise", ErrInput, m.ID, m.OrgID)
			}
			mx.mentorOrgs[k] = e
			mx.byEnt[e] = append(mx.byEnt[e], k)
		default:
			return nil, fmt.Errorf("%w: mentor %q has role %q", ErrInput, m.ID, m.Role)
		}
	}
	seen := make([]bool, len(r.Students))
	for _, p := range plan {
		if p.Student < 0 || p.Student >= len(r.Students) || p.Enterprise < 0 || p.Enterprise >= len(r.Enterprises) {
			return nil, fmt.Errorf("%w: placement %+v is out of range", ErrInput, p)
		}
		if seen[p.Student] {
			return nil, fmt.Errorf("%w: student %q is placed twice", ErrInput, r.Students[p.Student].ID)
		}
		seen[p.Student] = true
	}
	return mx, nil
}

// match is how mentor k can take a student of specialty sp: exact when k
// lists sp, related when k lists a specialty of sp's group, else none.
func (mx *mentorIndex) match(k int, sp int32) model.Match {
	for _, s := range mx.mSpecs[k] {
		if s == sp {
			return model.MatchExact
		}
	}
	g := mx.specGrp[sp]
	for _, h := range mx.mGroups[k] {
		if h == g {
			return model.MatchRelated
		}
	}
	return model.MatchNone
}

// studentsByID sorts student rows by id, the order in which students of one
// kind are handed to mentors.
func (mx *mentorIndex) studentsByID(s []int) {
	sort.Slice(s, func(a, b int) bool { return mx.r.Students[s[a]].ID < mx.r.Students[s[b]].ID })
}

// experts solves the expert side exactly. It separates by enterprise, but
// all enterprises go into one network (disjoint components):
//
//	kind (enterprise, specialty) ──0 or mentor_related──▶ expert ──capacity──▶ sink
//	kind ──mentor_missing──▶ sink
//
// where a kind's supply is its number of interns. An integral min-cost flow
// is an optimal pairing (the cost of a pairing is the sum over interns, so
// interns of one kind are interchangeable), and flow.Verify certifies it.
// Size: O(kinds × experts of their enterprise) arcs.
func (mx *mentorIndex) experts(res *Result, w *model.Weights, set Settings) error {
	type kind struct {
		ent     int
		spec    int32
		pairs   []int // indexes into res.Pairs
		first   int   // first arc to an expert
		experts []int
	}
	byKey := map[[2]int32]int{}
	var kinds []kind
	for k, p := range mx.plan {
		key := [2]int32{int32(p.Enterprise), mx.stuSpec[p.Student]}
		i, ok := byKey[key]
		if !ok {
			i = len(kinds)
			byKey[key] = i
			kinds = append(kinds, kind{ent: p.Enterprise, spec: key[1]})
		}
		kinds[i].pairs = append(kinds[i].pairs, k)
	}
	sort.Slice(kinds, func(a, b int) bool {
		if kinds[a].ent != kinds[b].ent {
			return kinds[a].ent < kinds[b].ent
		}
		return kinds[a].spec < kinds[b].spec
	})
	// Nodes: kinds, then every expert, then the sink.
	nk := len(kinds)
	expNode := make([]int, len(mx.mentors))
	g := flow.NewGraph(nk)
	ents := map[int]bool{}
	for i := range kinds {
		ents[kinds[i].ent] = true
	}
	for e := range mx.byEnt {
		if !ents[e] {
			continue
		}
		for _, k := range mx.byEnt[e] {
			expNode[k] = g.AddNode()
		}
	}
	sink := g.AddNode()
	missArc := make([]int, nk)
	for i := range kinds {
		kd := &kinds[i]
		n := int64(len(kd.pairs))
		g.SetSupply(i, n)
		g.AddSupply(sink, -n)
		missArc[i] = g.AddArc(i, sink, n, int64(w.MentorMissing))
		kd.first = g.M()
		for _, k := range mx.byEnt[kd.ent] {
			switch mx.match(k, kd.spec) {
			case model.MatchExact:
				g.AddArc(i, expNode[k], n, 0)
				kd.experts = append(kd.experts, k)
			case model.MatchRelated:
				g.AddArc(i, expNode[k], n, int64(w.MentorRelated))
				kd.experts = append(kd.experts, k)
			}
		}
	}
	for e := range mx.byEnt {
		if !ents[e] {
			continue
		}
		for _, k := range mx.byEnt[e] {
			g.AddArc(expNode[k], sink, int64(mx.mentors[k].Capacity), 0)
		}
	}
	fl, err := solveVerified(mx.ctx, g, set.Flow, &res.Stats)
	if err != nil {
		return err
	}
	res.ExpertM = fl.Cost
	res.Stats.Enterprises = len(ents)
	for i := range kinds {
		kd := &kinds[i]
		stu := make([]int, len(kd.pairs))
		byStu := make(map[int]int, len(kd.pairs))
		for j, k := range kd.pairs {
			stu[j] = mx.plan[k].Student
			byStu[stu[j]] = k
		}
		mx.studentsByID(stu)
		next := 0
		for j, k := range kd.experts {
			m := mx.match(k, kd.spec)
			for f := fl.Flow[kd.first+j]; f > 0; f-- {
				p := &res.Pairs[byStu[stu[next]]]
				p.Expert, p.ExpertMatch = k, m
				next++
			}
		}
		reason := ReasonMentorsFull
		if len(kd.experts) == 0 {
			reason = ReasonNoMentorForSpecialty
		}
		if int64(len(stu)-next) != fl.Flow[missArc[i]] {
			return fmt.Errorf("%w: expert flow of kind %d does not add up", ErrInternal, i)
		}
		for ; next < len(stu); next++ {
			res.Pairs[byStu[stu[next]]].ExpertReason = reason
		}
	}
	return nil
}

// solveVerified solves g through flow.SolveCertified and counts the work.
// A solve stopped by ctx returns ctx's error.
func solveVerified(ctx context.Context, g *flow.Graph, set flow.Settings, st *Stats) (flow.Result, error) {
	res, err := flow.SolveCertified(ctx, g, set)
	st.FlowSolves++
	st.Pivots += res.Stats.Pivots
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if err != nil {
		return res, fmt.Errorf("%w: %v", ErrInternal, err)
	}
	return res, nil
}

// price recomputes M from the pairs with the SPEC formula, independently of
// the solvers, and fills the counts of Stats.
func (mx *mentorIndex) price(res *Result, w *model.Weights) int64 {
	visits := map[[2]int]bool{}
	var missing, related int64
	res.Stats.TeacherMissing, res.Stats.ExpertMissing = 0, 0
	res.Stats.TeacherRelated, res.Stats.ExpertRelated = 0, 0
	for _, p := range res.Pairs {
		sp := mx.stuSpec[p.Student]
		if p.Teacher < 0 {
			missing++
			res.Stats.TeacherMissing++
		} else {
			visits[[2]int{p.Teacher, p.Enterprise}] = true
			if mx.match(p.Teacher, sp) == model.MatchRelated {
				related++
				res.Stats.TeacherRelated++
			}
		}
		if p.Expert < 0 {
			missing++
			res.Stats.ExpertMissing++
		} else if mx.match(p.Expert, sp) == model.MatchRelated {
			related++
			res.Stats.ExpertRelated++
		}
	}
	res.Stats.Visits = len(visits)
	return int64(w.MentorMissing)*missing + int64(w.TeacherVisit)*int64(len(visits)) + int64(w.MentorRelated)*related
}

// load fills res.Load.
func (mx *mentorIndex) load(res *Result) {
	res.Load = make([]Load, len(mx.mentors))
	ents := make([]map[int]bool, len(mx.mentors))
	for k := range res.Load {
		res.Load[k].Mentor = k
	}
	add := func(k, e int) {
		res.Load[k].Mentees++
		if ents[k] == nil {
			ents[k] = map[int]bool{}
		}
		ents[k][e] = true
	}
	for _, p := range res.Pairs {
		if p.Teacher >= 0 {
			add(p.Teacher, p.Enterprise)
		}
		if p.Expert >= 0 {
			add(p.Expert, p.Enterprise)
		}
	}
	for k := range res.Load {
		res.Load[k].EnterprisesVisited = len(ents[k])
	}
}
