package schedule

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"time"

	"placement/model"
)

// Stage 2: the training-base schedule.
//
// Every session of every cohort goes to one base in one slot — a (week,
// day, period) of the calendar — subject to SPEC's hard constraints; the
// penalty
//
//	P = Σ sessions train_per_km × km(cohort, base)
//	  + Σ cohorts  base_switch × max(0, distinct bases − 1)
//	  + unscheduled × sessions left out
//
// is minimized. P is a sum of per-cohort terms, so a change to a few
// cohorts is evaluated from their terms alone (incremental evaluation).
//
// Method: large-neighbourhood search with late acceptance (Burke & Bykov,
// "The late acceptance hill-climbing heuristic", EJOR 258, 2017). A
// solution is, per cohort, a set of (base, slot) placements; the sessions
// of a cohort are interchangeable, so there is no order to search. A move
// removes a few related cohorts (one that pays more than its own lower
// bound, plus cohorts occupying the bases it would rather use) and
// re-inserts them one by one with recreate, which tries each usable base
// as the cohort's main base, fills it in a slot order (chronological or
// seeded-random), and spills what does not fit onto the next-nearest
// bases. A cohort's time rules (one session a slot, at most
// max_sessions_per_day a day, max_sessions_per_week a week) form a laminar
// matroid over its slots, so this greedy fill schedules the most sessions
// the free capacity allows, whatever the slot order. The search is
// deterministic for a seed; it stops after MaxMoves moves, at TimeLimit,
// when P meets the lower bound, or after a long run of moves without a
// better schedule (MinStallMoves, StallMovesPerCohort).
//
// Lower bound: the larger of two. The sum over cohorts of the best P each
// could reach alone, relaxed (see cohortBound), which counts base switches
// but ignores the capacity cohorts share; and the optimum of a min-cost
// flow relaxation (see flowBound), which counts shared capacity but not
// base switches. The schedule falls apart by equipment (parts.go): each
// part has its own bounds, construction and search, and the whole's bound
// is the sum of the parts'. After the search, a small part's bound is
// raised by branching on the cohorts the flow splits (branch.go).
//
// Complexity: a recreate costs O(B_c × S_c + min(B_c, maxMainBases) × B_c
// × R_c) for B_c usable bases, S_c allowed slots of the cohort and R_c of
// them with room at a base (each base's slots are scanned once, see
// fillMemo); a move recreates 1–4 cohorts.

// Reason says why some of a cohort's sessions were left unscheduled.
type Reason string

// Reasons a cohort's sessions were left unscheduled, as written to
// training_unscheduled.csv.
const (
	// No base has the cohort's equipment.
	ReasonNoBase Reason = "no_base"
	// Bases of the equipment exist, but none has as many stations as the
	// cohort has people.
	ReasonTooLarge Reason = "too_large"
	// Even alone in the bases, the cohort's weeks, days, periods and the
	// bases' open periods leave fewer slots than sessions.
	ReasonNoSlot Reason = "no_slot"
	// The slots exist, but other cohorts fill the bases.
	ReasonCapacity Reason = "capacity"
)

// The move limit when Settings.MaxMoves is 0: DefaultMoves, or
// MovesPerCohort per cohort when that is more, up to MaxAutoMoves, so that
// the search's effort grows with the city (a count, so the result stays
// deterministic) while a province-sized city stays within half a minute.
// The cap was 400,000 until the ruin reached beyond the nearest 3 bases
// (relatedBases); since then 800,000 moves take the 150,000-student city
// from P 239,422 to 236,670 (gap 3.6 → 2.5 %) for 3 s more CPU, spent
// beside stage 1 and the fairness audit, which use one core
// (docs/scaling.md).
const (
	DefaultMoves   = 40000
	MovesPerCohort = 400
	MaxAutoMoves   = 800000
)

// A part's search also stops after max(MinStallMoves, StallMovesPerCohort
// × its cohorts) moves in a row that found no better schedule: its moves
// then go to the parts still improving (parts.go). A count, so the result
// stays deterministic.
const (
	MinStallMoves       = 40000
	StallMovesPerCohort = 40
)

// Settings tune Schedule; the zero value works.
type Settings struct {
	Seed     uint64 // 0 and 1 give the same schedule
	MaxMoves int    // local-search moves; 0 = max(DefaultMoves, min(MovesPerCohort × cohorts, MaxAutoMoves)), < 0 = construction only
	// TimeLimit stops the search early, counted from the start of Solve
	// (the bounds and constructions always complete); 0 = none. A run stopped by time
	// depends on the machine's speed and is not reproducible: leave it 0
	// where byte-identical output matters.
	TimeLimit time.Duration
	// Progress, when set, is called during the search at most every
	// ProgressEvery (0: 2 s) with the moves made, the best P so far and
	// the bound: how the gap narrows in a long run. Neither changes the
	// schedule, so neither is part of the settings' JSON.
	Progress      func(Progress) `json:"-"`
	ProgressEvery time.Duration  `json:"-"`
}

// Progress is a report on the search under way.
type Progress struct {
	Moves    int
	P, Bound int64 // the best schedule's P so far, and the proven bound
	Elapsed  time.Duration
}

// Session is one scheduled session.
type Session struct {
	Cohort  int // index into the cohorts
	Session int // 1..n in chronological order within the cohort
	Base    int // index into the bases
	Week    int // 1-based
	Day     int // index into Calendar.Days
	Period  int // index into Calendar.Periods
	Km      int
}

// Shortfall is a number of a cohort's sessions left out, and why.
type Shortfall struct {
	Cohort  int
	Missing int
	Reason  Reason
}

// BaseUse is one row of bases_utilization.csv.
type BaseUse struct {
	Base               int
	Stations           int
	StationPeriodsOpen int64 // stations × weeks × days × open periods
	StationPeriodsUsed int64 // Σ headcount of the sessions held there
}

