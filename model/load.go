package model

import (
	"io"
)

// Opener opens a data file by the name the scenario gives it. The name is
// also what messages show, so it should read well to the user (a path
// relative to the working directory, or "demo/students.csv" for the
// embedded demo).
type Opener func(name string) (io.ReadCloser, error)

// DataPaths names the CSV files of a scenario; "" means absent (allowed only
// for the optional ones: pins, bases, cohorts, mentors).
type DataPaths struct {
	Schools     string
	Students    string
	Enterprises string
	Posts       string
	Specialties string
	Districts   string
	Distances   string
	Pins        string
	Bases       string
	Cohorts     string
	Mentors     string
}

// LoadRoster reads and validates the stage-1 files of a scenario. It returns
// the roster and every problem found; when Problems.Err() is non-nil the
// roster must not be used.
//
// The files are read in the order of their references — districts,
// specialties, schools, enterprises, posts, distances, students, pins — so
// that every reference is checked while its field's line is at hand. A file
// that cannot be read is one problem; references into it then go unchecked
// rather than each being reported. Problems are capped at
// maxProblemsPerFile a file. Bases, cohorts and mentors are not read here.
//
// Beyond the per-field checks, LoadRoster reports the district pairs a
// placement needs and distances.csv lacks (see distanceCheck), a student
// pinned twice, and a pin that over-fills its post; an enterprises,
// posts or students file without rows; a count or distance above its
// bound (limits.go); a cell holding a NUL byte, a control character, a
// byte-order mark or (unless it is a name) an invisible character; and a
// row that repeats the header (two files joined into one).
//
// Where SPEC.md is silent: every value is trimmed of surrounding spaces;
// header names, enum values (kind, level, min_level, award) and booleans are
// matched case-insensitively; a record whose every cell is blank is skipped;
// a distance pair listed twice with the same km is accepted. A record that
// cannot be parsed (a stray quote, a wrong number of fields) is reported and
// skipped, but its id still counts as defined, so references to it are not
// reported again.
func LoadRoster(open Opener, paths DataPaths, policy Policy) (*Roster, Problems) {
	l := &loader{open: open, policy: policy}
	l.readAll(paths)
	ps := l.sink.done()
	l.index(ps)
	return &l.r, ps
}

// index keeps the roster's index once stage 1 is read without errors.
func (l *loader) index(ps Problems) {
	if ps.Err() == nil {
		if l.dist != nil {
			l.r.index = newIndexWith(&l.r, l.dist.dt) // the table the check built
		} else {
			l.r.index = NewIndex(&l.r)
		}
	}
}

// Data is everything the data files of a scenario hold.
type Data struct {
	Roster *Roster
	// Mentors are the rows of paths.Mentors; nil when it is "".
	Mentors []Mentor
	// Bases and Cohorts are the rows of paths.Bases and paths.Cohorts;
	// nil when they are "".
	Bases   []Base
	Cohorts []Cohort
}

// LoadData reads every data file that paths names — stage 1's as
// LoadRoster does, then mentors (stage 3) as LoadMentors and bases and
// cohorts (stage 2) as LoadTraining do, when named — and returns the
// problems of all of them together, so that one run of validate or solve
// shows every problem of every stage: an error in a stage-1 file does not
// hide the errors of a stage-2 or stage-3 file. References from a later
// stage's file into a stage-1 file that could not be read at all go
// unchecked, as they do within stage 1. When Problems.Err() is non-nil the
// data must not be used.
func LoadData(open Opener, paths DataPaths, policy Policy, cal Calendar) (*Data, Problems) {
	l := &loader{open: open, policy: policy}
	l.readAll(paths)
	d := &Data{Roster: &l.r}
	ps := l.sink.done()
	l.index(ps)
	if paths.Mentors != "" {
		var mps Problems
		d.Mentors, mps = loadMentors(open, paths.Mentors, l.schools, l.enterprises, l.specialties)
		ps = append(ps, mps...)
	}
	if paths.Bases != "" || paths.Cohorts != "" {
		var tps Problems
		d.Bases, d.Cohorts, tps = loadStage2(open, paths, l, cal)
		ps = append(ps, tps...)
	}
	return d, ps
}

// readAll reads the stage-1 files, in the order of their references.
func (l *loader) readAll(paths DataPaths) {
	l.readDistricts(paths.Districts)
	l.readSpecialties(paths.Specialties)
	l.readSchools(paths.Schools)
	l.readEnterprises(paths.Enterprises)
	l.readPosts(paths.Posts)
	l.readDistances(paths.Distances)
	l.readStudents(paths.Students)
	if paths.Pins != "" {
		l.readPins(paths.Pins)
	}
}

