package model

import (
	"strings"
)

// CohortKind says who a training cohort is: a school's class or an
// enterprise's employees.
type CohortKind string

// Cohort kinds.
const (
	CohortStudents  CohortKind = "students"  // owner_id is a school
	CohortEmployees CohortKind = "employees" // owner_id is an enterprise
)

// Calendar is the scenario's calendar section as plain values (model does
// not import the config package): sessions can be held in weeks
// 1..Weeks, on Days, in Periods.
type Calendar struct {
	Weeks   int
	Days    []string // day names, e.g. mon..sat
	Periods []string // period names, e.g. am, pm, eve
}

// Training is the scenario's training section: how often one cohort can
// train.
type Training struct {
	MaxSessionsPerDay  int
	MaxSessionsPerWeek int
}

// Base is one row of bases.csv: a public training base with Stations
// work places of one equipment (a specialty group).
type Base struct {
	ID        string
	Name      string
	District  string
	Equipment string // a specialty group
	Stations  int    // ≥ 1
	// OpenPeriods are the calendar periods the base is open in, in
	// calendar order; the loader fills in every calendar period when the
	// column is empty.
	OpenPeriods []string
	Pos         Pos
}

// Cohort is one row of cohorts.csv: a group that trains together,
// Sessions times, at one base each time.
type Cohort struct {
	ID           string
	Kind         CohortKind
	OwnerID      string // a school id (students) or an enterprise id (employees)
	Equipment    string // a specialty group
	Headcount    int    // ≥ 1
	Sessions     int    // ≥ 1
	EarliestWeek int    // 1 ≤ EarliestWeek ≤ LatestWeek ≤ Calendar.Weeks
	LatestWeek   int
	District     string
	// Days and Periods are the calendar days and periods the cohort can
	// train in, in calendar order; the loader fills in the calendar's when
	// the column is empty.
	Days    []string
	Periods []string
	Pos     Pos
}

const (
	baseID = iota
	baseName
	baseDistrict
	baseEquipment
	baseStations
	baseOpenPeriods
)

var baseCols = []column{
	baseID:          {"base_id", true},
	baseName:        {"name", false},
	baseDistrict:    {"district", true},
	baseEquipment:   {"equipment", true},
	baseStations:    {"stations", true},
	baseOpenPeriods: {"open_periods", false},
}

const (
	cohortID = iota
	cohortKind
	cohortOwner
	cohortEquipment
	cohortHeadcount
	cohortSessions
	cohortEarliest
	cohortLatest
	cohortDistrict
	cohortDays
	cohortPeriods
)

var cohortCols = []column{
	cohortID:        {"cohort_id", true},
	cohortKind:      {"kind", true},
	cohortOwner:     {"owner_id", true},
	cohortEquipment: {"equipment", true},
	cohortHeadcount: {"headcount", true},
	cohortSessions:  {"sessions", true},
	cohortEarliest:  {"earliest_week", true},
	cohortLatest:    {"latest_week", true},
	cohortDistrict:  {"district", true},
	cohortDays:      {"days", false},
	cohortPeriods:   {"periods", false},
}

// LoadTraining reads and validates bases.csv and cohorts.csv (paths.Bases,
// paths.Cohorts) against a roster already loaded by LoadRoster and the
// scenario's calendar. Either path may be empty: that file is not read,
// and a warning says that stage 2 will not run. When Problems.Err() is non-nil the results must not be
// used.
//
// Checks, each located at file:line:col: required columns and values;
// duplicate base_id and cohort_id; kind is students or employees; owner_id
// names a school (students) or an enterprise (employees); equipment is a
// group of specialties.csv; district is in districts.csv; stations,
// headcount and sessions are ≥ 1; 1 ≤ earliest_week ≤ latest_week ≤
// calendar.weeks; every day, period and open period is one of the
// calendar's; and every (cohort district, base district) pair of a cohort
// and a base of its equipment has a distance in distances.csv, reported
// once per pair at the first cohort that needs it.
//
// Where SPEC.md is silent: kind, day and period names are matched
// case-insensitively and stored in the calendar's spelling and order; a
// name listed twice in one cell is an error; an empty days, periods or
// open_periods cell means the whole calendar.
func LoadTraining(open Opener, paths DataPaths, r *Roster, cal Calendar) ([]Base, []Cohort, Problems) {
	tl := &trainingLoader{open: open, paths: paths, r: r, cal: cal}
	tl.prepare()
	return tl.load()
}

// loadStage2 is LoadTraining after the stage-1 files, with their
// indexes: an index whose rows are nil (a file that could not be read)
// leaves references into it unchecked, and the distances go unchecked
// when distances.csv could not be read, so that one bad stage-1 file does
// not cascade into a problem on every cohort.
func loadStage2(open Opener, paths DataPaths, l *loader, cal Calendar) ([]Base, []Cohort, Problems) {
	tl := &trainingLoader{open: open, paths: paths, r: &l.r, cal: cal}
	tl.prepare()
	tl.districts, tl.schools, tl.enterprises = l.districts, l.schools, l.enterprises
	tl.noDistances = l.dist == nil
	if l.dist != nil { // a missing pair is reported once, by the first stage that needs it
		for k := range l.dist.reported {
			tl.reported[[2]int{int(k[0]), int(k[1])}] = true
		}
	}
	return tl.load()
}

