package plan

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"placement/model"
	"placement/output"
	"placement/scenarios"
	"placement/solver/assign"
	"placement/solver/mentor"
	"placement/solver/schedule"
)

// Previous is a previous plan directory as Replan reads it: who was placed
// where, who was left out, and who mentored whom. Ids are kept as written,
// not resolved: students, posts and mentors may have gone since.
type Previous struct {
	Dir string
	// Post is each previously placed student's post (assignments.csv), in
	// file order; Unplaced the students of unassigned.csv (absent file:
	// none).
	Post     map[string]string
	Order    []string
	Unplaced map[string]bool
	// Teacher, Expert and Enterprise are mentor_pairs.csv's columns by
	// student ("" for a missing mentor); nil when the plan has no
	// mentor_pairs.csv.
	Teacher, Expert, Enterprise map[string]string
	// Sessions are training_schedule.csv's rows (nil when the plan has
	// none): cohort_id, base_id, week, day, period as written.
	Sessions []PreviousSession
}

// PreviousSession is one row of a previous training_schedule.csv.
type PreviousSession struct {
	Cohort, Base string
	Week         int
	Day, Period  string
}

// LoadPrevious reads a plan directory written by solve or replan:
// assignments.csv (required), unassigned.csv and mentor_pairs.csv (when
// present). Problems name file, line and column.
func LoadPrevious(ctx context.Context, dir string) (*Previous, model.Problems) {
	var ps model.Problems
	if err := ctx.Err(); err != nil {
		ps.Errorf(dir, 0, 0, "not loaded: %v", err)
		return nil, ps
	}
	open := func(name string) (io.ReadCloser, error) { return os.Open(name) }
	p := &Previous{Dir: dir, Post: map[string]string{}, Unplaced: map[string]bool{}}
	rows, probs := model.ReadPlanTable(open, filepath.Join(dir, output.AssignmentsFile),
		[]string{"student_id", "post_id"},
		[]string{"enterprise_id", "school_id", "specialty_match", "preference_rank", "km", "value"})
	ps = append(ps, probs...)
	for _, r := range rows {
		if _, twice := p.Post[r.Cells[0]]; twice {
			ps.Errorf(r.Pos.File, r.Pos.Line, 1, "student %q is listed twice", r.Cells[0])
			continue
		}
		p.Post[r.Cells[0]] = r.Cells[1]
		p.Order = append(p.Order, r.Cells[0])
	}
	if path := filepath.Join(dir, output.UnassignedFile); exists(path) {
		rows, probs := model.ReadPlanTable(open, path, []string{"student_id"}, []string{"school_id", "specialty", "reason"})
		ps = append(ps, probs...)
		for _, r := range rows {
			p.Unplaced[r.Cells[0]] = true
		}
	}
	if path := filepath.Join(dir, output.MentorPairsFile); exists(path) {
		rows, probs := model.ReadPlanTable(open, path, []string{"student_id"}, []string{"enterprise_id", "teacher_id", "expert_id"})
		ps = append(ps, probs...)
		p.Teacher, p.Expert, p.Enterprise = map[string]string{}, map[string]string{}, map[string]string{}
		for _, r := range rows {
			p.Enterprise[r.Cells[0]], p.Teacher[r.Cells[0]], p.Expert[r.Cells[0]] = r.Cells[1], r.Cells[2], r.Cells[3]
		}
	}
	if path := filepath.Join(dir, output.TrainingScheduleFile); exists(path) {
		rows, probs := model.ReadPlanTable(open, path, []string{"cohort_id", "base_id", "week", "day", "period"},
			[]string{"session", "headcount", "km"})
		ps = append(ps, probs...)
		p.Sessions = []PreviousSession{}
		for _, r := range rows {
			w, err := strconv.Atoi(r.Cells[2])
			if err != nil {
				ps.Errorf(r.Pos.File, r.Pos.Line, 0, "week %q is not a number", r.Cells[2])
				continue
			}
			p.Sessions = append(p.Sessions, PreviousSession{Cohort: r.Cells[0], Base: r.Cells[1], Week: w, Day: r.Cells[3], Period: r.Cells[4]})
		}
	}
	return p, ps
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// Replan solves the scenario as it is now starting from a previous plan,
// moving as few students as it can:
//
//   - Stage 1 maximizes Z' = Z + replan.keep_bonus × (students at the same
//     post as before), exactly (assign.Keep); the default bonus keeps as many
//     placements as the data allows and, among those plans, finds the
//     largest Z.
//   - Stage 2 keeps every cohort whose previous sessions are all still
//     valid and schedules only the others around them (schedule.Keep).
//   - Stage 3 keeps every intern's teacher and expert that is still valid
//     at an unchanged enterprise and pairs only the rest (mentor.Keep).
//
// The result's files add changes.csv (who changed, old, new, why) and the
// summary's "replan" section with the counts. A plan re-planned with a
// keep bonus is not Z-optimal in general, so its fairness audit has no
// costs (see package explain).
func Replan(ctx context.Context, sc *scenarios.Scenario, prev *Previous, set Settings) (*Result, error) {
	r := sc.Roster
	ix := r.Index()
	keep := &assign.Keep{Post: make([]int, len(r.Students)), Bonus: int64(sc.Config.Replan.KeepBonus)}
	for i, s := range r.Students {
		keep.Post[i] = -1
		if q, ok := ix.Post[prev.Post[s.ID]]; ok {
			keep.Post[i] = int(q)
		}
	}
	set.Assign.Keep = keep
	p := &Result{Scenario: sc}
	var err error
	if p.Assign, p.Times.Assign, err = solveAssign(ctx, sc, &set); err != nil {
		return nil, err
	}
	var s2, s3 stageFunc
	if HasTraining(sc) {
		s2 = func(ctx context.Context, set *Settings) (x output.Extra, err error) {
			if p.Schedule, p.Times.Schedule, err = keepSchedule(ctx, sc, prev, set); err != nil {
				return x, err
			}
			return output.Training(sc, p.Schedule), nil
		}
	}
	if HasMentors(sc) {
		s3 = func(ctx context.Context, set *Settings) (x output.Extra, err error) {
			if p.Mentor, p.Times.Mentor, err = keepMentors(ctx, sc, p.Assign, prev, set); err != nil {
				return x, err
			}
			return output.Mentors(sc, p.Mentor, StageOneSource), nil
		}
	}
	changes := func() []output.Extra {
		stage, changes := replanChanges(sc, prev, p)
		set.log().Info().Str("stage", "replan").Str("previous", prev.Dir).
			Int64("keep_bonus", stage.KeepBonus).Int64("z_keep", stage.ObjectiveZ).Int64("z", p.Assign.Z).
			Int("kept", stage.Kept).Int("moved", stage.Moved).Int("newly_placed", stage.NewlyPlaced).
			Int("removed", stage.Removed).Int("changes", len(changes)).
			Msg("re-planned against the previous plan")
		return []output.Extra{output.Replan(stage, changes)}
	}
	if err := p.afterStageOne(ctx, &set, s2, s3, changes); err != nil {
		return nil, err
	}
	return p, nil
}

// keepSchedule runs stage 2 keeping every cohort whose previous sessions
// are all still valid (schedule.Keep); without a previous schedule it is
// the plain stage 2.
func keepSchedule(ctx context.Context, sc *scenarios.Scenario, prev *Previous, set *Settings) (*schedule.Result, time.Duration, error) {
	if prev.Sessions == nil {
		return solveSchedule(ctx, sc, set, nil)
	}
	start := time.Now()
	cal := model.Calendar(sc.Config.Calendar)
	cohortIx, baseIx := map[string]int{}, map[string]int{}
	for i, c := range sc.Cohorts {
		cohortIx[c.ID] = i
	}
	for i, b := range sc.Bases {
		baseIx[b.ID] = i
	}
	var previous []schedule.Session
	for _, s := range prev.Sessions {
		c, okC := cohortIx[s.Cohort]
		b, okB := baseIx[s.Base]
		d, p := slices.Index(cal.Days, s.Day), slices.Index(cal.Periods, s.Period)
		if !okC || !okB || d < 0 || p < 0 {
			continue // gone, or another calendar: the cohort is scheduled again
		}
		previous = append(previous, schedule.Session{Cohort: c, Base: b, Week: s.Week, Day: d, Period: p})
	}
	res, err := schedule.Keep(ctx, sc.Bases, sc.Cohorts, sc.Roster.Index().Dist, cal, model.Training(sc.Config.Training),
		sc.Config.Weights, previous, set.Schedule)
	if err != nil {
		return nil, 0, stageError(ctx, "stage 2", err, schedule.ErrInput)
	}
	elapsed := time.Since(start)
	set.log().Info().Str("stage", "training").Str("source", "replan").Int64("p", res.P).Int64("bound", res.Bound).
		Float64("gap", res.Gap).Int("cohorts", res.Stats.Cohorts).Int("cohorts_kept", res.Stats.Kept).
		Int("scheduled", len(res.Sessions)).Float64("ms", ms(elapsed)).
		Msg("re-planned stage 2 (training schedule), keeping valid cohorts")
	return res, elapsed, nil
}

// keepMentors runs stage 3 keeping the previous plan's valid pairs.
func keepMentors(ctx context.Context, sc *scenarios.Scenario, res *assign.Result, prev *Previous, set *Settings) (*mentor.Result, time.Duration, error) {
	start := time.Now()
	r := sc.Roster
	ix := r.Index()
	mentorIx := map[string]int{}
	for k, m := range sc.Mentors {
		mentorIx[m.ID] = k
	}
	find := func(id string) int {
		if k, ok := mentorIx[id]; ok && id != "" {
			return k
		}
		return -1
	}
	var previous []mentor.Pair
	if prev.Teacher != nil {
		for i, s := range r.Students {
			e, ok := ix.Enterprise[prev.Enterprise[s.ID]]
			if _, had := prev.Teacher[s.ID]; !had || !ok {
				continue
			}
			previous = append(previous, mentor.Pair{Student: i, Enterprise: int(e),
				Teacher: find(prev.Teacher[s.ID]), Expert: find(prev.Expert[s.ID])})
		}
	}
	out, err := mentor.Keep(ctx, r, sc.Mentors, placements(res), previous, sc.Config.Weights, set.Mentor)
	if err != nil {
		return nil, 0, stageError(ctx, "stage 3", err, mentor.ErrInput)
	}
	elapsed := time.Since(start)
	set.log().Info().Str("stage", "mentors").Str("source", "replan").
		Int64("m", out.M).Int64("bound", out.Bound).Float64("gap", out.Gap).
		Int("interns", out.Stats.Interns).Int("teacher_missing", out.Stats.TeacherMissing).
		Int("expert_missing", out.Stats.ExpertMissing).Int("visits", out.Stats.Visits).
		Float64("ms", ms(elapsed)).Msg("re-paired stage 3 (dual mentors), keeping valid pairs")
	return out, elapsed, nil
}

// replanChanges compares the new plan with the previous one: the counts
// and one row per changed post, teacher or expert, with its cause. Rows
// come in student-id order, post before teacher before expert.
func replanChanges(sc *scenarios.Scenario, prev *Previous, p *Result) (output.ReplanStage, []output.Change) {
	r, res := sc.Roster, p.Assign
	ix := r.Index()
	stage := output.ReplanStage{Previous: prev.Dir, KeepBonus: res.KeepBonus, ObjectiveZ: res.ZKeep}
	if p.Schedule != nil {
		stage.CohortsKept = p.Schedule.Stats.Kept
		stage.CohortsRescheduled = len(sc.Cohorts) - p.Schedule.Stats.Kept
	}
	now := map[string]string{}
	for _, a := range res.Assignments {
		now[r.Students[a.Student].ID] = r.Posts[a.Post].ID
	}
	// Seats of each post before, among students still here, and pins that
	// took a post from someone who was not there.
	before := map[string]int{}
	newPin := map[string]bool{}
	pinOf := map[string]string{}
	for _, pin := range r.Pins {
		pinOf[pin.StudentID] = pin.PostID
		if prev.Post[pin.StudentID] != pin.PostID {
			newPin[pin.PostID] = true
		}
	}
	for _, s := range r.Students {
		if q, ok := prev.Post[s.ID]; ok {
			before[q]++
		}
	}
	var changes []output.Change
	postCause := func(i int, id, old string) string {
		q, ok := ix.Post[old]
		switch {
		case !ok:
			return output.CausePostRemoved
		case pinOf[id] != "" && pinOf[id] != old:
			return output.CausePinned
		}
		if _, eligible := assign.Price(r, sc.Config.Policy, sc.Config.Weights, i, int(q)); !eligible && pinOf[id] != old {
			return output.CauseNotEligible
		}
		switch {
		case newPin[old]:
			return output.CauseDisplacedPin
		case r.Posts[q].Capacity < before[old]:
			return output.CauseCapacityCut
		}
		return output.CauseTradedOff
	}
	ids := make([]string, 0, len(r.Students)+len(prev.Post))
	present := map[string]int{}
	for i, s := range r.Students {
		ids = append(ids, s.ID)
		present[s.ID] = i
	}
	for _, id := range prev.Order {
		if _, ok := present[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	mentorsOf := map[string][2]string{}
	if p.Mentor != nil {
		for _, pr := range p.Mentor.Pairs {
			var t, x string
			if pr.Teacher >= 0 {
				t = sc.Mentors[pr.Teacher].ID
			}
			if pr.Expert >= 0 {
				x = sc.Mentors[pr.Expert].ID
			}
			mentorsOf[r.Students[pr.Student].ID] = [2]string{t, x}
		}
	}
	for _, id := range ids {
		old, was := prev.Post[id]
		cur, is := now[id]
		i, here := present[id]
		cause := ""
		switch {
		case was && is && old == cur:
			stage.Kept++
		case was && is:
			stage.Moved++
			cause = postCause(i, id, old)
		case was:
			stage.Removed++
			if here {
				cause = postCause(i, id, old)
			} else {
				cause = output.CauseLeft
			}
		case is:
			stage.NewlyPlaced++
			cause = output.CauseNewlyPlaced
		}
		if cause != "" {
			changes = append(changes, output.Change{StudentID: id, What: "post", Old: old, New: cur, Cause: cause})
		}
		if p.Mentor == nil || prev.Teacher == nil {
			continue
		}
		was2 := [2]string{prev.Teacher[id], prev.Expert[id]}
		now2 := mentorsOf[id]
		for k, what := range []string{"teacher", "expert"} {
			if was2[k] == now2[k] {
				continue
			}
			c := cause
			switch {
			case !is:
				c = output.CauseUnplaced
				if !here {
					c = output.CauseLeft
				}
			case !was:
				c = output.CauseNewlyPlaced
			case prev.Enterprise[id] != r.Enterprises[ix.PostEnt[ix.Post[cur]]].ID:
				c = output.CauseMoved
			case was2[k] != "" && !mentorStill(sc, was2[k]):
				c = output.CauseMentorRemoved
			default:
				c = output.CauseRepaired
			}
			changes = append(changes, output.Change{StudentID: id, What: what, Old: was2[k], New: now2[k], Cause: c})
		}
	}
	// Schedule rows after each student's others: the list is in student
	// order already, and a stable sort keeps post, teacher, expert first.
	changes = append(changes, scheduleChanges(sc, prev, p)...)
	slices.SortStableFunc(changes, func(a, b output.Change) int { return strings.Compare(a.StudentID, b.StudentID) })
	return stage, changes
}

func mentorStill(sc *scenarios.Scenario, id string) bool {
	return slices.ContainsFunc(sc.Mentors, func(m model.Mentor) bool { return m.ID == id })
}

// scheduleChanges are the "schedule" rows of changes.csv: a student's
// training is the sessions of the student cohorts of its school whose
// equipment is its specialty's group; when such a cohort's sessions differ
// from the previous plan's, each of its students present now gets a row
// with the cohort's old and new sessions ("cohort: base wWEEK day period;
// …") and the cause. Rows are by student id, then cohort.
func scheduleChanges(sc *scenarios.Scenario, prev *Previous, p *Result) []output.Change {
	if p.Schedule == nil || prev.Sessions == nil {
		return nil
	}
	cal := sc.Config.Calendar
	old := map[string][]string{}
	for _, s := range prev.Sessions {
		old[s.Cohort] = append(old[s.Cohort], fmt.Sprintf("%s w%d %s %s", s.Base, s.Week, s.Day, s.Period))
	}
	now := map[string][]string{}
	for _, s := range p.Schedule.Sessions {
		c := sc.Cohorts[s.Cohort].ID
		now[c] = append(now[c], fmt.Sprintf("%s w%d %s %s", sc.Bases[s.Base].ID, s.Week, cal.Days[s.Day], cal.Periods[s.Period]))
	}
	bases := map[string]bool{}
	for _, b := range sc.Bases {
		bases[b.ID] = true
	}
	group := map[string]string{}
	for _, sp := range sc.Roster.Specialties {
		group[sp.Code] = sp.Group
	}
	type key struct{ school, group string }
	members := map[key][]string{}
	for _, st := range sc.Roster.Students {
		k := key{st.SchoolID, group[st.Specialty]}
		members[k] = append(members[k], st.ID)
	}
	var out []output.Change
	for _, c := range sc.Cohorts {
		if c.Kind != model.CohortStudents {
			continue
		}
		was, is := strings.Join(old[c.ID], "; "), strings.Join(now[c.ID], "; ")
		if was == is {
			continue
		}
		cause := output.CauseCohortChanged
		switch {
		case len(old[c.ID]) == 0:
			cause = output.CauseNewlyScheduled
		case slices.ContainsFunc(prev.Sessions, func(s PreviousSession) bool { return s.Cohort == c.ID && !bases[s.Base] }):
			cause = output.CauseBaseRemoved
		}
		for _, id := range members[key{c.OwnerID, c.Equipment}] {
			out = append(out, output.Change{StudentID: id, What: "schedule", Old: c.ID + ": " + was, New: c.ID + ": " + is, Cause: cause})
		}
	}
	slices.SortStableFunc(out, func(a, b output.Change) int { return strings.Compare(a.StudentID, b.StudentID) })
	return out
}