// loader holds a load in progress: the roster so far and the indexes that
// later files resolve their references against.
type loader struct {
	open   Opener
	policy Policy
	sink   sink
	r      Roster

	districts, specialties, schools, enterprises, posts, students *index

	groups    map[string]int32 // specialty group → dense number
	specGroup []int32          // by specialty row: group number
	postEnt   []int32          // by post row: enterprise row, or -1
	postGroup []int32          // by post row: group number, or -1
	postCap   []int            // by post row: capacity, or 0 when invalid

	dist *distanceCheck // nil: distances are not checked
}

// openTable opens a required file; an unset path is reported.
func (l *loader) openTable(file, key string, cols []column) *table {
	if file == "" {
		l.sink.errorf("scenario", 0, 0, "data.%s is not set; the %s file is required", key, key)
		return nil
	}
	return openTable(l.open, file, cols, &l.sink)
}

const (
	districtID = iota
	districtName
)

var districtCols = []column{
	districtID:   {"district_id", true},
	districtName: {"name", false},
}

func (l *loader) readDistricts(file string) {
	t := l.openTable(file, "districts", districtCols)
	l.districts = newIndex(t, file)
	if t == nil {
		return
	}
	l.r.Districts = make([]District, 0, t.rows)
	for t.next() {
		if len(l.r.Districts) == MaxDistricts {
			t.sink.errorf(file, t.line(), 0, "the file has more than %d districts, the most allowed; the rest is not read", MaxDistricts)
			l.districts.rows = nil // references to the districts not read go unchecked
			return
		}
		d := District{
			ID:   t.required(districtID),
			Name: t.val(districtName),
			Pos:  t.pos(),
		}
		l.districts.add(t, districtID, d.ID, len(l.r.Districts))
		l.r.Districts = append(l.r.Districts, d)
	}
	l.districts.addBroken(t)
}

const (
	specialtyCode = iota
	specialtyName
	specialtyGroup
)

var specialtyCols = []column{
	specialtyCode:  {"specialty", true},
	specialtyName:  {"name", false},
	specialtyGroup: {"group", true},
}

func (l *loader) readSpecialties(file string) {
	t := l.openTable(file, "specialties", specialtyCols)
	l.specialties = newIndex(t, file)
	l.groups = map[string]int32{}
	if t == nil {
		return
	}
	l.r.Specialties = make([]Specialty, 0, t.rows)
	for t.next() {
		s := Specialty{
			Code:  t.required(specialtyCode),
			Name:  t.val(specialtyName),
			Group: t.required(specialtyGroup),
			Pos:   t.pos(),
		}
		g := int32(-1)
		if s.Group != "" {
			var ok bool
			if g, ok = l.groups[s.Group]; !ok {
				g = int32(len(l.groups))
				l.groups[s.Group] = g
			}
		}
		l.specialties.add(t, specialtyCode, s.Code, len(l.r.Specialties))
		l.r.Specialties = append(l.r.Specialties, s)
		l.specGroup = append(l.specGroup, g)
	}
	l.specialties.addBroken(t)
}

// group is the group number of a specialty row, or -1.
func (l *loader) group(specialtyRow int) int32 {
	if specialtyRow < 0 {
		return -1
	}
	return l.specGroup[specialtyRow]
}

const (
	schoolID = iota
	schoolName
	schoolKind
	schoolDistrict
)

var schoolCols = []column{
	schoolID:       {"school_id", true},
	schoolName:     {"name", false},
	schoolKind:     {"kind", true},
	schoolDistrict: {"district", false},
}

func (l *loader) readSchools(file string) {
	t := l.openTable(file, "schools", schoolCols)
	l.schools = newIndex(t, file)
	if t == nil {
		return
	}
	l.r.Schools = make([]School, 0, t.rows)
	for t.next() {
		s := School{
			ID:       t.required(schoolID),
			Name:     t.val(schoolName),
			Kind:     t.schoolKind(schoolKind),
			District: t.val(schoolDistrict),
			Pos:      t.pos(),
		}
		t.ref(schoolDistrict, s.District, l.districts)
		l.schools.add(t, schoolID, s.ID, len(l.r.Schools))
		l.r.Schools = append(l.r.Schools, s)
	}
	l.schools.addBroken(t)
}

const (
	enterpriseID = iota
	enterpriseName
	enterpriseIndustry
	enterpriseEmployees
	enterpriseAboveScale
	enterpriseDistrict
)

var enterpriseCols = []column{
	enterpriseID:         {"enterprise_id", true},
	enterpriseName:       {"name", false},
	enterpriseIndustry:   {"industry", false},
	enterpriseEmployees:  {"employees", true},
	enterpriseAboveScale: {"above_scale", true},
	enterpriseDistrict:   {"district", true},
}

