package schedule

import (
	"context"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"placement/model"
)

// The schedule falls apart by equipment: a cohort uses only bases of its
// own equipment, and P is a sum of per-cohort terms, so the cohorts of one
// equipment and its bases (a part) are a problem of their own. solve
// solves the parts separately — on up to GOMAXPROCS goroutines, largest
// first — and joins their results in part order: the schedule, P and the
// bound (the sum of the parts' bounds, each the larger of its cohort and
// flow bounds) do not depend on GOMAXPROCS or on which part finishes
// first. Each part searches with its share of the move limit, in
// proportion to its cohorts that pay more than their own bound after
// construction.

// part is one equipment's cohorts and bases, as indices into the whole.
type part struct {
	cohorts, bases []int
}

// splitParts groups the cohorts and bases by equipment, in order of first
// appearance (cohorts first, then bases no cohort asks for).
func splitParts(bases []model.Base, cohorts []model.Cohort) []part {
	ix := map[string]int{}
	var parts []part
	at := func(eq string) *part {
		k, ok := ix[eq]
		if !ok {
			k = len(parts)
			ix[eq] = k
			parts = append(parts, part{})
		}
		return &parts[k]
	}
	for i := range cohorts {
		p := at(cohorts[i].Equipment)
		p.cohorts = append(p.cohorts, i)
	}
	for b := range bases {
		p := at(bases[b].Equipment)
		p.bases = append(p.bases, b)
	}
	return parts
}

