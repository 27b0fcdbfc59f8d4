package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"placement/output"
	"placement/plan"
	"placement/scenarios"
)

// row is one student of a run's assignments table: placed or not.
type row struct {
	Student, Name, School, SchoolName, Specialty string
	Post, Enterprise, EnterpriseName             string
	Match                                        string
	PrefRank, Km                                 int
	Value                                        int64
	Reason                                       string // "" when placed
	search                                       string // lower-case id, name, school, enterprise, post
}

// option is one value of a filter, with how many rows have it.
type option struct {
	ID, Name string
	Count    int
}

// enterpriseRow is one row of enterprises.csv, with the enterprise's name.
type enterpriseRow struct {
	ID, Name                                  string
	Quota, Offered, Filled, Shortfall, Placed int
	Compliant                                 bool
	SubsidyYuan                               int64
}

// runData is a solved run indexed once for the pages: every student's row
// in students.csv order, the filters' values, the enterprises, the
// summary, and the scenario (for explanations). Built from the plan's own
// files, so that the pages show exactly what was written.
type runData struct {
	sc          *scenarios.Scenario
	summary     output.Summary
	rows        []row
	byStudent   map[string]int
	postIndex   map[string]int // post id → index into Roster.Posts
	postFilled  map[string]int // post id → students placed there
	schools     []option
	enterprises []option
	reasons     []option // "placed" first, then the unassigned reasons
	ents        []enterpriseRow
	byEnt       map[string]int
	// The plan page's charts, laid out once: hrefs are relative to the
	// run's page ("?school=S01", "enterprises/E0001").
	schoolBars, entBars, quotaBars []bar
	// The filters' <option> lists, escaped once (a province has thousands
	// of enterprises: rendering them on every page was most of its time).
	schoolOptions, entOptions string
}

// planFiles are the files newRunData reads.
var planFiles = []string{output.AssignmentsFile, output.UnassignedFile, output.EnterprisesFile, output.SummaryFile}

func newRunData(sc *scenarios.Scenario, files []output.File) (*runData, error) {
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.Name] = f.Data
	}
	d := &runData{sc: sc, byStudent: map[string]int{}, postIndex: map[string]int{}, postFilled: map[string]int{}, byEnt: map[string]int{}}
	if err := json.Unmarshal(byName[output.SummaryFile], &d.summary); err != nil {
		return nil, fmt.Errorf("server: reading summary.json: %w", err)
	}
	r := sc.Roster
	schoolName := make(map[string]string, len(r.Schools))
	for _, s := range r.Schools {
		schoolName[s.ID] = s.Name
	}
	entName := make(map[string]string, len(r.Enterprises))
	for _, e := range r.Enterprises {
		entName[e.ID] = e.Name
	}
	for i, p := range r.Posts {
		d.postIndex[p.ID] = i
	}
	d.rows = make([]row, len(r.Students))
	for i, st := range r.Students {
		d.rows[i] = row{Student: st.ID, Name: st.Name, School: st.SchoolID, SchoolName: schoolName[st.SchoolID], Specialty: st.Specialty}
		d.byStudent[st.ID] = i
	}
	err := eachRecord(byName[output.AssignmentsFile], func(c map[string]string) error {
		i, ok := d.byStudent[c["student_id"]]
		if !ok {
			return fmt.Errorf("student %q is not in the roster", c["student_id"])
		}
		w := &d.rows[i]
		w.Post, w.Enterprise, w.EnterpriseName, w.Match = c["post_id"], c["enterprise_id"], entName[c["enterprise_id"]], c["specialty_match"]
		w.PrefRank, _ = strconv.Atoi(c["preference_rank"])
		w.Km, _ = strconv.Atoi(c["km"])
		w.Value, _ = strconv.ParseInt(c["value"], 10, 64)
		d.postFilled[w.Post]++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: reading %s: %w", output.AssignmentsFile, err)
	}
	err = eachRecord(byName[output.UnassignedFile], func(c map[string]string) error {
		i, ok := d.byStudent[c["student_id"]]
		if !ok {
			return fmt.Errorf("student %q is not in the roster", c["student_id"])
		}
		d.rows[i].Reason = c["reason"]
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: reading %s: %w", output.UnassignedFile, err)
	}
	err = eachRecord(byName[output.EnterprisesFile], func(c map[string]string) error {
		e := enterpriseRow{ID: c["enterprise_id"], Name: c["name"], Compliant: c["compliant"] == "true"}
		e.Quota, _ = strconv.Atoi(c["quota"])
		e.Offered, _ = strconv.Atoi(c["offered"])
		e.Filled, _ = strconv.Atoi(c["filled"])
		e.Shortfall, _ = strconv.Atoi(c["shortfall"])
		e.SubsidyYuan, _ = strconv.ParseInt(c["subsidy_yuan"], 10, 64)
		d.byEnt[e.ID] = len(d.ents)
		d.ents = append(d.ents, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("server: reading %s: %w", output.EnterprisesFile, err)
	}

	schoolCount, entCount, reasonCount := map[string]int{}, map[string]int{}, map[string]int{}
	for i := range d.rows {
		w := &d.rows[i]
		w.search = strings.ToLower(strings.Join([]string{w.Student, w.Name, w.School, w.SchoolName, w.Enterprise, w.EnterpriseName, w.Post}, "\x00"))
		schoolCount[w.School]++
		if w.Enterprise != "" {
			entCount[w.Enterprise]++
		}
		reason := w.Reason
		if reason == "" && w.Post != "" {
			reason = "placed"
		}
		reasonCount[reason]++
	}
	for _, s := range r.Schools {
		d.schools = append(d.schools, option{ID: s.ID, Name: s.Name, Count: schoolCount[s.ID]})
	}
	for _, e := range r.Enterprises {
		d.enterprises = append(d.enterprises, option{ID: e.ID, Name: e.Name, Count: entCount[e.ID]})
		if k, ok := d.byEnt[e.ID]; ok {
			d.ents[k].Placed = entCount[e.ID]
		}
	}
	d.charts(schoolCount)
	d.schoolOptions, d.entOptions = optionsHTML(d.schools), optionsHTML(d.enterprises)
	d.reasons = append(d.reasons, option{ID: "placed", Count: reasonCount["placed"]})
	var others []string
	for k := range reasonCount {
		if k != "placed" && k != "" {
			others = append(others, k)
		}
	}
	sort.Strings(others)
	for _, k := range others {
		d.reasons = append(d.reasons, option{ID: k, Count: reasonCount[k]})
	}
	return d, nil
}

// eachRecord calls f with every data row of a CSV file, by column name.
func eachRecord(data []byte, f func(map[string]string) error) error {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(output.UTF8BOM))))
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	header = append([]string(nil), header...)
	cells := make(map[string]string, len(header))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		for i, h := range header {
			if i < len(rec) {
				cells[h] = rec[i]
			}
		}
		if err := f(cells); err != nil {
			return err
		}
	}
}

