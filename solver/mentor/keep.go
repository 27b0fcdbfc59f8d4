package mentor

import (
	"context"
	"fmt"
	"sort"

	"placement/model"
)

// Keep re-plans stage 3 without re-pairing everybody: an intern who is at
// the same enterprise as before keeps its previous teacher and its
// previous expert, each when it is still valid — the mentor still exists,
// has the right role and organization (the student's school, the
// enterprise), still takes the student's specialty, and has capacity left
// once the interns before it (by student id) are counted. Interns with
// both kept are left out of the solve; the others are paired by Solve in
// the capacity the kept mentors leave, and a side kept alone then replaces
// the solver's choice for it. A teacher's visits to an enterprise are then
// free for the new mentees: a new intern whose teacher visits the
// enterprise for it alone moves to a teacher of its school who already
// visits there and has room, when that lowers M.
//
// previous holds one Pair per intern of the previous plan (Student and
// Enterprise as indexes of this roster, Teacher and Expert as indexes of
// mentors, -1 when missing or no longer in the file); students not in
// plan are ignored. M is priced from scratch. Bound is a lower bound on any
// completion of the kept mentors (see the end of Keep); Gap and Optimal
// follow from it.
func Keep(ctx context.Context, r *model.Roster, mentors []model.Mentor, plan []Placement, previous []Pair, w model.Weights, set Settings) (*Result, error) {
	mx, err := newMentorIndex(r, mentors, plan)
	if err != nil {
		return nil, err
	}
	prev := make(map[int]Pair, len(previous))
	for _, p := range previous {
		prev[p.Student] = p
	}
	order := make([]int, len(plan))
	for k := range order {
		order[k] = k
	}
	sort.Slice(order, func(a, b int) bool {
		return r.Students[plan[order[a]].Student].ID < r.Students[plan[order[b]].Student].ID
	})
	left := make([]int, len(mentors))
	for k := range mentors {
		left[k] = mentors[k].Capacity
	}
	valid := func(k int, role model.MentorRole, org int32, sp int32) bool {
		return k >= 0 && k < len(mentors) && mentors[k].Role == role && mx.mentorOrgs[k] == org &&
			left[k] > 0 && mx.match(k, sp) != model.MatchNone
	}
	var kept []Pair
	var rest []Placement
	// One valid side of an intern paired again: kept too, its capacity
	// reserved; the solver's choice for that side is dropped afterwards.
	keepT, keepX := map[int]int{}, map[int]int{}
	for _, k := range order {
		p := plan[k]
		sp := mx.stuSpec[p.Student]
		old, ok := prev[p.Student]
		if !ok || old.Enterprise != p.Enterprise {
			rest = append(rest, p)
			continue
		}
		tOK := valid(old.Teacher, model.RoleTeacher, mx.stuSchool[p.Student], sp)
		if tOK {
			left[old.Teacher]--
		}
		xOK := valid(old.Expert, model.RoleExpert, int32(p.Enterprise), sp)
		if xOK {
			left[old.Expert]--
		}
		if tOK && xOK {
			kept = append(kept, Pair{Student: p.Student, Enterprise: p.Enterprise,
				Teacher: old.Teacher, Expert: old.Expert,
				TeacherMatch: mx.match(old.Teacher, sp), ExpertMatch: mx.match(old.Expert, sp)})
			continue
		}
		if tOK {
			keepT[p.Student] = old.Teacher
		}
		if xOK {
			keepX[p.Student] = old.Expert
		}
		rest = append(rest, p)
	}

	// The others, in the capacity left.
	var sub []model.Mentor
	var subOf []int // sub index → mentor index
	for k := range mentors {
		if left[k] > 0 {
			m := mentors[k]
			m.Capacity = left[k]
			sub = append(sub, m)
			subOf = append(subOf, k)
		}
	}
	res := &Result{}
	var restBound int64
	if len(rest) > 0 {
		rr, err := Solve(ctx, r, sub, rest, w, set)
		if err != nil {
			return nil, err
		}
		restBound = rr.Bound
		res.Stats = rr.Stats
		for _, p := range rr.Pairs {
			sp := mx.stuSpec[p.Student]
			if t, ok := keepT[p.Student]; ok {
				p.Teacher, p.TeacherMatch, p.TeacherReason = t, mx.match(t, sp), ""
			} else if p.Teacher >= 0 {
				p.Teacher = subOf[p.Teacher]
				left[p.Teacher]--
			}
			if x, ok := keepX[p.Student]; ok {
				p.Expert, p.ExpertMatch, p.ExpertReason = x, mx.match(x, sp), ""
			} else if p.Expert >= 0 {
				p.Expert = subOf[p.Expert]
				left[p.Expert]--
			}
			res.Pairs = append(res.Pairs, p)
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Free visits: a new intern whose teacher comes to its enterprise for
	// it alone joins a teacher of its school already visiting there.
	visits := map[[2]int]int{}
	for _, p := range kept {
		visits[[2]int{p.Teacher, p.Enterprise}]++
	}
	keptVisits := len(visits)
	for _, p := range res.Pairs {
		if p.Teacher >= 0 {
			visits[[2]int{p.Teacher, p.Enterprise}]++
		}
	}
	rel := func(m model.Match) int64 {
		if m == model.MatchRelated {
			return int64(w.MentorRelated)
		}
		return 0
	}
	for j := range res.Pairs {
		p := &res.Pairs[j]
		if _, fixed := keepT[p.Student]; fixed || p.Teacher < 0 || visits[[2]int{p.Teacher, p.Enterprise}] != 1 {
			continue
		}
		sp := mx.stuSpec[p.Student]
		for _, t := range mx.bySchool[mx.stuSchool[p.Student]] {
			m := mx.match(t, sp)
			if t == p.Teacher || left[t] == 0 || m == model.MatchNone || visits[[2]int{t, p.Enterprise}] == 0 ||
				rel(m)-rel(p.TeacherMatch)-int64(w.TeacherVisit) >= 0 {
				continue
			}
			visits[[2]int{p.Teacher, p.Enterprise}]--
			left[p.Teacher]++
			visits[[2]int{t, p.Enterprise}]++
			left[t]--
			p.Teacher, p.TeacherMatch = t, m
			break
		}
	}

	res.Pairs = append(res.Pairs, kept...)
	sort.Slice(res.Pairs, func(a, b int) bool {
		return r.Students[res.Pairs[a].Student].ID < r.Students[res.Pairs[b].Student].ID
	})
	for _, k := range left {
		if k < 0 {
			return nil, fmt.Errorf("%w: keep over-fills a mentor", ErrInternal)
		}
	}
	res.Stats.Interns = len(plan)
	res.M = mx.price(res, &w)
	keptOnly := &Result{Pairs: kept}
	keptM := mx.price(keptOnly, &w)
	// A lower bound on any completion: the rest's bound, less the visits
	// the kept pairs already pay for, less mentor_missing for each side
	// kept alone (the rest was solved with that side free, in the capacity
	// left without it: leaving it missing there is a completion of the rest
	// problem).
	partial := int64(len(keepT) + len(keepX))
	res.Bound = min(res.M, keptM+max(0, restBound-int64(w.TeacherVisit)*int64(keptVisits)-int64(w.MentorMissing)*partial))
	res.ExpertM = int64(w.MentorMissing)*int64(res.Stats.ExpertMissing) + int64(w.MentorRelated)*int64(res.Stats.ExpertRelated)
	res.TeacherM = res.M - res.ExpertM
	res.TeacherBound = res.Bound - res.ExpertM
	if res.M > 0 {
		res.Gap = float64(res.M-res.Bound) / float64(res.M)
	}
	res.Optimal = res.M == res.Bound
	mx.load(res)
	return res, nil
}
