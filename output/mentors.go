package output

import (
	"placement/scenarios"
	"placement/solver/mentor"
)

// Names of the stage-3 files (SPEC.md, "Stage 3"); mentor_missing.csv is
// ours: SPEC asks that interns without a mentor be listed with the reason.
const (
	MentorPairsFile   = "mentor_pairs.csv"
	MentorLoadFile    = "mentor_load.csv"
	MentorMissingFile = "mentor_missing.csv"
)

// MentorStage is stage 3 in summary.json: the penalty M, the proven lower
// bound, the gap, and the counts behind them.
type MentorStage struct {
	PenaltyM       int64   `json:"penalty_m"`
	Bound          int64   `json:"bound"`  // proven lower bound on M
	Gap            float64 `json:"gap"`    // (M − bound) / M, 4 decimals; 0 when M is 0
	Status         string  `json:"status"` // "optimal" when bound == M, else "feasible"
	ExpertM        int64   `json:"expert_m"`
	TeacherM       int64   `json:"teacher_m"`
	TeacherBound   int64   `json:"teacher_bound"`
	Source         string  `json:"source"` // "stage1" or the assignments file
	Interns        int     `json:"interns"`
	Teachers       int     `json:"teachers"`
	Experts        int     `json:"experts"`
	TeacherMissing int     `json:"teacher_missing"`
	ExpertMissing  int     `json:"expert_missing"`
	Visits         int     `json:"visits"` // distinct (teacher, enterprise) pairs
	TeacherRelated int     `json:"teacher_related"`
	ExpertRelated  int     `json:"expert_related"`
	SchoolsOptimal int     `json:"schools_proven_optimal"`
	Schools        int     `json:"schools"`
}

// Mentors is stage 3's contribution: mentor_pairs.csv, mentor_load.csv,
// mentor_missing.csv and the "mentors" stage of the summary. source says
// where the placements came from.
func Mentors(sc *scenarios.Scenario, res *mentor.Result, source string) Extra {
	st := res.Stats
	ms := &MentorStage{
		PenaltyM: res.M, Bound: res.Bound, Gap: round4(res.Gap), Status: status(res.Optimal),
		ExpertM: res.ExpertM, TeacherM: res.TeacherM, TeacherBound: res.TeacherBound, Source: source,
		Interns: st.Interns, TeacherMissing: st.TeacherMissing, ExpertMissing: st.ExpertMissing,
		Visits: st.Visits, TeacherRelated: st.TeacherRelated, ExpertRelated: st.ExpertRelated,
		SchoolsOptimal: st.TeacherOptimal, Schools: st.Schools,
	}
	for _, m := range sc.Mentors {
		if m.Role == "teacher" {
			ms.Teachers++
		} else {
			ms.Experts++
		}
	}
	return Extra{
		Files: []File{mentorPairsCSV(sc, res), mentorLoadCSV(sc, res), mentorMissingCSV(sc, res)},
		Apply: func(s *Summary) { s.Stages.Mentors = ms },
	}
}

// BuildMentors makes the files of stage 3 run alone (placement mentors):
// the stage-3 CSV files and a summary.json whose assignment stage has
// status "not_run".
func BuildMentors(sc *scenarios.Scenario, res *mentor.Result, source string) ([]File, *Summary, error) {
	sum := newSummary(sc)
	sum.Stages.Assignment.Status = "not_run"
	return finish(nil, sum, Mentors(sc, res, source))
}

// mentorPairsCSV is mentor_pairs.csv: one row a placed intern, by
// student id; teacher_id or expert_id is empty when missing.
func mentorPairsCSV(sc *scenarios.Scenario, res *mentor.Result) File {
	r := sc.Roster
	id := func(k int) string {
		if k < 0 {
			return ""
		}
		return sc.Mentors[k].ID
	}
	name := func(k int) string {
		if k < 0 {
			return ""
		}
		return sc.Mentors[k].Name
	}
	t := newTable("student_id", "enterprise_id", "teacher_id", "expert_id",
		"student_name", "enterprise_name", "teacher_name", "expert_name")
	for _, p := range res.Pairs {
		s, e := &r.Students[p.Student], &r.Enterprises[p.Enterprise]
		t.row(s.ID, e.ID, id(p.Teacher), id(p.Expert), s.Name, e.Name, name(p.Teacher), name(p.Expert))
	}
	return t.file(MentorPairsFile)
}

// mentorLoadCSV is mentor_load.csv: one row a mentor, in mentors.csv
// order.
func mentorLoadCSV(sc *scenarios.Scenario, res *mentor.Result) File {
	t := newTable("mentor_id", "role", "capacity", "mentees", "enterprises_visited")
	for _, l := range res.Load {
		m := &sc.Mentors[l.Mentor]
		t.row(m.ID, string(m.Role), itoa(m.Capacity), itoa(l.Mentees), itoa(l.EnterprisesVisited))
	}
	return t.file(MentorLoadFile)
}

// mentorMissingCSV is mentor_missing.csv: one row an intern and a missing
// mentor (an intern without either has two rows, teacher first), by
// student id; reason is no_mentor_for_specialty or mentors_full.
func mentorMissingCSV(sc *scenarios.Scenario, res *mentor.Result) File {
	r := sc.Roster
	t := newTable("student_id", "school_id", "enterprise_id", "specialty", "role", "reason")
	for _, p := range res.Pairs {
		s := &r.Students[p.Student]
		e := r.Enterprises[p.Enterprise].ID
		if p.Teacher < 0 {
			t.row(s.ID, s.SchoolID, e, s.Specialty, "teacher", string(p.TeacherReason))
		}
		if p.Expert < 0 {
			t.row(s.ID, s.SchoolID, e, s.Specialty, "expert", string(p.ExpertReason))
		}
	}
	return t.file(MentorMissingFile)
}
