package model

import "strings"

// MentorRole is a mentor's side of the dual-mentor system.
type MentorRole string

// Mentor roles (SPEC mentors.csv, column role).
const (
	RoleTeacher MentorRole = "teacher" // a school teacher; org_id is a school
	RoleExpert  MentorRole = "expert"  // an enterprise expert; org_id is an enterprise
)

// Mentor is one row of mentors.csv.
type Mentor struct {
	ID          string // the "mentor_id" column
	Name        string
	Role        MentorRole
	OrgID       string   // school id for a teacher, enterprise id for an expert
	Specialties []string // specialty codes, in file order, no duplicates
	Capacity    int      // ≥ 1 mentees
	Pos         Pos
}

const (
	mentorID = iota
	mentorName
	mentorRole
	mentorOrg
	mentorSpecialties
	mentorCapacity
)

var mentorCols = []column{
	mentorID:          {"mentor_id", true},
	mentorName:        {"name", false},
	mentorRole:        {"role", true},
	mentorOrg:         {"org_id", true},
	mentorSpecialties: {"specialties", true},
	mentorCapacity:    {"capacity", true},
}

// LoadMentors reads and validates mentors.csv against a roster that
// LoadRoster returned without errors. It returns the mentors in file order
// and every problem found, each naming file, line and column; when
// Problems.Err() is non-nil the mentors must not be used.
//
// Checked: the required columns, a duplicate mentor_id, a role other than
// teacher or expert (in any case), an org_id that is not a school (for a
// teacher) or not an enterprise (for an expert), an empty specialties list
// or a specialty not in specialties.csv, and a capacity that is not a whole
// number ≥ 1. A specialty listed twice by one mentor is a warning and is
// kept once.
func LoadMentors(open Opener, path string, r *Roster) ([]Mentor, Problems) {
	schools := mentorRefIndex(r.Schools, func(x *School) (string, Pos) { return x.ID, x.Pos }, "schools.csv")
	enterprises := mentorRefIndex(r.Enterprises, func(x *Enterprise) (string, Pos) { return x.ID, x.Pos }, "enterprises.csv")
	specialties := mentorRefIndex(r.Specialties, func(x *Specialty) (string, Pos) { return x.Code, x.Pos }, "specialties.csv")
	return loadMentors(open, path, schools, enterprises, specialties)
}

// loadMentors is LoadMentors against the indexes of the stage-1 files; an
// index whose rows are nil (a file that could not be read) leaves
// references into it unchecked.
func loadMentors(open Opener, path string, schools, enterprises, specialties *index) ([]Mentor, Problems) {
	var s sink
	t := openTable(open, path, mentorCols, &s)
	if t == nil {
		return nil, s.done()
	}
	ids := newIndex(t, path)
	mentors := make([]Mentor, 0, t.rows)
	for t.next() {
		m := Mentor{
			ID:    t.required(mentorID),
			Name:  t.val(mentorName),
			Role:  t.mentorRole(mentorRole),
			OrgID: t.required(mentorOrg),
			Pos:   t.pos(),
		}
		t.mentorOrg(m.Role, m.OrgID, schools, enterprises)
		m.Specialties = t.mentorSpecialties(specialties)
		m.Capacity, _ = t.intBetween(mentorCapacity, 1, MaxMentorCapacity)
		ids.add(t, mentorID, m.ID, len(mentors))
		mentors = append(mentors, m)
	}
	t.needRows("the scenario names it (data.mentors), so stage 3 needs at least one mentor; remove data.mentors to skip stage 3")
	return mentors, s.done()
}

// mentorRefIndex indexes the ids of an already loaded table; file names it in
// messages when the table is empty and no row says where it came from.
func mentorRefIndex[T any](rows []T, key func(*T) (string, Pos), file string) *index {
	ix := &index{file: file, rows: make(map[string]keyRow, len(rows))}
	for i := range rows {
		id, pos := key(&rows[i])
		if i == 0 && pos.File != "" {
			ix.file = pos.File
		}
		if _, dup := ix.rows[id]; !dup {
			ix.rows[id] = keyRow{row: int32(i), line: int32(pos.Line)}
		}
	}
	return ix
}

// mentorRole reads a required role, in any case.
func (t *table) mentorRole(k int) MentorRole {
	v := t.required(k)
	if v == "" {
		return ""
	}
	switch role := MentorRole(strings.ToLower(v)); role {
	case RoleTeacher, RoleExpert:
		return role
	}
	t.errorf(k, "%s %q is not one of %s, %s", t.cols[k].name, v, RoleTeacher, RoleExpert)
	return ""
}

// mentorOrg checks that a teacher's org_id is a school and an expert's an
// enterprise, naming the other kind when the id is one.
func (t *table) mentorOrg(role MentorRole, org string, schools, enterprises *index) {
	if org == "" || role == "" || schools.rows == nil || enterprises.rows == nil {
		return
	}
	own, other := schools, enterprises
	msgOther := "org_id %q is an enterprise, but a teacher's org_id must be a school id"
	msgNone := "org_id %q is not in %s (a teacher's org_id is a school id)"
	if role == RoleExpert {
		own, other = enterprises, schools
		msgOther = "org_id %q is a school, but an expert's org_id must be an enterprise id"
		msgNone = "org_id %q is not in %s (an expert's org_id is an enterprise id)"
	}
	if _, ok := own.rows[org]; ok {
		return
	}
	if _, ok := other.rows[org]; ok {
		t.errorf(mentorOrg, msgOther, org)
		return
	}
	t.errorf(mentorOrg, msgNone, org, own.file)
}

// mentorSpecialties reads the required specialties list: each must be in
// specialties.csv; a repeat is a warning and is dropped.
func (t *table) mentorSpecialties(specialties *index) []string {
	v := t.required(mentorSpecialties)
	specs := list(v)
	if v != "" && len(specs) == 0 {
		t.errorf(mentorSpecialties, "specialties lists no specialty")
	}
	for i := 0; i < len(specs); i++ {
		sp := specs[i]
		if _, ok := specialties.rows[sp]; !ok && specialties.rows != nil {
			t.errorf(mentorSpecialties, "specialties: specialty %q is not in %s", sp, specialties.file)
		}
		for _, prev := range specs[:i] {
			if prev == sp {
				t.sink.warnf(t.file, t.fieldLine(mentorSpecialties), t.at[mentorSpecialties]+1, "specialties: specialty %s is listed twice; it counts once", Excerpt(sp))
				specs = append(specs[:i], specs[i+1:]...)
				i--
				break
			}
		}
	}
	return specs
}