// Utilization is used/open, 0 for a base never open.
func (u BaseUse) Utilization() float64 {
	if u.StationPeriodsOpen == 0 {
		return 0
	}
	return float64(u.StationPeriodsUsed) / float64(u.StationPeriodsOpen)
}

// Stats describe the search.
type Stats struct {
	Cohorts, Sessions int   // cohorts and sessions asked for
	ConstructionP     int64 // P after construction: the cheaper of the two below
	GreedyP           int64 // P of the greedy construction (hardest cohorts first)
	// The two lower bounds whose larger is Bound: the sum of the cohorts'
	// own bounds (cohortBound) and the flow relaxation's (flowBound, or
	// coarseFlowBound when flowBound's network would be too large; 0 if
	// it could not be solved).
	CohortBound, FlowBound int64
	Moves, Accepted        int
	Kept                   int // cohorts whose previous sessions Keep kept
	Improvements           int
	StoppedBy              string // "moves", "time", "cancelled", "stall" (no better schedule for long) or "bound" (every part at its bound)
	// Time spent building the bounds and constructions, and searching,
	// summed over the parts (which run in parallel: the sum can exceed
	// the wall time).
	Construction time.Duration
	Search       time.Duration
	// The networks the branch and bound on the bound solved (branch.go),
	// the better schedules it built from their flows, and its time.
	BranchFlows, BranchImprovements int
	Branch                          time.Duration
}

// Result is the best schedule found.
type Result struct {
	// P is the penalty of the schedule; Bound a proven lower bound on the
	// optimum; Gap = (P − Bound) / P, 0 when P is 0; Optimal when P = Bound.
	P, Bound int64
	Gap      float64
	Optimal  bool
	// Terms of P.
	KmPenalty, SwitchPenalty, UnscheduledPenalty int64
	Sessions                                     []Session // by cohort, then session
	Unscheduled                                  []Shortfall
	Bases                                        []BaseUse
	Stats                                        Stats
}

// ErrInput is returned (wrapped) for input that validation should
// have rejected. A cohort that cannot be scheduled is never an error.
var ErrInput = errors.New("schedule: invalid input")

// placed is one session of a cohort: a base and a slot.
type placed struct{ base, slot int32 }

// cohortData is what the search needs of one cohort.
type cohortData struct {
	head   int32
	n      int
	bases  []int32 // usable bases (equipment, stations ≥ head), nearest first
	km     []int32 // parallel to bases
	near   int     // the search's ruin picks among bases[:near] (see relatedBases)
	slots  []int32 // slots allowed by window, days and periods, ascending
	calm   []int32 // the same slots, least wanted by other cohorts first
	lb     int64   // cohortBound
	capAll int     // sessions the cohort could have alone
	// switches is the base-switch penalty the cohort pays in any
	// schedule that places all its sessions: base_switch × (m − 1), m the
	// fewest of its bases whose alone caps reach n (0 when they cannot).
	// flowBound adds it (see there).
	switches int64
	reason   Reason // when it has no usable base: no_base or too_large
}

type scheduler struct {
	w                 model.Weights
	weeks, days, pers int
	slotsPerWeek      int
	stations          []int32
	mergeRoot         []int32  // by base: the first base of its equipment in its district
	open              [][]bool // base → period → open
	load              []int32  // base*S + slot → headcount
	S                 int
	maxDay, maxWeek   int32
	c                 []cohortData
	plan              [][]placed
	cost              []int64
	users             []int32 // base*nc + cohort → sessions of the cohort there
	nc                int
	P                 int64
	rng               *rand.Rand
	ctx               context.Context // stops the solve when done
	frozen            []bool          // by cohort: kept from a previous schedule, never moved (Keep)
	// Kept by remove and apply during the search (see track), so that a
	// move costs no scan over all cohorts: the cohorts not frozen paying
	// more than their own bound, the cohorts using each base (bitsets, so that they
	// are visited in index order as a scan would), and the cohorts changed
	// since the best schedule was last copied.
	tracking bool
	above    []uint64 // bit i: cost[i] > c[i].lb
	nAbove   int
	userBits []uint64 // base*words + i/64, bit i%64: users[base*nc+i] > 0
	words    int
	touched  []bool
	touchedL []int32
	// Settings.Progress and its period; bestP reads the best P so far.
	progress      func(Progress)
	progressEvery time.Duration
	bestP         func() int64
	// scratch of recreate
	usedSlot        []bool
	dayCnt, weekCnt []int32
	// by slot: its day (an index into dayCnt), week and period, so that
	// the time rules cost no division
	dayOf, weekOf, perOf []int32
	order                []int32
	tmpPl, bestPl        []placed
	groupsSeen           []int32
	memo                 []slotMemo // by index into the cohort's bases (fillMemo)
}

// slotMemo is what fillMemo has learnt of one base during a recreate: the
// slots of s.order, among the first scanned, that are open at the base
// and have room for the cohort. The loads do not change during a
// recreate, so each slot's load is read once however many plans spill to
// the base.
type slotMemo struct {
	slots   []int32
	scanned int
}

// Solve builds a training schedule for the cohorts in the bases (stage 2
// of the SPEC) and returns it with a proven lower bound on its penalty.
func Solve(ctx context.Context, bases []model.Base, cohorts []model.Cohort, dist *model.DistanceTable, cal model.Calendar,
	tr model.Training, w model.Weights, set Settings) (*Result, error) {
	return solve(ctx, bases, cohorts, dist, cal, tr, w, set, nil)
}