// query is a page of the assignments table: a search, filters and paging.
type query struct {
	Q          string // searched in id, name, school, enterprise and post, case-insensitively
	School     string
	Enterprise string
	Reason     string // "placed" or an unassigned reason
	Page       int    // 1-based
	Size       int
}

// MaxPageSize is the most rows a page of the assignments table holds.
const MaxPageSize = 500

func (q *query) normalize() {
	if q.Size <= 0 {
		q.Size = 50
	}
	q.Size = min(q.Size, MaxPageSize)
	q.Page = max(q.Page, 1)
	q.Q = strings.ToLower(strings.TrimSpace(q.Q))
}

// find returns the rows of the query's page and how many rows match in
// all: one pass over the rows, copying only the page.
func (d *runData) find(q query) ([]row, int) {
	q.normalize()
	from := (q.Page - 1) * q.Size
	var page []row
	total := 0
	for i := range d.rows {
		w := &d.rows[i]
		if q.School != "" && w.School != q.School ||
			q.Enterprise != "" && w.Enterprise != q.Enterprise ||
			q.Reason == "placed" && w.Post == "" ||
			q.Reason != "" && q.Reason != "placed" && w.Reason != q.Reason ||
			q.Q != "" && !strings.Contains(w.search, q.Q) {
			continue
		}
		if total >= from && len(page) < q.Size {
			page = append(page, *w)
		}
		total++
	}
	return page, total
}

// cache keeps the indexed data of the runs looked at last.
type cache struct {
	mu      sync.Mutex
	max     int
	order   []string // least recently used first
	data    map[string]*runData
	loading map[string]*sync.Mutex
}

func newCache(max int) *cache {
	return &cache{max: max, data: map[string]*runData{}, loading: map[string]*sync.Mutex{}}
}

func (c *cache) put(id string, d *runData) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.putLocked(id, d)
}

