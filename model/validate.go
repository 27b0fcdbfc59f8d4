package model

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Field validation: each reader below takes the current record's value of
// one column, reports what is wrong with it at that field, and returns the
// parsed value (the zero value when it is wrong).

// index maps the ids of one table to their rows, for duplicate and
// reference checks.
type index struct {
	file string
	rows map[string]keyRow // nil: the table could not be read and references to it go unchecked
}

// keyRow is where an id was defined; row is -1 for a record too broken to
// read, whose id is kept only so references to it do not cascade.
type keyRow struct {
	row  int32
	line int32
}

// newIndex returns the index of t's key column (its first column); its rows
// are nil when t could not be opened or lacks the key column.
func newIndex(t *table, file string) *index {
	ix := &index{file: file}
	if t != nil && t.has(0) {
		ix.rows = make(map[string]keyRow, t.rows)
	}
	return ix
}

// add records id as the key of row, reporting a duplicate at column k.
func (ix *index) add(t *table, k int, id string, row int) {
	if ix.rows == nil || id == "" {
		return
	}
	if prev, dup := ix.rows[id]; dup {
		t.errorf(k, "duplicate %s %q (first at line %d)", t.cols[k].name, id, prev.line)
		return
	}
	ix.rows[id] = keyRow{row: int32(row), line: int32(t.fieldLine(k))}
}

// addBroken records the keys of t's unreadable records, after its last row.
func (ix *index) addBroken(t *table) {
	if ix.rows == nil {
		return
	}
	for _, b := range t.broken {
		if _, ok := ix.rows[b.key]; !ok {
			ix.rows[b.key] = keyRow{row: -1, line: int32(b.line)}
		}
	}
}

// ref resolves the id v in column k against ix and reports a dangling
// reference. It returns the row, or -1 when v is empty, dangling, names an
// unreadable record, or cannot be checked.
func (t *table) ref(k int, v string, ix *index) int {
	if v == "" || ix == nil || ix.rows == nil {
		return -1
	}
	r, ok := ix.rows[v]
	if !ok {
		t.errorf(k, "%s %q is not in %s", t.cols[k].name, v, ix.file)
		return -1
	}
	return int(r.row)
}

// intAtLeast reads a required whole number that must be ≥ min.
func (t *table) intAtLeast(k, min int) (int, bool) {
	v := t.required(k)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			t.errorf(k, "%s %q is too large", t.cols[k].name, v)
		} else {
			t.errorf(k, "%s %q is not a whole number", t.cols[k].name, v)
		}
		return 0, false
	}
	if n < min {
		if min == 0 {
			t.errorf(k, "%s %q is negative", t.cols[k].name, v)
		} else {
			t.errorf(k, "%s %q must be at least %d", t.cols[k].name, v, min)
		}
		return 0, false
	}
	return n, true
}

// intBetween reads a required whole number in [min, max]: intAtLeast with
// the documented upper bound of the column (see limits.go).
func (t *table) intBetween(k, min, max int) (int, bool) {
	n, ok := t.intAtLeast(k, min)
	if ok && n > max {
		t.errorf(k, "%s %s is more than %d, the most allowed", t.cols[k].name, Excerpt(t.val(k)), max)
		return 0, false
	}
	return n, ok
}

// boolean reads true/false, 1/0 or yes/no, in any case; an empty value is
// def (reported first when the column is required).
func (t *table) boolean(k int, def bool) bool {
	var v string
	if t.cols[k].required {
		v = t.required(k)
	} else {
		v = t.val(k)
	}
	switch strings.ToLower(v) {
	case "":
		return def
	case "true", "1", "yes":
		return true
	case "false", "0", "no":
		return false
	}
	t.errorf(k, "%s %q is not a boolean (use true/false, 1/0 or yes/no)", t.cols[k].name, v)
	return def
}

// level reads a level name, in any case; empty is LevelNone (reported first
// when the column is required).
func (t *table) level(k int) Level {
	var v string
	if t.cols[k].required {
		if v = t.required(k); v == "" {
			return LevelNone
		}
	} else {
		v = t.val(k)
	}
	l, ok := ParseLevel(strings.ToLower(v))
	if !ok {
		t.errorf(k, "%s %q is not one of %s", t.cols[k].name, v, strings.Join(levelNames[1:], ", "))
	}
	return l
}

// award reads an award name, in any case; empty is AwardNone.
func (t *table) award(k int) Award {
	v := t.val(k)
	a, ok := ParseAward(strings.ToLower(v))
	if !ok {
		t.errorf(k, "%s %q is not one of %s", t.cols[k].name, v, strings.Join(awardNames[:], ", "))
	}
	return a
}

// schoolKind reads a required school kind, in any case.
func (t *table) schoolKind(k int) SchoolKind {
	v := t.required(k)
	if v == "" {
		return ""
	}
	switch kind := SchoolKind(strings.ToLower(v)); kind {
	case TechnicianCollege, VocationalSchool:
		return kind
	}
	t.errorf(k, "%s %q is not one of %s, %s", t.cols[k].name, v, TechnicianCollege, VocationalSchool)
	return ""
}

// score reads an optional number in 0..100; empty is 0.
func (t *table) score(k int) float64 {
	v := t.val(k)
	if v == "" {
		return 0
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		t.errorf(k, "%s %q is not a number", t.cols[k].name, v)
		return 0
	}
	if f < 0 || f > 100 {
		t.errorf(k, "%s %q is not between 0 and 100", t.cols[k].name, v)
		return 0
	}
	return f
}