func (tl *trainingLoader) load() ([]Base, []Cohort, Problems) {
	paths := tl.paths
	switch {
	case paths.Cohorts != "" && paths.Bases == "":
		tl.sink.warnf("scenario", 0, 0, "data.cohorts is set but data.bases is not: no training schedule can be made")
	case paths.Bases != "" && paths.Cohorts == "":
		tl.sink.warnf("scenario", 0, 0, "data.bases is set but data.cohorts is not: there is nothing to schedule")
	}
	if paths.Bases != "" {
		tl.readBases(paths.Bases)
	}
	if paths.Cohorts != "" {
		tl.readCohorts(paths.Cohorts)
	}
	return tl.bases, tl.cohorts, tl.sink.done()
}

type trainingLoader struct {
	open  Opener
	paths DataPaths
	r     *Roster
	cal   Calendar
	sink  sink

	districts, schools, enterprises *index
	groups                          map[string]bool
	dt                              *DistanceTable
	listed                          map[[2]int]bool // unordered district pairs distances.csv lists
	reported                        map[[2]int]bool

	noDistances bool // distances.csv could not be read: pairs go unchecked

	bases   []Base
	cohorts []Cohort
	baseIdx *index
	byGroup map[string][]int // equipment → base rows
}

// refIndex indexes ids of a roster table by row, for reference checks.
func refIndex(file string, n int, id func(i int) (string, Pos)) *index {
	ix := &index{file: file, rows: make(map[string]keyRow, n)}
	for i := 0; i < n; i++ {
		k, p := id(i)
		if _, dup := ix.rows[k]; !dup && k != "" {
			ix.rows[k] = keyRow{row: int32(i), line: int32(p.Line)}
		}
	}
	return ix
}

func (tl *trainingLoader) prepare() {
	r := tl.r
	tl.districts = refIndex(tl.paths.Districts, len(r.Districts), func(i int) (string, Pos) { return r.Districts[i].ID, r.Districts[i].Pos })
	tl.schools = refIndex(tl.paths.Schools, len(r.Schools), func(i int) (string, Pos) { return r.Schools[i].ID, r.Schools[i].Pos })
	tl.enterprises = refIndex(tl.paths.Enterprises, len(r.Enterprises), func(i int) (string, Pos) { return r.Enterprises[i].ID, r.Enterprises[i].Pos })
	tl.groups = map[string]bool{}
	for _, s := range r.Specialties {
		if s.Group != "" {
			tl.groups[s.Group] = true
		}
	}
	tl.dt = r.Index().Dist
	tl.listed = map[[2]int]bool{}
	for _, d := range r.Distances {
		i, ok1 := tl.dt.Index(d.From)
		j, ok2 := tl.dt.Index(d.To)
		if ok1 && ok2 {
			tl.listed[[2]int{min(i, j), max(i, j)}] = true
		}
	}
	tl.reported = map[[2]int]bool{}
	tl.byGroup = map[string][]int{}
}

// equipment reads a required specialty group.
func (tl *trainingLoader) equipment(t *table, k int) string {
	v := t.required(k)
	if v != "" && len(tl.groups) > 0 && !tl.groups[v] {
		t.errorf(k, "%s %q is not a specialty group of %s", t.cols[k].name, v, tl.paths.Specialties)
	}
	return v
}

// names reads an optional list of calendar names (days or periods); empty
// is the whole calendar list. Unknown and repeated names are reported.
// The result is in calendar order.
func (tl *trainingLoader) names(t *table, k int, what string, calendar []string) []string {
	items := list(t.val(k))
	if len(items) == 0 {
		return append([]string(nil), calendar...)
	}
	in := make([]bool, len(calendar))
	for _, it := range items {
		j := -1
		for c, name := range calendar {
			if strings.EqualFold(it, name) {
				j = c
				break
			}
		}
		switch {
		case j < 0:
			t.errorf(k, "%s: %q is not a calendar %s (%s)", t.cols[k].name, it, what, strings.Join(calendar, ", "))
		case in[j]:
			t.errorf(k, "%s: %q is listed twice", t.cols[k].name, it)
		default:
			in[j] = true
		}
	}
	out := make([]string, 0, len(items))
	for c, name := range calendar {
		if in[c] {
			out = append(out, name)
		}
	}
	return out
}

func (tl *trainingLoader) readBases(file string) {
	t := openTable(tl.open, file, baseCols, &tl.sink)
	tl.baseIdx = newIndex(t, file)
	if t == nil {
		return
	}
	tl.bases = make([]Base, 0, t.rows)
	for t.next() {
		b := Base{
			ID:       t.required(baseID),
			Name:     t.val(baseName),
			District: t.required(baseDistrict),
			Pos:      t.pos(),
		}
		t.ref(baseDistrict, b.District, tl.districts)
		b.Equipment = tl.equipment(t, baseEquipment)
		b.Stations, _ = t.intBetween(baseStations, 1, MaxStations)
		b.OpenPeriods = tl.names(t, baseOpenPeriods, "period", tl.cal.Periods)
		tl.baseIdx.add(t, baseID, b.ID, len(tl.bases))
		if b.Equipment != "" {
			tl.byGroup[b.Equipment] = append(tl.byGroup[b.Equipment], len(tl.bases))
		}
		tl.bases = append(tl.bases, b)
	}
	t.needRows("the scenario names it (data.bases), so stage 2 needs at least one base; remove data.bases to skip stage 2")
}

