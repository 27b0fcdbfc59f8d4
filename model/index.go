package model

// Index numbers a roster's ids densely, so that the stages compare integers
// in their inner loops instead of strings: every specialty, specialty group,
// school, enterprise, post and district gets its row number, and every
// student and post carries the numbers of what it references. It also holds
// the roster's DistanceTable. LoadRoster builds it once, after validation,
// and every stage shares it (Roster.Index).
//
// References that do not resolve (only possible in a roster that was not
// validated) are -1.
type Index struct {
	Dist *DistanceTable

	Specialty  map[string]int32 // specialty code → row
	Enterprise map[string]int32 // enterprise id → row
	School     map[string]int32 // school id → row
	Post       map[string]int32 // post id → row
	Student    map[string]int32 // student id → row

	SpecGroup []int32 // by specialty row: group number (dense, in order of first use)

	EntDistrict []int32 // by enterprise row: district

	PostEnt  []int32 // by post row: enterprise
	PostSpec []int32 // by post row: specialty

	StuSpec     []int32 // by student row: specialty
	StuDistrict []int32 // by student row: home district
	StuSchool   []int32 // by student row: school
	StuSponsor  []int32 // by student row: order-class sponsor enterprise, or -1
}

// NewIndex indexes r, with a distance table built from it.
func NewIndex(r *Roster) *Index { return newIndexWith(r, NewDistanceTable(r)) }

// newIndexWith indexes r with a distance table already built from it.
func newIndexWith(r *Roster, dist *DistanceTable) *Index {
	ix := &Index{
		Dist:       dist,
		Specialty:  make(map[string]int32, len(r.Specialties)),
		Enterprise: make(map[string]int32, len(r.Enterprises)),
		School:     make(map[string]int32, len(r.Schools)),
		Post:       make(map[string]int32, len(r.Posts)),
		Student:    make(map[string]int32, len(r.Students)),
	}
	groups := map[string]int32{}
	ix.SpecGroup = make([]int32, len(r.Specialties))
	for i, s := range r.Specialties {
		ix.Specialty[s.Code] = int32(i)
		g, ok := groups[s.Group]
		if !ok {
			g = int32(len(groups))
			groups[s.Group] = g
		}
		ix.SpecGroup[i] = g
	}
	for i, s := range r.Schools {
		ix.School[s.ID] = int32(i)
	}
	ix.EntDistrict = make([]int32, len(r.Enterprises))
	for i, e := range r.Enterprises {
		ix.Enterprise[e.ID] = int32(i)
		ix.EntDistrict[i] = ix.district(e.District)
	}
	ix.PostEnt = make([]int32, len(r.Posts))
	ix.PostSpec = make([]int32, len(r.Posts))
	for i, p := range r.Posts {
		ix.Post[p.ID] = int32(i)
		ix.PostEnt[i] = lookup(ix.Enterprise, p.EnterpriseID)
		ix.PostSpec[i] = lookup(ix.Specialty, p.Specialty)
	}
	n := len(r.Students)
	ix.StuSpec = make([]int32, n)
	ix.StuDistrict = make([]int32, n)
	ix.StuSchool = make([]int32, n)
	ix.StuSponsor = make([]int32, n)
	for i, s := range r.Students {
		ix.Student[s.ID] = int32(i)
		ix.StuSpec[i] = lookup(ix.Specialty, s.Specialty)
		ix.StuDistrict[i] = ix.district(s.District)
		ix.StuSchool[i] = lookup(ix.School, s.SchoolID)
		ix.StuSponsor[i] = -1
		if s.OrderEnterpriseID != "" {
			ix.StuSponsor[i] = lookup(ix.Enterprise, s.OrderEnterpriseID)
		}
	}
	return ix
}

func lookup(m map[string]int32, id string) int32 {
	if i, ok := m[id]; ok {
		return i
	}
	return -1
}

func (ix *Index) district(id string) int32 {
	d, ok := ix.Dist.Index(id)
	if !ok {
		return -1
	}
	return int32(d)
}

// Km is the distance between two district numbers; false when either is -1
// or the pair is not listed.
func (ix *Index) Km(a, b int32) (int, bool) {
	if a < 0 || b < 0 {
		return 0, false
	}
	return ix.Dist.KmIdx(int(a), int(b))
}

// SpecialtyMatch is how specialty row stu meets specialty row other: exact
// when equal, related when related ones are accepted and both are of one
// group, else none.
func (ix *Index) SpecialtyMatch(stu, other int32, acceptsRelated bool) Match {
	switch {
	case stu == other:
		return MatchExact
	case acceptsRelated && stu >= 0 && other >= 0 && ix.SpecGroup[stu] == ix.SpecGroup[other]:
		return MatchRelated
	}
	return MatchNone
}

// Index returns the roster's index: the one LoadRoster built, or, for a
// roster made in code, one built now and kept. A roster must not be changed
// once indexed (call Reindex after changing one).
func (r *Roster) Index() *Index {
	if r.index == nil {
		r.index = NewIndex(r)
	}
	return r.index
}

// Reindex drops the kept index of a roster that was changed.
func (r *Roster) Reindex() { r.index = nil }