func (l *loader) readEnterprises(file string) {
	t := l.openTable(file, "enterprises", enterpriseCols)
	l.enterprises = newIndex(t, file)
	if t == nil {
		return
	}
	l.r.Enterprises = make([]Enterprise, 0, t.rows)
	for t.next() {
		e := Enterprise{
			ID:       t.required(enterpriseID),
			Name:     t.val(enterpriseName),
			Industry: t.val(enterpriseIndustry),
			Pos:      t.pos(),
		}
		e.Employees, _ = t.intBetween(enterpriseEmployees, 0, MaxEmployees)
		e.AboveScale = t.boolean(enterpriseAboveScale, false)
		e.District = t.required(enterpriseDistrict)
		t.ref(enterpriseDistrict, e.District, l.districts)
		l.enterprises.add(t, enterpriseID, e.ID, len(l.r.Enterprises))
		l.r.Enterprises = append(l.r.Enterprises, e)
	}
	l.enterprises.addBroken(t)
	t.needRows("a plan needs at least one enterprise with a post")
}

const (
	postID = iota
	postEnterprise
	postSpecialty
	postCapacity
	postMinLevel
	postAcceptsRelated
)

var postCols = []column{
	postID:             {"post_id", true},
	postEnterprise:     {"enterprise_id", true},
	postSpecialty:      {"specialty", true},
	postCapacity:       {"capacity", true},
	postMinLevel:       {"min_level", false},
	postAcceptsRelated: {"accepts_related", false},
}

func (l *loader) readPosts(file string) {
	t := l.openTable(file, "posts", postCols)
	l.posts = newIndex(t, file)
	if t == nil {
		return
	}
	l.r.Posts = make([]Post, 0, t.rows)
	l.postEnt = make([]int32, 0, t.rows)
	l.postGroup = make([]int32, 0, t.rows)
	l.postCap = make([]int, 0, t.rows)
	for t.next() {
		p := Post{
			ID:           t.required(postID),
			EnterpriseID: t.required(postEnterprise),
			Specialty:    t.required(postSpecialty),
			Pos:          t.pos(),
		}
		e := t.ref(postEnterprise, p.EnterpriseID, l.enterprises)
		s := t.ref(postSpecialty, p.Specialty, l.specialties)
		capacity, ok := t.intBetween(postCapacity, 1, MaxCapacity)
		p.Capacity = capacity
		if !ok {
			capacity = 0
		}
		p.MinLevel = t.level(postMinLevel)
		p.AcceptsRelated = t.boolean(postAcceptsRelated, true)
		l.posts.add(t, postID, p.ID, len(l.r.Posts))
		l.r.Posts = append(l.r.Posts, p)
		l.postEnt = append(l.postEnt, int32(e))
		l.postGroup = append(l.postGroup, l.group(s))
		l.postCap = append(l.postCap, capacity)
	}
	l.posts.addBroken(t)
	t.needRows("a plan needs at least one post, or nobody is placed")
}

const (
	distanceFrom = iota
	distanceTo
	distanceKm
)

var distanceCols = []column{
	distanceFrom: {"from", true},
	distanceTo:   {"to", true},
	distanceKm:   {"km", true},
}

// readDistances reads distances.csv, reporting a pair listed twice with
// different km (in either direction), and then prepares the check of the
// pairs students need.
func (l *loader) readDistances(file string) {
	t := l.openTable(file, "distances", distanceCols)
	if t == nil {
		return
	}
	l.r.Distances = make([]Distance, 0, t.rows)
	districts, _ := districtNumbers(l.r.Districts)
	// listed maps an unordered pair to the row of its first listing with a valid km.
	listed := map[[2]int32]int{}
	for t.next() {
		d := Distance{
			From: t.required(distanceFrom),
			To:   t.required(distanceTo),
			Km:   -1,
			Pos:  t.pos(),
		}
		t.ref(distanceFrom, d.From, l.districts)
		t.ref(distanceTo, d.To, l.districts)
		km, kmOK := t.intBetween(distanceKm, 0, MaxKm)
		if kmOK {
			d.Km = km
		}
		i, ok1 := districts[d.From]
		j, ok2 := districts[d.To]
		if ok1 && ok2 {
			key := pairKey(int32(i), int32(j))
			first, seen := listed[key]
			switch {
			case !seen || l.r.Distances[first].Km < 0:
				listed[key] = len(l.r.Distances)
			case kmOK && l.r.Distances[first].Km != km:
				f := l.r.Distances[first]
				t.errorf(distanceKm, "km between %q and %q is %d here but %d at line %d", d.From, d.To, km, f.Km, f.Pos.Line)
			}
		}
		l.r.Distances = append(l.r.Distances, d)
	}
	if t.missingRequired || l.districts.rows == nil {
		return // every pair would look missing
	}
	l.dist = newDistanceCheck(l, file, NewDistanceTable(&l.r), listed)
}

