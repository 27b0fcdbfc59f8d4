package model

// Placed is one row of an assignments file (assignments.csv as stage 1
// writes it, or as an officer edited it): a student at a post.
type Placed struct {
	Student    int // index into Roster.Students
	Post       int // index into Roster.Posts
	Enterprise int // index into Roster.Enterprises: the post's
	Pos        Pos
}

const (
	placedStudent = iota
	placedPost
	placedEnterprise
	placedSchool
	placedMatch
	placedRank
	placedKm
	placedValue
	placedStudentName
	placedSchoolName
	placedEnterpriseName
	placedSpecialty
	placedSpecialtyName
)

// placedCols are the columns of assignments.csv; only student_id and
// post_id are read, the rest are known so that a file stage 1 wrote loads
// without warnings.
var placedCols = []column{
	placedStudent:    {"student_id", true},
	placedPost:       {"post_id", true},
	placedEnterprise: {"enterprise_id", false},
	placedSchool:     {"school_id", false},
	placedMatch:      {"specialty_match", false},
	placedRank:       {"preference_rank", false},
	placedKm:         {"km", false},
	placedValue:      {"value", false},
	// The names stage 1 writes beside the ids, for people; informative only.
	placedStudentName:    {"student_name", false},
	placedSchoolName:     {"school_name", false},
	placedEnterpriseName: {"enterprise_name", false},
	placedSpecialty:      {"specialty", false},
	placedSpecialtyName:  {"specialty_name", false},
}

// LoadAssignments reads an assignments file against a roster that
// LoadRoster returned without errors, for stages that start from a plan
// (stage 3 on an officer-edited assignments.csv). It returns the rows in
// file order and every problem, each naming file, line and column; when
// Problems.Err() is non-nil the rows must not be used.
//
// Errors: a missing student_id or post_id column, a student or post not in
// the roster, a student listed twice, a post given more students than its
// capacity (reported on the row that over-fills it), and an enterprise_id
// that is not the post's enterprise. A school_id that is not the
// student's school is a warning: the column is informative only.
// Eligibility is not checked — an officer may place anyone anywhere.
func LoadAssignments(open Opener, path string, r *Roster) ([]Placed, Problems) {
	var s sink
	t := openTable(open, path, placedCols, &s)
	if t == nil {
		return nil, s.done()
	}
	students := mentorRefIndex(r.Students, func(x *Student) (string, Pos) { return x.ID, x.Pos }, "students.csv")
	posts := mentorRefIndex(r.Posts, func(x *Post) (string, Pos) { return x.ID, x.Pos }, "posts.csv")
	ent := make(map[string]int, len(r.Enterprises))
	for i, e := range r.Enterprises {
		ent[e.ID] = i
	}
	first := map[int]int{} // student row → line of its first row
	filled := make([]int, len(r.Posts))
	var out []Placed
	for t.next() {
		p := Placed{Student: -1, Post: -1, Enterprise: -1, Pos: t.pos()}
		sid := t.required(placedStudent)
		pid := t.required(placedPost)
		p.Student = t.ref(placedStudent, sid, students)
		p.Post = t.ref(placedPost, pid, posts)
		if p.Student >= 0 {
			if line, twice := first[p.Student]; twice {
				t.errorf(placedStudent, "student %q is listed twice (first at line %d)", sid, line)
				continue
			}
			first[p.Student] = t.fieldLine(placedStudent)
			st := &r.Students[p.Student]
			if sc := t.val(placedSchool); sc != "" && sc != st.SchoolID {
				t.sink.warnf(t.file, t.fieldLine(placedSchool), t.at[placedSchool]+1,
					"school_id %s is not student %s's school %s (the column is ignored)", Excerpt(sc), Excerpt(sid), Excerpt(st.SchoolID))
			}
		}
		if p.Post >= 0 {
			post := &r.Posts[p.Post]
			p.Enterprise = ent[post.EnterpriseID]
			if e := t.val(placedEnterprise); e != "" && e != post.EnterpriseID {
				t.errorf(placedEnterprise, "enterprise_id %q is not the enterprise of post %q (%q); correct one of them",
					e, pid, post.EnterpriseID)
			}
			filled[p.Post]++
			if filled[p.Post] > post.Capacity {
				t.errorf(placedPost, "post %q is over-filled: this is student %d and its capacity is %d",
					pid, filled[p.Post], post.Capacity)
			}
		}
		out = append(out, p)
	}
	return out, s.done()
}