func (c *cache) putLocked(id string, d *runData) {
	if _, ok := c.data[id]; !ok {
		c.order = append(c.order, id)
	}
	c.data[id] = d
	for len(c.order) > c.max {
		delete(c.data, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *cache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.data, id)
	for i, o := range c.order {
		if o == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
}

// get returns a run's data, building it with load at most once at a time.
func (c *cache) get(id string, load func() (*runData, error)) (*runData, error) {
	c.mu.Lock()
	if d, ok := c.data[id]; ok {
		for i, o := range c.order { // most recently used last
			if o == id {
				c.order = append(append(c.order[:i:i], c.order[i+1:]...), id)
				break
			}
		}
		c.mu.Unlock()
		return d, nil
	}
	l, ok := c.loading[id]
	if !ok {
		l = &sync.Mutex{}
		c.loading[id] = l
	}
	c.mu.Unlock()
	l.Lock()
	defer l.Unlock()
	c.mu.Lock()
	if d, ok := c.data[id]; ok {
		c.mu.Unlock()
		return d, nil
	}
	c.mu.Unlock()
	d, err := load()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.putLocked(id, d)
	delete(c.loading, id)
	c.mu.Unlock()
	return d, nil
}

// data returns a done run's indexed data, loading its scenario and plan
// files from disk when it is not cached (after a restart).
func (s *Server) data(ctx context.Context, r Run) (*runData, error) {
	return s.cache.get(r.ID, func() (*runData, error) {
		src, root, err := s.source(r)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		sc, ps := plan.Load(ctx, src)
		if ps.Err() != nil {
			return nil, fmt.Errorf("server: the run's scenario no longer loads: %w", ps.Err())
		}
		var files []output.File
		for _, name := range planFiles {
			data, err := os.ReadFile(filepath.Join(s.store.planDir(r.ID), name))
			if err != nil {
				return nil, err
			}
			files = append(files, output.File{Name: name, Data: data})
		}
		return newRunData(sc, files)
	})
}

// MaxChartBars is the most bars a chart of the plan page draws.
const MaxChartBars = 30

// charts lays out the plan page's three charts: placements by school (the
// MaxChartBars largest schools at province scale), by enterprise (the 20
// largest) and quota compliance of the 20 enterprises furthest from their
// quota.
func (d *runData) charts(students map[string]int) {
	placed := map[string]int{}
	for i := range d.rows {
		if d.rows[i].Post != "" {
			placed[d.rows[i].School]++
		}
	}
	schools := append([]option(nil), d.schools...)
	if len(schools) > MaxChartBars {
		sort.SliceStable(schools, func(i, j int) bool { return placed[schools[i].ID] > placed[schools[j].ID] })
		schools = schools[:MaxChartBars]
	}
	var sb []bar
	for _, o := range schools {
		sb = append(sb, bar{Label: o.Name, Value: placed[o.ID], Href: "?school=" + url.QueryEscape(o.ID) + "#assignments"})
	}
	d.schoolBars = sb
	ents := append([]option(nil), d.enterprises...)
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Count > ents[j].Count })
	for _, o := range ents[:min(20, len(ents))] {
		d.entBars = append(d.entBars, bar{Label: o.Name, Value: o.Count, Href: "enterprises/" + url.PathEscape(o.ID)})
	}
	var quota []enterpriseRow
	for _, e := range d.ents {
		if e.Quota > 0 {
			quota = append(quota, e)
		}
	}
	sort.SliceStable(quota, func(i, j int) bool { return quota[i].Shortfall > quota[j].Shortfall })
	for _, e := range quota[:min(20, len(quota))] {
		d.quotaBars = append(d.quotaBars, bar{Label: e.Name, Value: e.Filled, Of: e.Quota,
			ValueString: fmt.Sprintf("%d / %d", e.Filled, e.Quota), Href: "enterprises/" + url.PathEscape(e.ID)})
	}
}

// optionsHTML is the <option> elements of a filter, escaped.
func optionsHTML(opts []option) string {
	var b strings.Builder
	for _, o := range opts {
		fmt.Fprintf(&b, "<option value=\"%s\">%s (%d)</option>", template.HTMLEscapeString(o.ID), template.HTMLEscapeString(o.Name), o.Count)
	}
	return b.String()
}

// selectOption marks the option of value selected in an optionsHTML list.
func selectOption(opts, value string) template.HTML {
	if value != "" {
		v := `<option value="` + template.HTMLEscapeString(value) + `">`
		opts = strings.Replace(opts, v, v[:len(v)-1]+" selected>", 1)
	}
	return template.HTML(opts) // built from escaped text only
}