// solve is Solve, with the previous sessions Keep holds fixed (nil: none).
// All parts are constructed first and then searched, so that progress
// reports sum every part's best P so far and its bound.
func solve(ctx context.Context, bases []model.Base, cohorts []model.Cohort, dist *model.DistanceTable, cal model.Calendar,
	tr model.Training, w model.Weights, set Settings, previous []Session) (*Result, error) {
	start := time.Now()
	moves := set.MaxMoves
	if moves == 0 {
		moves = max(DefaultMoves, min(MovesPerCohort*len(cohorts), MaxAutoMoves))
	}
	parts := splitParts(bases, cohorts)
	if len(parts) <= 1 {
		r, err := prepare(ctx, bases, cohorts, dist, cal, tr, w, set, previous)
		if err != nil {
			return nil, err
		}
		if err := r.run(ctx, set, start, moves); err != nil {
			return nil, err
		}
		r.branch(set.TimeLimit, start)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return r.result()
	}
	order := make([]int, len(parts))
	for k := range parts {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool { return len(parts[order[a]].cohorts) > len(parts[order[b]].cohorts) })
	runs := make([]*partRun, len(parts))
	err := forEachPart(order, func(k int) (err error) {
		runs[k], err = preparePart(ctx, bases, cohorts, parts[k], dist, cal, tr, w, set, previous)
		return err
	})
	if err != nil {
		return nil, err
	}
	// Moves in proportion to the cohorts paying more than their own
	// bound (those the search works on: a part at its bound needs none).
	// A part that meets its bound early leaves moves over; they go, in a
	// further round, to the parts still above their bound.
	agg := newProgressAgg(set, runs)
	left := moves
	weights := make([]int, len(parts))
	for k, r := range runs {
		weights[k] = r.s.countAbove()
	}
	for round := 0; round < maxRounds; round++ {
		share := apportion(left, weights, order)
		before := 0
		for _, r := range runs {
			before += r.st.Moves
		}
		err = forEachPart(order, func(k int) error {
			if round > 0 && share[k] == 0 {
				return nil
			}
			pset := set
			pset.Progress = agg.forPart(k)
			// Parts report often; the sum goes out at the full period.
			pset.ProgressEvery = max(agg.every/4, 1)
			return runs[k].run(ctx, pset, start, share[k])
		})
		if err != nil {
			return nil, err
		}
		for _, r := range runs {
			left -= r.st.Moves
		}
		left += before
		for k, r := range runs {
			weights[k] = 0
			if r.bestP > r.bound && r.st.StoppedBy == "moves" {
				weights[k] = r.s.countAbove()
			}
		}
		if moves <= 0 || left <= 0 || sumInts(weights) == 0 {
			break
		}
	}
	err = forEachPart(order, func(k int) error {
		runs[k].branch(set.TimeLimit, start)
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	results := make([]*Result, len(parts))
	for k, r := range runs {
		if results[k], err = r.result(); err != nil {
			return nil, err
		}
	}
	for k, p := range parts {
		renumber(results[k], p)
	}
	return joinParts(bases, parts, results), nil
}

// maxRounds bounds the rounds that hand the moves parts left over to the
// parts still above their bound.
const maxRounds = 4

// apportion splits total (≤ 0: every part gets it as is) in proportion to
// weights, the rounding going one by one to the parts in order that have
// weight.
func apportion(total int, weights, order []int) []int {
	share := make([]int, len(weights))
	sum := sumInts(weights)
	if total <= 0 {
		for k := range share {
			share[k] = total
		}
		return share
	}
	if sum == 0 {
		return share
	}
	for k, w := range weights {
		share[k] = total * w / sum
	}
	for left, j := total-sumInts(share), 0; left > 0; j++ {
		if k := order[j%len(order)]; weights[k] > 0 {
			share[k]++
			left--
		}
	}
	return share
}

func sumInts(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// forEachPart calls f for every part in order on up to GOMAXPROCS
// goroutines and returns the error of the first part in order that failed.
func forEachPart(order []int, f func(k int) error) error {
	errs := make([]error, len(order))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				errs[k] = f(k)
			}
		}()
	}
	for _, k := range order {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// preparePart prepares one part, its cohorts, bases and previous sessions
// renumbered.
func preparePart(ctx context.Context, bases []model.Base, cohorts []model.Cohort, p part, dist *model.DistanceTable, cal model.Calendar,
	tr model.Training, w model.Weights, set Settings, previous []Session) (*partRun, error) {
	pb := make([]model.Base, len(p.bases))
	localBase := map[int]int{}
	for k, b := range p.bases {
		pb[k] = bases[b]
		localBase[b] = k
	}
	pc := make([]model.Cohort, len(p.cohorts))
	localCohort := map[int]int{}
	for k, i := range p.cohorts {
		pc[k] = cohorts[i]
		localCohort[i] = k
	}
	var prev []Session
	if previous != nil {
		prev = []Session{}
		for _, x := range previous {
			i, okC := localCohort[x.Cohort]
			if !okC {
				continue
			}
			b, okB := localBase[x.Base]
			if !okB {
				b = -1 // a base of another equipment: keep refuses it
			}
			x.Cohort, x.Base = i, b
			prev = append(prev, x)
		}
	}
	return prepare(ctx, pb, pc, dist, cal, tr, w, set, prev)
}

// renumber turns a part's result's cohort and base indices into the
// whole's.
func renumber(res *Result, p part) {
	for k := range res.Sessions {
		res.Sessions[k].Cohort = p.cohorts[res.Sessions[k].Cohort]
		res.Sessions[k].Base = p.bases[res.Sessions[k].Base]
	}
	for k := range res.Unscheduled {
		res.Unscheduled[k].Cohort = p.cohorts[res.Unscheduled[k].Cohort]
	}
	for k := range res.Bases {
		res.Bases[k].Base = p.bases[res.Bases[k].Base]
	}
}

// joinParts adds up the parts' results: rows in cohort (and base) order,
// penalties, bounds and counts summed.
func joinParts(bases []model.Base, parts []part, results []*Result) *Result {
	out := &Result{Bases: make([]BaseUse, len(bases))}
	stopped := map[string]bool{}
	for k, r := range results {
		out.Bound += r.Bound
		out.KmPenalty += r.KmPenalty
		out.SwitchPenalty += r.SwitchPenalty
		out.UnscheduledPenalty += r.UnscheduledPenalty
		out.Sessions = append(out.Sessions, r.Sessions...)
		out.Unscheduled = append(out.Unscheduled, r.Unscheduled...)
		for _, u := range r.Bases {
			out.Bases[u.Base] = u
		}
		st := &out.Stats
		st.Cohorts += r.Stats.Cohorts
		st.Sessions += r.Stats.Sessions
		st.ConstructionP += r.Stats.ConstructionP
		st.GreedyP += r.Stats.GreedyP
		st.CohortBound += r.Stats.CohortBound
		st.FlowBound += r.Stats.FlowBound
		st.Moves += r.Stats.Moves
		st.Accepted += r.Stats.Accepted
		st.Kept += r.Stats.Kept
		st.Improvements += r.Stats.Improvements
		st.Construction += r.Stats.Construction
		st.Search += r.Stats.Search
		st.BranchFlows += r.Stats.BranchFlows
		st.BranchImprovements += r.Stats.BranchImprovements
		st.Branch += r.Stats.Branch
		if len(parts[k].cohorts) > 0 {
			stopped[r.Stats.StoppedBy] = true
		}
	}
	// Rows by cohort; a cohort's own rows keep their order.
	slices.SortStableFunc(out.Sessions, func(a, b Session) int { return a.Cohort - b.Cohort })
	slices.SortStableFunc(out.Unscheduled, func(a, b Shortfall) int { return a.Cohort - b.Cohort })
	out.P = out.KmPenalty + out.SwitchPenalty + out.UnscheduledPenalty
	if out.P > 0 {
		out.Gap = float64(out.P-out.Bound) / float64(out.P)
	}
	out.Optimal = out.P == out.Bound
	// The whole stopped for the reason the least finished part did.
	out.Stats.StoppedBy = "bound"
	for _, why := range []string{"cancelled", "time", "moves", "stall"} {
		if stopped[why] {
			out.Stats.StoppedBy = why
			break
		}
	}
	return out
}

// progressAgg sums the parts' progress reports into one, at most every
// Settings.ProgressEvery: moves over all parts, and every part's best P so
// far (its construction's until it reports) and its bound.
type progressAgg struct {
	mu     sync.Mutex
	report func(Progress)
	every  time.Duration
	last   time.Time
	parts  []Progress
}

func newProgressAgg(set Settings, runs []*partRun) *progressAgg {
	a := &progressAgg{report: set.Progress, every: set.ProgressEvery, last: time.Now(), parts: make([]Progress, len(runs))}
	if a.every <= 0 {
		a.every = 2 * time.Second
	}
	for k, r := range runs {
		a.parts[k] = Progress{P: r.s.P, Bound: r.bound}
	}
	return a
}

// forPart is the Progress function of part k (nil when nobody listens).
func (a *progressAgg) forPart(k int) func(Progress) {
	if a.report == nil {
		return nil
	}
	return func(p Progress) {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.parts[k] = p
		now := time.Now()
		if now.Sub(a.last) < a.every {
			return
		}
		a.last = now
		var sum Progress
		for _, q := range a.parts {
			sum.Moves += q.Moves
			sum.P += q.P
			sum.Bound += q.Bound
			sum.Elapsed = max(sum.Elapsed, q.Elapsed)
		}
		a.report(sum)
	}
}