// list splits a cell at ';', trimming spaces and dropping empty entries; it
// is nil when nothing is left.
func list(v string) []string {
	if v == "" {
		return nil
	}
	out := make([]string, 0, strings.Count(v, ";")+1)
	for rest, more := v, true; more; {
		var e string
		e, rest, more = strings.Cut(rest, ";")
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// distanceCheck finds the district pairs that placements need and
// distances.csv lacks, reporting each missing pair once, at the first
// student (or pin) that needs it.
//
// A pair (a, b) is needed when a student in district a could be eligible,
// by specialty alone, for a post at an enterprise in district b: the post's
// specialty is in the student's specialty group (the same specialty
// included). Level, accepts_related and max_commute_km are deliberately
// ignored, so that a solver may look up km for any pair its filters
// consider, in any order. With order_class strict a student with a sponsor
// needs only the sponsor's district, and only when the sponsor has a post
// in the student's group. Every pinned pair is needed.
//
// Students are aggregated by (district, group) — by (district, group,
// sponsor) for strict order classes — and each aggregate is checked once
// against the distinct enterprise districts of its group, so the work is
// O(students + districts² × groups), not students × enterprises.
type distanceCheck struct {
	l        *loader
	file     string // distances.csv as the scenario names it
	dt       *DistanceTable
	listed   map[[2]int32]int // pairs distances.csv lists, even with a bad km
	strict   bool
	nGroups  int
	supply   [][]supplyAt      // by group: distinct enterprise districts
	entDist  []int32           // by enterprise row: district number, or -1
	entGroup map[[2]int32]bool // (enterprise row, group) has a post
	seen     []bool            // by district×nGroups+group
	seenSpon map[[3]int32]bool // (district, group, sponsor)
	reported map[[2]int32]bool // unordered pairs already reported
}

// supplyAt is an enterprise district offering posts to a group, with the
// first enterprise there (in posts.csv order) as the example to name.
type supplyAt struct {
	district, enterprise int32
}

func newDistanceCheck(l *loader, file string, dt *DistanceTable, listed map[[2]int32]int) *distanceCheck {
	n := dt.Len()
	c := &distanceCheck{
		l:        l,
		file:     file,
		dt:       dt,
		listed:   listed,
		strict:   l.policy.OrderClass == OrderStrict,
		nGroups:  len(l.groups),
		supply:   make([][]supplyAt, len(l.groups)),
		entDist:  make([]int32, len(l.r.Enterprises)),
		entGroup: map[[2]int32]bool{},
		seen:     make([]bool, n*len(l.groups)),
		seenSpon: map[[3]int32]bool{},
		reported: map[[2]int32]bool{},
	}
	for i, e := range l.r.Enterprises {
		c.entDist[i] = -1
		if b, ok := dt.Index(e.District); ok {
			c.entDist[i] = int32(b)
		}
	}
	offered := make([]bool, n*len(l.groups)) // group×n+district
	for p := range l.r.Posts {
		e, g := l.postEnt[p], l.postGroup[p]
		if e < 0 || g < 0 {
			continue
		}
		c.entGroup[[2]int32{e, g}] = true
		if b := c.entDist[e]; b >= 0 && !offered[int(g)*n+int(b)] {
			offered[int(g)*n+int(b)] = true
			c.supply[g] = append(c.supply[g], supplyAt{b, e})
		}
	}
	return c
}

// student checks the pairs a student of group g in district needs; sponsor
// is the row of its order-class enterprise order, or -1.
func (c *distanceCheck) student(t *table, id, district, order string, g int32, sponsor int) {
	i, ok := c.dt.Index(district)
	if !ok || g < 0 {
		return
	}
	a := int32(i)
	if c.strict && order != "" {
		key := [3]int32{a, g, int32(sponsor)}
		if sponsor < 0 || c.seenSpon[key] {
			return
		}
		c.seenSpon[key] = true
		if c.entGroup[[2]int32{int32(sponsor), g}] {
			c.need(t, studentDistrict, a, c.entDist[sponsor], id, int32(sponsor), "")
		}
		return
	}
	if k := int(a)*c.nGroups + int(g); !c.seen[k] {
		c.seen[k] = true
		for _, sp := range c.supply[g] {
			c.need(t, studentDistrict, a, sp.district, id, sp.enterprise, "")
		}
	}
}

// pin checks the pair a pinned student needs.
func (c *distanceCheck) pin(t *table, s *Student, p *Post, ent int32) {
	i, ok := c.dt.Index(s.District)
	if !ok || ent < 0 {
		return
	}
	c.need(t, pinPost, int32(i), c.entDist[ent], s.ID, ent, p.ID)
}

// need reports at column k of t's current record that the pair (a, b) is
// missing, unless it is known, listed (perhaps with a bad km, reported
// there) or already reported.
func (c *distanceCheck) need(t *table, k int, a, b int32, student string, ent int32, post string) {
	if b < 0 {
		return
	}
	if _, ok := c.dt.KmIdx(int(a), int(b)); ok {
		return
	}
	key := pairKey(a, b)
	if _, ok := c.listed[key]; ok || c.reported[key] {
		return
	}
	c.reported[key] = true
	from, to, e := c.dt.ID(int(a)), c.dt.ID(int(b)), c.l.r.Enterprises[ent].ID
	if post != "" {
		t.errorf(k, "no distance between districts %q and %q in %s (needed: student %q in %q is pinned to post %q of enterprise %q in %q)",
			from, to, c.file, student, from, post, e, to)
		return
	}
	t.errorf(k, "no distance between districts %q and %q in %s (needed: student %q in %q could intern at enterprise %q in %q)",
		from, to, c.file, student, from, e, to)
}
