package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"placement/model"
)

// MentorsFile is the dual-mentor roster, as scenario.yaml names it.
const MentorsFile = "mentors.csv"

// phaseMentors is the random stream of the mentors. It is far from the
// other phases so that new phases added there never share its stream, and
// drawing mentors disturbs nothing else.
const phaseMentors uint64 = 101

// Teacher and expert capacities, in mentees (ISSUE 4: "teachers per school
// covering its specialties (10–20 mentees each), experts per enterprise
// (4–8 each)").
const (
	minTeacherCap, maxTeacherCap = 10, 20
	minExpertCap, maxExpertCap   = 4, 8
	// mentorSlack is the capacity planned beyond the head count: a school
	// plans teachers for all its students, an enterprise experts for all
	// its posts, with a tenth to spare.
	mentorSlack = 1.1
)

// mentors draws the dual mentors of a built roster.
//
// Teachers: for each school and specialty group, enough teachers of
// capacity 10–20 for mentorSlack × its students of the group; every
// specialty of the group is listed by some teacher, the other teachers go
// to specialties in proportion to their students, and a third of the
// teachers list one more specialty of the group. Experts: for each enterprise, enough experts of
// capacity 4–8 for mentorSlack × its offered places, its post specialties
// dealt the same way. So most interns find an exact mentor, an intern
// placed on a related specialty finds a related one, and capacities are
// tight enough that who mentors whom matters for the visits.
func mentors(r *model.Roster, seed int64) []model.Mentor {
	rng := stream(seed, phaseMentors)
	group := map[string]string{}
	for _, s := range r.Specialties {
		group[s.Code] = s.Group
	}
	var out []model.Mentor
	add := func(m model.Mentor) {
		m.Pos = model.Pos{File: MentorsFile, Line: len(out) + 2}
		out = append(out, m)
	}

	bySchool := map[string]map[string]int{}
	for _, s := range r.Students {
		if bySchool[s.SchoolID] == nil {
			bySchool[s.SchoolID] = map[string]int{}
		}
		bySchool[s.SchoolID][s.Specialty]++
	}
	for _, sc := range r.Schools {
		n := 0
		for _, grp := range specsByGroup(bySchool[sc.ID], group) {
			for _, t := range staff(rng, grp, minTeacherCap, maxTeacherCap) {
				n++
				add(model.Mentor{ID: fmt.Sprintf("%s-T%02d", sc.ID, n), Name: personName(rng), Role: model.RoleTeacher,
					OrgID: sc.ID, Specialties: t.specs, Capacity: t.cap})
			}
		}
	}

	byEnt := map[string]map[string]int{}
	for _, p := range r.Posts {
		if byEnt[p.EnterpriseID] == nil {
			byEnt[p.EnterpriseID] = map[string]int{}
		}
		byEnt[p.EnterpriseID][p.Specialty] += p.Capacity
	}
	for _, e := range r.Enterprises {
		n := 0
		for _, grp := range specsByGroup(byEnt[e.ID], group) {
			for _, x := range staff(rng, grp, minExpertCap, maxExpertCap) {
				n++
				add(model.Mentor{ID: fmt.Sprintf("%s-X%02d", e.ID, n), Name: personName(rng), Role: model.RoleExpert,
					OrgID: e.ID, Specialties: x.specs, Capacity: x.cap})
			}
		}
	}
	return out
}

// specCount is a specialty and the head count it must mentor.
type specCount struct {
	code string
	n    int
}

// specsByGroup splits counts by specialty group: groups in order of first
// specialty code, specialties most first (ties by code).
func specsByGroup(counts map[string]int, group map[string]string) [][]specCount {
	var codes []string
	for c := range counts {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var groups []string
	byGroup := map[string][]specCount{}
	for _, c := range codes {
		g := group[c]
		if _, ok := byGroup[g]; !ok {
			groups = append(groups, g)
		}
		byGroup[g] = append(byGroup[g], specCount{c, counts[c]})
	}
	out := make([][]specCount, len(groups))
	for i, g := range groups {
		out[i] = byGroup[g]
		slices.SortStableFunc(out[i], func(a, b specCount) int { return b.n - a.n })
	}
	return out
}

type mentorDraw struct {
	specs []string
	cap   int
}

// staff draws the mentors of one group: capacities in [lo, hi] until they
// cover mentorSlack × the head count; every specialty to at least one
// mentor and the other mentors to specialties in proportion to their head
// counts (round-robin when mentors are fewer than specialties); a third of
// the mentors get one extra specialty of the group.
func staff(rng *rand.Rand, specs []specCount, lo, hi int) []mentorDraw {
	need := 0
	for _, s := range specs {
		need += s.n
	}
	target := int(math.Ceil(float64(need) * mentorSlack))
	var ms []mentorDraw
	for got := 0; got < target || len(ms) == 0; {
		c := lo + rng.IntN(hi-lo+1)
		ms = append(ms, mentorDraw{cap: c})
		got += c
	}
	if len(ms) < len(specs) {
		for i, s := range specs {
			m := &ms[i%len(ms)]
			m.specs = append(m.specs, s.code)
		}
	} else {
		// One mentor a specialty, the rest in proportion to the head counts.
		w := make([]float64, len(specs))
		for i, s := range specs {
			w[i] = float64(s.n)
		}
		k := 0
		for i, extra := range apportion(len(ms)-len(specs), w) {
			for range 1 + extra {
				ms[k].specs = append(ms[k].specs, specs[i].code)
				k++
			}
		}
	}
	for i := range ms {
		if len(specs) > 1 && rng.IntN(3) == 0 {
			extra := specs[rng.IntN(len(specs))].code
			if !slices.Contains(ms[i].specs, extra) {
				ms[i].specs = append(ms[i].specs, extra)
			}
		}
	}
	return ms
}

// writeMentors fills mentors.csv.
func (c *City) writeMentors(w *rowWriter) {
	w.header("mentor_id", "name", "role", "org_id", "specialties", "capacity")
	for i := range c.Mentors {
		m := &c.Mentors[i]
		w.str(m.ID).str(m.Name).str(string(m.Role)).str(m.OrgID).list(m.Specialties).int(m.Capacity).end()
	}
}