func (tl *trainingLoader) readCohorts(file string) {
	t := openTable(tl.open, file, cohortCols, &tl.sink)
	ix := newIndex(t, file)
	if t == nil {
		return
	}
	tl.cohorts = make([]Cohort, 0, t.rows)
	total, reported := 0, false // sessions of all cohorts
	for t.next() {
		c := Cohort{
			ID:  t.required(cohortID),
			Pos: t.pos(),
		}
		c.Kind = cohortKindOf(t, cohortKind)
		c.OwnerID = t.required(cohortOwner)
		switch c.Kind {
		case CohortStudents:
			if c.OwnerID != "" && tl.schools.rows != nil {
				if _, ok := tl.schools.rows[c.OwnerID]; !ok {
					t.errorf(cohortOwner, "owner_id %q of a students cohort is not a school of %s", c.OwnerID, tl.schools.file)
				}
			}
		case CohortEmployees:
			if c.OwnerID != "" && tl.enterprises.rows != nil {
				if _, ok := tl.enterprises.rows[c.OwnerID]; !ok {
					t.errorf(cohortOwner, "owner_id %q of an employees cohort is not an enterprise of %s", c.OwnerID, tl.enterprises.file)
				}
			}
		}
		c.Equipment = tl.equipment(t, cohortEquipment)
		c.Headcount, _ = t.intBetween(cohortHeadcount, 1, MaxHeadcount)
		c.Sessions, _ = t.intBetween(cohortSessions, 1, MaxSessions)
		if total += c.Sessions; total > MaxTotalSessions && !reported {
			reported = true
			t.errorf(cohortSessions, "the cohorts so far ask for %d sessions in all, more than %d, the most allowed", total, MaxTotalSessions)
		}
		c.EarliestWeek = tl.week(t, cohortEarliest)
		c.LatestWeek = tl.week(t, cohortLatest)
		if c.EarliestWeek > 0 && c.LatestWeek > 0 && c.EarliestWeek > c.LatestWeek {
			t.errorf(cohortLatest, "latest_week %d is before earliest_week %d", c.LatestWeek, c.EarliestWeek)
		}
		c.District = t.required(cohortDistrict)
		d := t.ref(cohortDistrict, c.District, tl.districts)
		c.Days = tl.names(t, cohortDays, "day", tl.cal.Days)
		c.Periods = tl.names(t, cohortPeriods, "period", tl.cal.Periods)
		if d >= 0 && c.Equipment != "" && !tl.noDistances {
			tl.needDistances(t, &c)
		}
		ix.add(t, cohortID, c.ID, len(tl.cohorts))
		tl.cohorts = append(tl.cohorts, c)
	}
	t.needRows("the scenario names it (data.cohorts), so stage 2 needs at least one cohort; remove data.cohorts to skip stage 2")
}

// week reads a required week number within the calendar.
func (tl *trainingLoader) week(t *table, k int) int {
	w, ok := t.intAtLeast(k, 1)
	if !ok {
		return 0
	}
	if tl.cal.Weeks > 0 && w > tl.cal.Weeks {
		t.errorf(k, "%s %d is after the calendar's last week %d", t.cols[k].name, w, tl.cal.Weeks)
		return 0
	}
	return w
}

// needDistances reports the pairs (cohort district, base district) that
// distances.csv lacks for the bases of the cohort's equipment.
func (tl *trainingLoader) needDistances(t *table, c *Cohort) {
	a, ok := tl.dt.Index(c.District)
	if !ok {
		return
	}
	for _, bi := range tl.byGroup[c.Equipment] {
		b := &tl.bases[bi]
		j, ok := tl.dt.Index(b.District)
		if !ok {
			continue
		}
		if _, ok := tl.dt.KmIdx(a, j); ok {
			continue
		}
		key := [2]int{min(a, j), max(a, j)}
		if tl.listed[key] || tl.reported[key] {
			continue
		}
		tl.reported[key] = true
		t.errorf(cohortDistrict, "no distance between districts %q and %q in %s (needed: cohort %q in %q could train at base %q in %q)",
			c.District, b.District, tl.paths.Distances, c.ID, c.District, b.ID, b.District)
	}
}

// cohortKindOf reads a required cohort kind, in any case.
func cohortKindOf(t *table, k int) CohortKind {
	v := t.required(k)
	if v == "" {
		return ""
	}
	switch kind := CohortKind(strings.ToLower(v)); kind {
	case CohortStudents, CohortEmployees:
		return kind
	}
	t.errorf(k, "%s %q is not one of %s, %s", t.cols[k].name, v, CohortStudents, CohortEmployees)
	return ""
}
