package gen

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/model"
)

func TestMentorsCoverEverySchoolAndEnterpriseSpecialty(t *testing.T) {
	c, err := Generate(Options{Students: 1500, Enterprises: 60, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Roster
	lists := map[[2]string]bool{} // (org, specialty) listed by a mentor of that org
	capacity := map[model.MentorRole]int{}
	ids := map[string]bool{}
	for i, m := range c.Mentors {
		if ids[m.ID] {
			t.Errorf("mentor id %s twice", m.ID)
		}
		ids[m.ID] = true
		lo, hi := minTeacherCap, maxTeacherCap
		if m.Role == model.RoleExpert {
			lo, hi = minExpertCap, maxExpertCap
		}
		if m.Capacity < lo || m.Capacity > hi || len(m.Specialties) == 0 {
			t.Errorf("%s: capacity %d not in [%d, %d] or no specialty", m.ID, m.Capacity, lo, hi)
		}
		if m.Pos != (model.Pos{File: MentorsFile, Line: i + 2}) {
			t.Errorf("%s at %v, want line %d", m.ID, m.Pos, i+2)
		}
		capacity[m.Role] += m.Capacity
		for _, s := range m.Specialties {
			lists[[2]string{m.OrgID, s}] = true
		}
	}
	for _, s := range r.Students {
		if !lists[[2]string{s.SchoolID, s.Specialty}] {
			t.Errorf("no teacher of %s lists %s (student %s)", s.SchoolID, s.Specialty, s.ID)
			break
		}
	}
	offered := 0
	for _, p := range r.Posts {
		offered += p.Capacity
		if !lists[[2]string{p.EnterpriseID, p.Specialty}] {
			t.Errorf("no expert of %s lists %s (post %s)", p.EnterpriseID, p.Specialty, p.ID)
			break
		}
	}
	if capacity[model.RoleTeacher] < len(r.Students) || capacity[model.RoleExpert] < offered {
		t.Errorf("teacher capacity %d for %d students, expert capacity %d for %d places",
			capacity[model.RoleTeacher], len(r.Students), capacity[model.RoleExpert], offered)
	}
	again, err := Generate(Options{Students: 1500, Enterprises: 60, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c.Mentors, again.Mentors); diff != "" {
		t.Errorf("mentors differ between two runs (-first +second):\n%s", diff)
	}
}