// partRun is one part (parts.go) between its construction and its search.
type partRun struct {
	s     *scheduler
	bases []model.Base
	bound int64
	st    Stats
	best  [][]placed // the best schedule so far, once run
	bestP int64
	other [][]placed // the construction not kept, if any, until a stalled search restarts from it
	order []int      // the constructions' order of the cohorts, hardest first
}

// prepare builds a part's scheduler, keeps the previous sessions (nil:
// none), computes the bounds and constructs the first schedule.
func prepare(ctx context.Context, bases []model.Base, cohorts []model.Cohort, dist *model.DistanceTable, cal model.Calendar,
	tr model.Training, w model.Weights, set Settings, previous []Session) (*partRun, error) {
	t0 := time.Now()
	s, err := newScheduler(bases, cohorts, dist, cal, tr, w, set)
	if err != nil {
		return nil, err
	}
	s.ctx = ctx
	if previous != nil {
		s.keep(previous)
	}
	var cohortBound int64
	for i := range s.c {
		cohortBound += s.c[i].lb
	}
	flowBound, hints, ok := s.flowBound()
	if !ok {
		flowBound, _ = s.coarseFlowBound()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	bound := max(cohortBound, flowBound)
	// Construction: hardest cohorts first — fewest isolated sessions to
	// spare per session asked, then most people — each recreated
	// chronologically.
	order := make([]int, len(s.c))
	for i := range order {
		order[i] = i
	}
	slack := func(i int) float64 { return float64(s.c[i].capAll) / float64(max(1, s.c[i].n)) }
	sort.SliceStable(order, func(a, b int) bool {
		i, j := order[a], order[b]
		if si, sj := slack(i), slack(j); si != sj {
			return si < sj
		}
		return s.c[i].head > s.c[j].head
	})
	for _, i := range order {
		if !s.isFrozen(i) {
			s.recreate(i, orderCalm)
		}
	}
	greedyP := s.P
	var other [][]placed // the construction not kept
	if hints != nil && s.P > bound {
		// The construction from the flow relaxation's hints, kept when
		// it is cheaper; the search restarts from the other one if it
		// stalls.
		greedy := s.snapshot()
		s.clear()
		s.constructHinted(order, hints)
		if s.P >= greedyP {
			other = s.snapshot()
			s.restore(greedy)
		} else {
			other = greedy
		}
	}
	r := &partRun{s: s, bases: bases, bound: bound, other: other, order: order,
		st: Stats{Cohorts: len(cohorts), ConstructionP: s.P, GreedyP: greedyP, CohortBound: cohortBound, FlowBound: flowBound}}
	for i := range s.c {
		if s.isFrozen(i) {
			r.st.Kept++
		}
		r.st.Sessions += s.c[i].n
	}
	r.st.Construction = time.Since(t0)
	return r, nil
}

// run searches from the best schedule so far (at first the
// construction's) for at most moves moves (≤ 0: none), until start +
// set.TimeLimit when a limit is set. It can be called again to search on.
func (r *partRun) run(ctx context.Context, set Settings, start time.Time, moves int) error {
	s, st := r.s, &r.st
	t1 := time.Now()
	if r.best == nil {
		r.best, r.bestP = s.snapshot(), s.P
	} else {
		s.restore(r.best)
	}
	s.progress, s.progressEvery = set.Progress, set.ProgressEvery
	if s.progressEvery <= 0 {
		s.progressEvery = 2 * time.Second
	}
	s.bestP = func() int64 { return r.bestP }
	st.StoppedBy = "moves"
	if r.bestP == r.bound {
		st.StoppedBy = "bound"
	} else if moves > 0 {
		improved := func() {
			if s.P < r.bestP {
				r.bestP = s.P
				st.Improvements++
				// Only the cohorts changed since the last copy differ.
				for _, i := range s.touchedL {
					r.best[i] = append(r.best[i][:0], s.plan[i]...)
					s.touched[i] = false
				}
				s.touchedL = s.touchedL[:0]
			}
		}
		before := st.Moves
		s.search(moves, set.TimeLimit, start, r.bound, st, improved)
		if left := moves - (st.Moves - before); st.StoppedBy == "stall" && r.other != nil && left > 0 {
			// Stalled: once, the rest of the moves from the other
			// construction. Every cohort may differ from the best now.
			s.restore(r.other)
			r.other = nil
			for i := range s.c {
				r.best[i] = slices.Clone(r.best[i])
			}
			s.search(left, set.TimeLimit, start, r.bound, st, func() {
				if s.P < r.bestP {
					r.bestP = s.P
					st.Improvements++
					for i := range s.c {
						r.best[i] = append(r.best[i][:0], s.plan[i]...)
					}
				}
			})
		}
	}
	st.Search += time.Since(t1)
	return ctx.Err()
}

// result is the best schedule found.
func (r *partRun) result() (*Result, error) {
	res := r.s.result(r.bases, r.best, r.bound)
	res.Stats = r.st
	if res.P != r.bestP {
		return nil, fmt.Errorf("schedule: internal error: best schedule costs %d, search says %d", res.P, r.bestP)
	}
	return res, nil
}

func newScheduler(bases []model.Base, cohorts []model.Cohort, dist *model.DistanceTable, cal model.Calendar,
	tr model.Training, w model.Weights, set Settings) (*scheduler, error) {
	if w.TrainPerKm < 0 || w.BaseSwitch < 0 || w.Unscheduled < 0 {
		return nil, fmt.Errorf("%w: weights train_per_km, base_switch and unscheduled must be ≥ 0", ErrInput)
	}
	if cal.Weeks < 1 || len(cal.Days) == 0 || len(cal.Periods) == 0 || tr.MaxSessionsPerDay < 1 || tr.MaxSessionsPerWeek < 1 {
		return nil, fmt.Errorf("%w: empty calendar or training limits < 1", ErrInput)
	}
	seed := set.Seed
	if seed == 0 {
		seed = 1
	}
	s := &scheduler{ctx: context.Background(),
		w:     w,
		weeks: cal.Weeks, days: len(cal.Days), pers: len(cal.Periods),
		maxDay: int32(tr.MaxSessionsPerDay), maxWeek: int32(tr.MaxSessionsPerWeek),
		nc:  len(cohorts),
		rng: rand.New(rand.NewPCG(seed, 0x7261696e696e67)),
	}
	s.slotsPerWeek = s.days * s.pers
	s.S = s.weeks * s.slotsPerWeek
	dayIx := indexOf(cal.Days)
	perIx := indexOf(cal.Periods)
	s.stations = make([]int32, len(bases))
	s.open = make([][]bool, len(bases))
	byGroup := map[string][]int32{}
	for b := range bases {
		s.stations[b] = int32(bases[b].Stations)
		s.open[b] = make([]bool, s.pers)
		for _, p := range bases[b].OpenPeriods {
			k, ok := perIx[p]
			if !ok {
				return nil, fmt.Errorf("%w: base %q: period %q is not in the calendar", ErrInput, bases[b].ID, p)
			}
			s.open[b][k] = true
		}
		s.mergeRoot = append(s.mergeRoot, int32(b))
		for _, o := range byGroup[bases[b].Equipment] {
			if bases[o].District == bases[b].District {
				s.mergeRoot[b] = o
				break
			}
		}
		byGroup[bases[b].Equipment] = append(byGroup[bases[b].Equipment], int32(b))
	}
	s.load = make([]int32, len(bases)*s.S)
	s.users = make([]int32, len(bases)*s.nc)
	s.c = make([]cohortData, len(cohorts))
	s.plan = make([][]placed, len(cohorts))
	s.cost = make([]int64, len(cohorts))
	for i := range cohorts {
		c := &cohorts[i]
		if c.Headcount < 1 || c.Sessions < 0 || c.EarliestWeek < 1 || c.LatestWeek > cal.Weeks || c.EarliestWeek > c.LatestWeek {
			return nil, fmt.Errorf("%w: cohort %q: headcount, sessions or weeks out of range", ErrInput, c.ID)
		}
		cd := &s.c[i]
		cd.head, cd.n = int32(c.Headcount), c.Sessions
		days, err := indices(c.Days, dayIx, c.ID, "day")
		if err != nil {
			return nil, err
		}
		pers, err := indices(c.Periods, perIx, c.ID, "period")
		if err != nil {
			return nil, err
		}
		for wk := c.EarliestWeek - 1; wk < c.LatestWeek; wk++ {
			for _, d := range days {
				for _, p := range pers {
					cd.slots = append(cd.slots, int32((wk*s.days+d)*s.pers+p))
				}
			}
		}
		slices.Sort(cd.slots)
		group := byGroup[c.Equipment]
		cd.reason = ReasonNoBase
		if len(group) > 0 {
			cd.reason = ReasonTooLarge
		}
		for _, b := range group {
			if s.stations[b] < cd.head {
				continue
			}
			km, ok := dist.Km(c.District, bases[b].District)
			if !ok {
				return nil, fmt.Errorf("%w: no distance between cohort %q (%s) and base %q (%s)",
					ErrInput, c.ID, c.District, bases[b].ID, bases[b].District)
			}
			cd.bases = append(cd.bases, b)
			cd.km = append(cd.km, int32(km))
			cd.reason = ""
		}
		// Nearest first; ties by base order.
		idx := make([]int, len(cd.bases))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return cd.km[idx[a]] < cd.km[idx[b]] })
		nb, nk := make([]int32, len(idx)), make([]int32, len(idx))
		for k, j := range idx {
			nb[k], nk[k] = cd.bases[j], cd.km[j]
		}
		cd.bases, cd.km = nb, nk
		cd.near = relatedBases(cd.km)
		s.cohortBound(i, len(days), pers, c.LatestWeek-c.EarliestWeek+1)
		s.cost[i] = s.planCost(i, nil)
		s.P += s.cost[i]
	}
	s.orderByPressure()
	s.usedSlot = make([]bool, s.S)
	s.dayCnt = make([]int32, s.weeks*s.days)
	s.weekCnt = make([]int32, s.weeks)
	s.dayOf, s.weekOf, s.perOf = make([]int32, s.S), make([]int32, s.S), make([]int32, s.S)
	for t := range s.S {
		s.dayOf[t], s.weekOf[t], s.perOf[t] = int32(t/s.pers), int32(t/s.slotsPerWeek), int32(t%s.pers)
	}
	return s, nil
}

func indexOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

func indices(names []string, ix map[string]int, cohort, what string) ([]int, error) {
	out := make([]int, 0, len(names))
	for _, n := range names {
		k, ok := ix[n]
		if !ok {
			return nil, fmt.Errorf("%w: cohort %q: %s %q is not in the calendar", ErrInput, cohort, what, n)
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// aloneCap is the most sessions a cohort can hold alone in weeks weeks on
// days days when k of its periods are usable each day: per day at most
// min(max_per_day, k), per week at most max_per_week (a laminar bound,
// reached by any greedy fill).
func (s *scheduler) aloneCap(weeks, days, k int) int {
	return weeks * min(int(s.maxWeek), days*min(int(s.maxDay), k))
}

// cohortBound sets the cohort's lower bound: the least P the cohort could
// pay even with every base to itself, relaxed so it is cheap to compute.
// With cap_b the sessions base b alone could hold (aloneCap with the
// cohort's periods that b opens) and capAll the sessions all its usable
// bases together could hold, a plan scheduling s ≤ min(n, capAll) sessions
// pays at least
//
//	unscheduled × (n − s)
//	+ train_per_km × (the s cheapest session-km when base b takes ≤ cap_b)
//	+ base_switch × (m(s) − 1), m(s) the fewest bases whose caps reach s,
//
// each term a bound on its own; the bound is the least over s. When the
// nearest base can hold every session it is n × km_min — the cohort's
// exact optimum alone.
func (s *scheduler) cohortBound(i, days int, pers []int, weeks int) {
	cd := &s.c[i]
	caps := make([]int, len(cd.bases))
	union := make([]bool, s.pers)
	for k, b := range cd.bases {
		n := 0
		for _, p := range pers {
			if s.open[b][p] {
				n++
				union[p] = true
			}
		}
		caps[k] = s.aloneCap(weeks, days, n)
	}
	nu := 0
	for _, u := range union {
		if u {
			nu++
		}
	}
	cd.capAll = s.aloneCap(weeks, days, nu)
	desc := slices.Clone(caps)
	slices.Sort(desc)
	slices.Reverse(desc)
	U, T, B := int64(s.w.Unscheduled), int64(s.w.TrainPerKm), int64(s.w.BaseSwitch)
	best := U * int64(cd.n)
	var km int64 // the s cheapest session-km
	k, usedAtK := 0, 0
	m, reach := 0, 0
	for sc := 1; sc <= min(cd.n, cd.capAll); sc++ {
		for usedAtK >= caps[k] {
			k, usedAtK = k+1, 0
		}
		km += int64(cd.km[k])
		usedAtK++
		for reach < sc {
			reach += desc[m]
			m++
		}
		if v := U*int64(cd.n-sc) + T*km + B*int64(m-1); v < best {
			best = v
		}
	}
	cd.lb = best
	if cd.n > 0 && cd.capAll >= cd.n { // the loop ended at sc = n: m bases at least
		cd.switches = B * int64(m-1)
	}
}

// planCost is the cohort's term of P for plan.
func (s *scheduler) planCost(i int, plan []placed) int64 {
	cd := &s.c[i]
	var km int64
	distinct := 0
	for j, p := range plan {
		km += int64(cd.kmTo(p.base))
		seen := false
		for _, q := range plan[:j] {
			if q.base == p.base {
				seen = true
				break
			}
		}
		if !seen {
			distinct++
		}
	}
	return int64(s.w.TrainPerKm)*km + int64(s.w.BaseSwitch)*int64(max(0, distinct-1)) +
		int64(s.w.Unscheduled)*int64(cd.n-len(plan))
}

func (cd *cohortData) kmTo(b int32) int32 {
	for k, x := range cd.bases {
		if x == b {
			return cd.km[k]
		}
	}
	panic("schedule: base not usable by cohort")
}

// restore replaces every cohort's plan but the frozen ones' by plan's.
func (s *scheduler) restore(plan [][]placed) {
	s.clear()
	for i := range s.c {
		if !s.isFrozen(i) {
			s.apply(i, plan[i])
		}
	}
}

// clear removes every cohort's plan but the frozen ones'.
func (s *scheduler) clear() {
	for i := range s.c {
		if !s.isFrozen(i) {
			s.remove(i)
		}
	}
}

// remove takes cohort i's plan out of the loads.
func (s *scheduler) remove(i int) {
	for _, p := range s.plan[i] {
		s.load[int(p.base)*s.S+int(p.slot)] -= s.c[i].head
		k := int(p.base)*s.nc + i
		if s.users[k]--; s.users[k] == 0 && s.tracking {
			s.userBits[int(p.base)*s.words+i/64] &^= 1 << (i % 64)
		}
	}
	s.setCost(i, s.planCost(i, nil))
	s.plan[i] = s.plan[i][:0]
}

// apply puts plan in as cohort i's (whose plan must be empty).
func (s *scheduler) apply(i int, plan []placed) {
	for _, p := range plan {
		s.load[int(p.base)*s.S+int(p.slot)] += s.c[i].head
		k := int(p.base)*s.nc + i
		if s.users[k]++; s.users[k] == 1 && s.tracking {
			s.userBits[int(p.base)*s.words+i/64] |= 1 << (i % 64)
		}
	}
	s.plan[i] = append(s.plan[i][:0], plan...)
	s.setCost(i, s.planCost(i, plan))
}

// setCost sets cohort i's term of P and, when tracking, the sets that
// depend on it.
func (s *scheduler) setCost(i int, c int64) {
	s.P += c - s.cost[i]
	s.cost[i] = c
	if !s.tracking {
		return
	}
	was := s.above[i/64]>>(i%64)&1 == 1
	if now := c > s.c[i].lb && !s.isFrozen(i); now != was {
		s.above[i/64] ^= 1 << (i % 64)
		if now {
			s.nAbove++
		} else {
			s.nAbove--
		}
	}
	if !s.touched[i] {
		s.touched[i] = true
		s.touchedL = append(s.touchedL, int32(i))
	}
}

// track starts keeping the sets of the search from the current schedule.
func (s *scheduler) track() {
	s.words = (s.nc + 63) / 64
	s.above = make([]uint64, s.words)
	s.nAbove = 0
	s.userBits = make([]uint64, len(s.stations)*s.words)
	s.touched = make([]bool, s.nc)
	s.touchedL = s.touchedL[:0]
	for i := range s.c {
		if s.cost[i] > s.c[i].lb && !s.isFrozen(i) {
			s.above[i/64] |= 1 << (i % 64)
			s.nAbove++
		}
	}
	for b := range s.stations {
		for i := range s.nc {
			if s.users[b*s.nc+i] > 0 {
				s.userBits[b*s.words+i/64] |= 1 << (i % 64)
			}
		}
	}
	s.tracking = true
}

// countAbove counts the cohorts not frozen paying more than their own
// bound: those the search can seed a move with.
func (s *scheduler) countAbove() int {
	n := 0
	for i := range s.c {
		if s.cost[i] > s.c[i].lb && !s.isFrozen(i) {
			n++
		}
	}
	return n
}

// kthAbove is the k-th (from 0) cohort, in index order, paying more than
// its own bound.
func (s *scheduler) kthAbove(k int) int {
	for w, x := range s.above {
		if n := bits.OnesCount64(x); k >= n {
			k -= n
			continue
		}
		for ; k > 0; k-- {
			x &= x - 1
		}
		return w*64 + bits.TrailingZeros64(x)
	}
	panic("schedule: kthAbove out of range")
}

// slotOrder is the order in which recreate tries a cohort's slots.
type slotOrder int

const (
	orderCalm          slotOrder = iota // least wanted by other cohorts first (cohortData.calm)
	orderRandom                         // seeded random
	orderChronological                  // earliest first
)

// orderByPressure sets each cohort's calm slot order. The pressure on a
// base-slot is how much the cohorts that could use it want it: Σ over
// them of headcount/stations × sessions / (their usable base-slots). A
// cohort's slots are ordered by the pressure summed over its usable bases,
// least first (ties chronological), so that a flexible cohort leaves the
// slots others depend on.
func (s *scheduler) orderByPressure() {
	press := make([]float64, len(s.stations)*s.S)
	for i := range s.c {
		cd := &s.c[i]
		opts := 0
		for _, b := range cd.bases {
			for _, t := range cd.slots {
				if s.open[b][int(t)%s.pers] {
					opts++
				}
			}
		}
		if opts == 0 {
			continue
		}
		for _, b := range cd.bases {
			want := float64(cd.head) / float64(s.stations[b]) * float64(cd.n) / float64(opts)
			for _, t := range cd.slots {
				if s.open[b][int(t)%s.pers] {
					press[int(b)*s.S+int(t)] += want
				}
			}
		}
	}
	for i := range s.c {
		cd := &s.c[i]
		p := make([]float64, len(cd.slots))
		for k, t := range cd.slots {
			for _, b := range cd.bases {
				if s.open[b][int(t)%s.pers] {
					p[k] += press[int(b)*s.S+int(t)]
				}
			}
		}
		idx := make([]int, len(cd.slots))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
		cd.calm = make([]int32, len(idx))
		for k, j := range idx {
			cd.calm[k] = cd.slots[j]
		}
	}
}

// relatedBases is how many of a cohort's nearest bases (km, ascending)
// the search's ruin picks the base from whose users it ruins with the
// seed: those as near as the nearest — the bases of the cohort's own
// district, in a generated city — but at least minRelatedBases and at
// most maxRelatedBases, and no more than there are.
//
// It was the nearest 3. A province's district has a dozen bases of an
// equipment, and the nearest 3 kept the ruins among the same few; at
// 150,000 students (9,722 cohorts, 400,000 moves) P fell from 241,204–
// 242,478 to 238,728–239,422 over three seeds, the 50-school city's from
// 215,936–216,366 to 213,848–214,260, a 40,000-student city's by
// 70–270. In cities with three bases or fewer a district, every cohort
// keeps the nearest 3, and the same schedules (docs/scaling.md).
func relatedBases(km []int32) int {
	g := 1
	for g < len(km) && km[g] == km[0] {
		g++
	}
	return min(len(km), max(minRelatedBases, min(g, maxRelatedBases)))
}

const (
	minRelatedBases = 3
	maxRelatedBases = 8
)

// maxMainBases is how many of a cohort's nearest bases recreate tries as
// its main base; the spill still reaches every usable base, and beyond
// them the nearest base that can take every session alone is tried. It bounds a
// recreate at O(maxMainBases × B_c × S_c) in cities with many bases.
const maxMainBases = 6

// recreate inserts cohort i (whose plan must be empty) as cheaply as the
// free capacity allows: each of the nearest maxMainBases usable bases in
// turn is tried as the main base, filled first, the rest spilling to the other bases nearest first;
// the cheapest plan wins (the first on ties). Slots are tried in the
// order how says.
//
// A plan is abandoned as soon as a lower bound on its cost (see
// spillBound) reaches the best cost so far, and the remaining mains are
// not tried once a bound on all their plans does: such a plan could not
// have won, as ties keep the first, so the winner is the same as without
// the bounds — only cheaper to find. Most bases of a busy city are full in
// most of a cohort's slots, and without the bounds most of recreate's
// time went to scanning them.
func (s *scheduler) recreate(i int, how slotOrder) {
	cd := &s.c[i]
	if len(cd.bases) == 0 || cd.n == 0 {
		return
	}
	switch how {
	case orderCalm:
		s.order = append(s.order[:0], cd.calm...)
	case orderRandom:
		s.order = append(s.order[:0], cd.slots...)
		s.rng.Shuffle(len(s.order), func(a, b int) { s.order[a], s.order[b] = s.order[b], s.order[a] })
	default:
		s.order = append(s.order[:0], cd.slots...)
	}
	for len(s.memo) < len(cd.bases) {
		s.memo = append(s.memo, slotMemo{})
	}
	for k := range cd.bases {
		s.memo[k] = slotMemo{slots: s.memo[k].slots[:0]}
	}
	T, B, U := int64(s.w.TrainPerKm), int64(s.w.BaseSwitch), int64(s.w.Unscheduled)
	bestCost := int64(-1)
	for main := range min(len(cd.bases), maxMainBases) {
		// A main that takes no session gives main 0's plan again (the
		// loads do not change during recreate, so it takes none later
		// either); one that takes j ≥ 1 costs at least j sessions at
		// its km and the other n − j at the nearest km or left out —
		// at least the bound below, which only grows with main's km:
		// no later main can win either.
		if main > 0 && T*int64(cd.km[main])+int64(cd.n-1)*min(U, T*int64(cd.km[0])) >= bestCost {
			break
		}
		// The plan's cost, kept as it grows: each base is filled at most
		// once, so the bases used are the fills that took a session.
		var km int64
		bases := 0
		s.tmpPl = s.tmpPl[:0]
		add := func(k int) {
			if got := s.fillMemo(i, k); got > 0 {
				km += int64(got) * int64(cd.km[k])
				bases++
			}
		}
		add(main)
		abandoned := false
		for k := 0; k < len(cd.bases) && len(s.tmpPl) < cd.n; k++ {
			if k == main {
				continue
			}
			if bestCost >= 0 && s.spillBound(T*km, bases, cd.n-len(s.tmpPl), cd.km[k]) >= bestCost {
				abandoned = true
				break
			}
			add(k)
		}
		c := T*km + B*int64(max(0, bases-1)) + U*int64(cd.n-len(s.tmpPl))
		s.resetScratch()
		if !abandoned && (bestCost < 0 || c < bestCost) {
			bestCost = c
			s.bestPl = append(s.bestPl[:0], s.tmpPl...)
			if c <= cd.lb {
				break
			}
		}
	}
	// Beyond the mains tried, the nearest base that can take every
	// session alone, when that beats the best split.
	for k := maxMainBases; k < len(cd.bases) && bestCost > cd.lb; k++ {
		if T*int64(cd.n)*int64(cd.km[k]) >= bestCost {
			break // nearest first: no later base can do better
		}
		s.tmpPl = s.tmpPl[:0]
		s.fillMemo(i, k)
		full := len(s.tmpPl) == cd.n
		s.resetScratch()
		if full {
			bestCost = T * int64(cd.n) * int64(cd.km[k])
			s.bestPl = append(s.bestPl[:0], s.tmpPl...)
			break
		}
	}
	s.apply(i, s.bestPl)
}

// spillBound is a lower bound on the cost of a plan of recreate's whose
// sessions so far cost kmCost in km and use bases bases, with left
// sessions still to place at bases no nearer than km or to leave out:
// each of those costs at least min(unscheduled, train_per_km × km), and
// if any is placed while others already are, it adds a base switch.
func (s *scheduler) spillBound(kmCost int64, bases, left int, km int32) int64 {
	T, B, U := int64(s.w.TrainPerKm), int64(s.w.BaseSwitch), int64(s.w.Unscheduled)
	lb := kmCost + B*int64(max(0, bases-1))
	each := min(U, T*int64(km))
	if bases > 0 {
		// All left out, or some placed at a further base.
		return lb + min(int64(left)*U, B+int64(left)*each)
	}
	return lb + int64(left)*each
}

// fill adds to s.tmpPl the sessions of cohort i that base b can still take,
// in s.order, within the cohort's time rules, and returns how many.
//
// The tests are ordered by how often they reject in a busy city: the
// base's load first (at 40,000 students, 94 % of the slots tried are
// full), then the cohort's time rules and the base's open periods.
func (s *scheduler) fill(i int, b int32) int {
	cd := &s.c[i]
	room := s.stations[b] - cd.head
	load := s.load[int(b)*s.S : int(b+1)*s.S]
	open := s.open[b]
	start := len(s.tmpPl)
	for _, t := range s.order {
		if len(s.tmpPl) >= cd.n {
			break
		}
		if load[t] > room || !s.timeRulesAllow(t) || !open[s.perOf[t]] {
			continue
		}
		s.take(b, t)
	}
	return len(s.tmpPl) - start
}

// fillMemo is fill for recreate, of the cohort's k-th usable base: the
// same sessions in the same order, but the slots with room are read from
// s.memo[k] as far as an earlier fill of the recreate scanned them, and
// only the rest of s.order is scanned (and memoized). A recreate spills
// to the same bases for each main it tries, and in a busy city most of
// their slots are full.
func (s *scheduler) fillMemo(i, k int) int {
	cd := &s.c[i]
	b := cd.bases[k]
	m := &s.memo[k]
	start := len(s.tmpPl)
	for _, t := range m.slots {
		if len(s.tmpPl) >= cd.n {
			return len(s.tmpPl) - start
		}
		if s.timeRulesAllow(t) {
			s.take(b, t)
		}
	}
	room := s.stations[b] - cd.head
	load := s.load[int(b)*s.S : int(b+1)*s.S]
	open := s.open[b]
	for m.scanned < len(s.order) && len(s.tmpPl) < cd.n {
		t := s.order[m.scanned]
		m.scanned++
		if load[t] > room || !open[s.perOf[t]] {
			continue
		}
		m.slots = append(m.slots, t)
		if s.timeRulesAllow(t) {
			s.take(b, t)
		}
	}
	return len(s.tmpPl) - start
}

// holds reports whether cohort j has a session at base b in a slot
// marked in s.usedSlot.
func (s *scheduler) holds(j int, b int32) bool {
	for _, p := range s.plan[j] {
		if p.base == b && s.usedSlot[p.slot] {
			return true
		}
	}
	return false
}

func (s *scheduler) snapshot() [][]placed {
	out := make([][]placed, len(s.plan))
	for i, p := range s.plan {
		out[i] = slices.Clone(p)
	}
	return out
}

// search runs late-acceptance large-neighbourhood search from the current
// schedule; improved is called after every accepted move.
func (s *scheduler) search(moves int, limit time.Duration, start time.Time, bound int64, st *Stats, improved func()) {
	const histLen = 64
	hist := make([]int64, histLen)
	for k := range hist {
		hist[k] = s.P
	}
	s.track()
	defer func() { s.tracking = false }()
	lastReport := time.Now()
	// The search stops after stallMoves moves without a better P.
	bestSeen, lastBetter := s.P, 0
	stall := max(MinStallMoves, StallMovesPerCohort*s.nc)
	var (
		ruined []int
		redo   []int
		saved  [][]placed
		others []int
	)
	for mv := 0; mv < moves; mv++ {
		if mv&63 == 0 && s.ctx.Err() != nil {
			st.StoppedBy = "cancelled"
			return
		}
		if limit > 0 && mv&63 == 0 && time.Since(start) > limit {
			st.StoppedBy = "time"
			return
		}
		if s.progress != nil && mv&255 == 0 {
			if now := time.Now(); now.Sub(lastReport) >= s.progressEvery {
				lastReport = now
				s.progress(Progress{Moves: mv, P: s.bestP(), Bound: bound, Elapsed: now.Sub(start)})
			}
		}
		// The seed: a cohort paying more than its own bound.
		if s.nAbove == 0 {
			st.StoppedBy = "bound"
			return
		}
		st.Moves++
		c := s.kthAbove(s.rng.IntN(s.nAbove))
		ruined = append(ruined[:0], c)
		// Related cohorts: users of one of the seed's nearest bases.
		cd := &s.c[c]
		b := cd.bases[s.rng.IntN(cd.near)]
		// Half the time only those holding b in a slot the seed could use.
		targeted := s.rng.IntN(2) == 0
		if targeted {
			for _, t := range cd.slots {
				s.usedSlot[t] = true
			}
		}
		others = others[:0]
		for w, x := range s.userBits[int(b)*s.words : int(b+1)*s.words] {
			for ; x != 0; x &= x - 1 {
				j := w*64 + bits.TrailingZeros64(x)
				if j == c || s.isFrozen(j) || (targeted && !s.holds(j, b)) {
					continue
				}
				others = append(others, j)
			}
		}
		if targeted {
			for _, t := range cd.slots {
				s.usedSlot[t] = false
			}
		}
		extra := s.rng.IntN(4)
		for e := 0; e < extra && len(others) > 0; e++ {
			k := s.rng.IntN(len(others))
			ruined = append(ruined, others[k])
			others[k] = others[len(others)-1]
			others = others[:len(others)-1]
		}
		before := s.P
		for len(saved) < len(ruined) {
			saved = append(saved, nil)
		}
		for k, j := range ruined {
			saved[k] = append(saved[k][:0], s.plan[j]...)
			s.remove(j)
		}
		redo = append(redo[:0], ruined...)
		if s.rng.IntN(2) == 0 {
			s.rng.Shuffle(len(redo), func(a, b int) { redo[a], redo[b] = redo[b], redo[a] })
		}
		how := slotOrder(s.rng.IntN(3))
		for _, j := range redo {
			s.recreate(j, how)
		}
		after := s.P
		h := &hist[mv%histLen]
		if after <= before || after <= *h {
			st.Accepted++
			improved()
		} else {
			for _, j := range ruined {
				s.remove(j)
			}
			for k, j := range ruined {
				s.apply(j, saved[k])
			}
		}
		*h = s.P
		if s.P == bound {
			improved()
			st.StoppedBy = "bound"
			return
		}
		if s.P < bestSeen {
			bestSeen, lastBetter = s.P, mv
		} else if mv-lastBetter >= stall {
			st.StoppedBy = "stall"
			return
		}
	}
}

// result turns a plan into the output rows, recomputing P from scratch.
func (s *scheduler) result(bases []model.Base, plan [][]placed, bound int64) *Result {
	res := &Result{Bound: bound}
	used := make([]int64, len(bases))
	for i := range plan {
		cd := &s.c[i]
		p := slices.Clone(plan[i])
		slices.SortFunc(p, func(a, b placed) int { return int(a.slot - b.slot) })
		distinct := map[int32]bool{}
		for k, x := range p {
			km := cd.kmTo(x.base)
			t := int(x.slot)
			res.Sessions = append(res.Sessions, Session{
				Cohort: i, Session: k + 1, Base: int(x.base),
				Week: t/s.slotsPerWeek + 1, Day: t / s.pers % s.days, Period: t % s.pers, Km: int(km),
			})
			res.KmPenalty += int64(s.w.TrainPerKm) * int64(km)
			distinct[x.base] = true
			used[x.base] += int64(cd.head)
		}
		res.SwitchPenalty += int64(s.w.BaseSwitch) * int64(max(0, len(distinct)-1))
		missing := cd.n - len(p)
		res.UnscheduledPenalty += int64(s.w.Unscheduled) * int64(missing)
		if missing == 0 {
			continue
		}
		if cd.reason != "" {
			res.Unscheduled = append(res.Unscheduled, Shortfall{i, missing, cd.reason})
			continue
		}
		if noSlot := min(missing, cd.n-cd.capAll); noSlot > 0 {
			res.Unscheduled = append(res.Unscheduled, Shortfall{i, noSlot, ReasonNoSlot})
			missing -= noSlot
		}
		if missing > 0 {
			res.Unscheduled = append(res.Unscheduled, Shortfall{i, missing, ReasonCapacity})
		}
	}
	res.P = res.KmPenalty + res.SwitchPenalty + res.UnscheduledPenalty
	if res.P > 0 {
		res.Gap = float64(res.P-res.Bound) / float64(res.P)
	}
	res.Optimal = res.P == res.Bound
	for b := range bases {
		open := 0
		for _, o := range s.open[b] {
			if o {
				open++
			}
		}
		res.Bases = append(res.Bases, BaseUse{
			Base: b, Stations: bases[b].Stations,
			StationPeriodsOpen: int64(bases[b].Stations) * int64(s.weeks*s.days*open),
			StationPeriodsUsed: used[b],
		})
	}
	return res
}