// pairKey is the unordered pair {i, j}.
func pairKey(i, j int32) [2]int32 {
	if i > j {
		i, j = j, i
	}
	return [2]int32{i, j}
}

const (
	studentID = iota
	studentName
	studentSchool
	studentSpecialty
	studentLevel
	studentDistrict
	studentScore
	studentAward
	studentOrder
	studentPreferences
)

var studentCols = []column{
	studentID:          {"student_id", true},
	studentName:        {"name", false},
	studentSchool:      {"school_id", true},
	studentSpecialty:   {"specialty", true},
	studentLevel:       {"level", true},
	studentDistrict:    {"district", true},
	studentScore:       {"score", false},
	studentAward:       {"award", false},
	studentOrder:       {"order_enterprise_id", false},
	studentPreferences: {"preferences", false},
}

func (l *loader) readStudents(file string) {
	t := l.openTable(file, "students", studentCols)
	l.students = newIndex(t, file)
	if t == nil {
		return
	}
	l.r.Students = make([]Student, 0, t.rows)
	for t.next() {
		s := Student{
			ID:        t.required(studentID),
			Name:      t.val(studentName),
			SchoolID:  t.required(studentSchool),
			Specialty: t.required(studentSpecialty),
			Pos:       t.pos(),
		}
		t.ref(studentSchool, s.SchoolID, l.schools)
		spec := t.ref(studentSpecialty, s.Specialty, l.specialties)
		s.Level = t.level(studentLevel)
		s.District = t.required(studentDistrict)
		t.ref(studentDistrict, s.District, l.districts)
		s.Score = t.score(studentScore)
		s.Award = t.award(studentAward)
		s.OrderEnterpriseID = t.val(studentOrder)
		sponsor := t.ref(studentOrder, s.OrderEnterpriseID, l.enterprises)
		s.Preferences = l.preferences(t)
		if l.dist != nil {
			l.dist.student(t, s.ID, s.District, s.OrderEnterpriseID, l.group(spec), sponsor)
		}
		l.students.add(t, studentID, s.ID, len(l.r.Students))
		l.r.Students = append(l.r.Students, s)
	}
	l.students.addBroken(t)
	t.needRows("a plan needs at least one student")
}

// preferences reads a student's list of enterprises, reporting unknown and
// repeated ones; a repeat is dropped.
func (l *loader) preferences(t *table) []string {
	prefs := list(t.val(studentPreferences))
	for i := 0; i < len(prefs); i++ {
		e := prefs[i]
		if l.enterprises.rows != nil {
			if _, ok := l.enterprises.rows[e]; !ok {
				t.errorf(studentPreferences, "preferences: enterprise %q is not in %s", e, l.enterprises.file)
			}
		}
		for _, prev := range prefs[:i] {
			if prev == e {
				t.errorf(studentPreferences, "preferences: enterprise %q is listed twice", e)
				prefs = append(prefs[:i], prefs[i+1:]...)
				i--
				break
			}
		}
	}
	return prefs
}

const (
	pinStudent = iota
	pinPost
)

var pinCols = []column{
	pinStudent: {"student_id", true},
	pinPost:    {"post_id", true},
}

// readPins reads pins.csv: each student at most once, and no post pinned
// beyond its capacity (reported on the pin that over-fills it).
func (l *loader) readPins(file string) {
	t := openTable(l.open, file, pinCols, &l.sink)
	if t == nil {
		return
	}
	firstPin := map[string]int{} // student id → line of its first pin
	pinned := make([]int, len(l.r.Posts))
	for t.next() {
		p := Pin{
			StudentID: t.required(pinStudent),
			PostID:    t.required(pinPost),
			Pos:       t.pos(),
		}
		l.r.Pins = append(l.r.Pins, p)
		s := t.ref(pinStudent, p.StudentID, l.students)
		post := t.ref(pinPost, p.PostID, l.posts)
		if p.StudentID != "" {
			if line, twice := firstPin[p.StudentID]; twice {
				t.errorf(pinStudent, "student %q is pinned twice (first at line %d)", p.StudentID, line)
				continue
			}
			firstPin[p.StudentID] = t.fieldLine(pinStudent)
		}
		if post < 0 {
			continue
		}
		pinned[post]++
		if c := l.postCap[post]; c > 0 && pinned[post] > c {
			t.errorf(pinPost, "post %q is over-filled: this is pin %d and its capacity is %d", p.PostID, pinned[post], c)
		}
		if s >= 0 && l.dist != nil {
			l.dist.pin(t, &l.r.Students[s], &l.r.Posts[post], l.postEnt[post])
		}
	}
}
