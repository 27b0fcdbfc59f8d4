package server

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"placement/output"
	"placement/scenarios"
	"placement/whatif"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticRoot embed.FS

var staticFS = mustSub(staticRoot, ".")

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}

var funcs = template.FuncMap{
	"pct": func(f float64) string { return fmt.Sprintf("%.2f%%", f*100) },
	"ratePtr": func(f *float64) string {
		if f == nil {
			return "—"
		}
		return fmt.Sprintf("%.2f%%", *f*100)
	},
	"num": thousands,
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format("2006-01-02 15:04")
	},
	"add": func(a, b int) int { return a + b },
	// i64p is a number that may be absent: "—".
	"i64p": func(p *int64) string {
		if p == nil {
			return "—"
		}
		return strconv.FormatInt(*p, 10)
	},
	// seg escapes an id for one path segment: an id with "/" or "?" still
	// names its page.
	"seg": url.PathEscape,
}

// pages are the page templates, each parsed with the layout.
var pages = func() map[string]*template.Template {
	m := map[string]*template.Template{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		base := strings.TrimSuffix(filepath.Base(n), ".html")
		if base == "layout" {
			continue
		}
		m[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n))
	}
	return m
}()

// view is what a page template reads.
type view struct {
	L     lang
	Title string
	Path  string // the page's path, for the language switch
	Run   *Run
	Tabs  []tab
	Data  any
}

type tab struct {
	Href, Label string
	Active      bool
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name string, v view) {
	v.L = langOf(w, r)
	v.Path = r.URL.Path
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	if err := pages[name].Execute(w, v); err != nil {
		s.log.Error().Err(err).Str("page", name).Msg("rendering a page")
	}
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, r, code, "error", view{Title: "error page", Data: struct {
		Code int
		Msg  string
	}{code, msg}})
}

func thousands(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	default:
		return fmt.Sprint(n)
	}
	return output.Thousands(v)
}

// tabs of a run's pages.
func (s *Server) tabs(run Run, active string) []tab {
	base := "/runs/" + run.ID
	t := []tab{{base, "plan", active == "plan"}}
	if run.Status == StatusDone && run.Kind != KindWhatif {
		for _, st := range run.Stages {
			if st.Name == "training" {
				t = append(t, tab{base + "/training", "training", active == "training"})
			}
			if st.Name == "mentors" {
				t = append(t, tab{base + "/mentors", "mentors", active == "mentors"})
			}
		}
		t = append(t, tab{base + "/whatif", "whatif", active == "whatif"}, tab{base + "/replan", "replan", active == "replan"})
	}
	return t
}

func (s *Server) pageHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", view{Title: "home", Data: s.store.list()})
}

func (s *Server) pageUpload(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "upload", view{Title: "upload"})
}

func (s *Server) formUpload(w http.ResponseWriter, r *http.Request) {
	run, err := s.create(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/runs/"+run.ID, http.StatusSeeOther)
}

func (s *Server) formDelete(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !s.store.remove(id) {
		s.refuse(w, r, http.StatusNotFound, "no such run")
		return
	}
	s.cache.drop(id)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// bar is one bar of a horizontal bar chart drawn as inline SVG.
type bar struct {
	Label       string
	Value, Of   int // Of: a second, lighter bar behind (the quota); 0 for none
	Y           int
	W, OfW      float64
	LabelX      float64 // where the value is written: after the longer bar
	Href        string
	ValueString string
}

type chart struct {
	Height int
	Bars   []bar
}

// barChart lays out bars for a 480-wide SVG: labels left, bars right.
func barChart(bars []bar) chart {
	maxV := 1
	for _, b := range bars {
		maxV = max(maxV, b.Value, b.Of)
	}
	const width = 270.0
	for i := range bars {
		bars[i].Y = 4 + i*22
		bars[i].W = math.Max(1, width*float64(bars[i].Value)/float64(maxV))
		bars[i].OfW = width * float64(bars[i].Of) / float64(maxV)
		bars[i].LabelX = 156 + math.Max(bars[i].W, bars[i].OfW)
		if bars[i].ValueString == "" {
			bars[i].ValueString = thousands(bars[i].Value)
		}
		if r := []rune(bars[i].Label); len(r) > 14 {
			bars[i].Label = string(r[:13]) + "…"
		}
	}
	return chart{Height: 8 + 22*len(bars), Bars: bars}
}

// planView is the plan page of a done run.
type planView struct {
	Summary   output.Summary
	Training  bool
	Mentors   bool
	Schools   chart
	Ents      chart
	Quota     chart
	Query     query
	Rows      []row
	Total     int
	Pages     int
	SchoolOps template.HTML
	EntOps    template.HTML
	Reasons   []option
	Files     []string
	PrevHref  string
	NextHref  string
	// A re-plan's counts and its changes.csv, paged (?cpage=).
	Replan  *output.ReplanStage
	Changes *changesView
}

// changesView is a page of changes.csv.
type changesView struct {
	Rows               []changeRow
	Total, Page, Pages int
	PrevHref, NextHref string
}

// changeRow is a row of changes.csv.
type changeRow struct{ Student, What, Old, New, Cause string }

// changesPage reads page `page` (from 1) of a re-plan's changes.csv,
// size rows a page; href makes a page's link.
func (s *Server) changesPage(run Run, page, size int, href func(int) string) (*changesView, error) {
	t, err := s.readTable(run, output.ChangesFile, -1)
	if err != nil {
		return nil, err
	}
	at := map[string]int{}
	for j, c := range t.Header {
		at[c] = j
	}
	col := func(rec []string, name string) string {
		if j, ok := at[name]; ok && j < len(rec) {
			return rec[j]
		}
		return ""
	}
	cv := &changesView{Total: len(t.Rows), Pages: max(1, (len(t.Rows)+size-1)/size)}
	cv.Page = min(max(page, 1), cv.Pages)
	for _, rec := range t.Rows[min((cv.Page-1)*size, len(t.Rows)):min(cv.Page*size, len(t.Rows))] {
		cv.Rows = append(cv.Rows, changeRow{col(rec, "student_id"), col(rec, "what"), col(rec, "old"), col(rec, "new"), col(rec, "cause")})
	}
	if cv.Page > 1 {
		cv.PrevHref = href(cv.Page - 1)
	}
	if cv.Page < cv.Pages {
		cv.NextHref = href(cv.Page + 1)
	}
	return cv, nil
}

func (s *Server) pageRun(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	v := view{Title: "plan", Run: &run, Tabs: s.tabs(run, "plan")}
	if run.Status != StatusDone {
		s.render(w, r, http.StatusOK, "run", v)
		return
	}
	files, _ := s.planFileList(run.ID)
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	if run.Kind == KindWhatif {
		wv, err := s.whatifView(run)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		wv.Files = names
		v.Data = wv
		s.render(w, r, http.StatusOK, "whatifresult", v)
		return
	}
	d, ok := s.doneData(w, r, run)
	if !ok {
		return
	}
	q := queryOf(r)
	rows, total := d.find(q)
	pv := planView{Summary: d.summary, Training: d.summary.Stages.Training != nil, Mentors: d.summary.Stages.Mentors != nil,
		Query: q, Rows: rows, Total: total, Pages: max(1, (total+q.Size-1)/q.Size),
		SchoolOps: selectOption(d.schoolOptions, q.School), EntOps: selectOption(d.entOptions, q.Enterprise), Reasons: d.reasons, Files: names}
	pageHref := func(p int) string {
		vals := r.URL.Query()
		vals.Set("page", strconv.Itoa(p))
		return "/runs/" + run.ID + "?" + vals.Encode() + "#assignments"
	}
	if q.Page > 1 {
		pv.PrevHref = pageHref(q.Page - 1)
	}
	if q.Page < pv.Pages {
		pv.NextHref = pageHref(q.Page + 1)
	}
	base := "/runs/" + run.ID
	pv.Schools = barChart(prefixed(d.schoolBars, base))
	pv.Ents = barChart(prefixed(d.entBars, base+"/"))
	pv.Quota = barChart(prefixed(d.quotaBars, base+"/"))
	if pv.Replan = d.summary.Stages.Replan; pv.Replan != nil {
		cpage, _ := strconv.Atoi(r.URL.Query().Get("cpage"))
		var err error
		pv.Changes, err = s.changesPage(run, cpage, changesPageSize, func(p int) string {
			vals := r.URL.Query()
			vals.Set("cpage", strconv.Itoa(p))
			return "/runs/" + run.ID + "?" + vals.Encode() + "#changes"
		})
		if err != nil {
			s.fail(w, r, fmt.Errorf("reading changes.csv: %w", err))
			return
		}
	}
	v.Data = pv
	s.render(w, r, http.StatusOK, "plan", v)
}

// prefixed copies bars with their hrefs made absolute.
func prefixed(bars []bar, prefix string) []bar {
	out := append([]bar(nil), bars...)
	for i := range out {
		out[i].Href = prefix + out[i].Href
	}
	return out
}

func (s *Server) pageStudent(w http.ResponseWriter, r *http.Request) {
	run, d, ok := s.doneRunOf(w, r)
	if !ok {
		return
	}
	id := r.PathValue("student")
	if _, ok := d.byStudent[id]; !ok {
		s.refuse(w, r, http.StatusNotFound, fmt.Sprintf("the run has no student %q", id))
		return
	}
	v, err := s.newStudentView(r.Context(), langOf(w, r), run, d, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "student", view{Title: "explain", Run: &run, Tabs: s.tabs(run, ""), Data: v})
}

func (s *Server) pageEnterprise(w http.ResponseWriter, r *http.Request) {
	run, d, ok := s.doneRunOf(w, r)
	if !ok {
		return
	}
	k, ok := d.byEnt[r.PathValue("enterprise")]
	if !ok {
		s.refuse(w, r, http.StatusNotFound, fmt.Sprintf("the run has no enterprise %q", r.PathValue("enterprise")))
		return
	}
	ev, err := s.newEnterpriseView(r.Context(), langOf(w, r), run, d, k)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "enterprise", view{Title: "enterprise", Run: &run, Tabs: s.tabs(run, ""), Data: ev})
}

// table is a CSV file of the plan, read for a page.
type table struct {
	Header []string
	Rows   [][]string
}

func (s *Server) readTable(run Run, name string, limit int) (table, error) {
	data, err := os.ReadFile(filepath.Join(s.store.planDir(run.ID), name))
	if err != nil {
		return table{}, err
	}
	return parseCSV(data, limit)
}

func (s *Server) pageTraining(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	sched, err := s.readTable(run, output.TrainingScheduleFile, -1)
	if err != nil {
		s.refuse(w, r, http.StatusNotFound, "this run has no training schedule")
		return
	}
	util, _ := s.readTable(run, output.BasesUtilizationFile, -1)
	s.render(w, r, http.StatusOK, "training", view{Title: "training", Run: &run, Tabs: s.tabs(run, "training"),
		Data: struct {
			Cal  calendar
			Util table
		}{newCalendar(sched), util}})
}

// calendar is the training schedule as bases × weeks: sessions a cell.
type calendar struct {
	Weeks []int
	Bases []calendarRow
}

type calendarRow struct {
	Base  string
	Cells []calendarCell
}

type calendarCell struct {
	N     int
	Class string // heat: h0 … h4
}

func newCalendar(t table) calendar {
	col := map[string]int{}
	for i, h := range t.Header {
		col[h] = i
	}
	counts := map[string]map[int]int{}
	maxWeek, maxN := 0, 1
	for _, rec := range t.Rows {
		base := rec[col["base_id"]]
		week, _ := strconv.Atoi(rec[col["week"]])
		if counts[base] == nil {
			counts[base] = map[int]int{}
		}
		counts[base][week]++
		maxWeek = max(maxWeek, week)
		maxN = max(maxN, counts[base][week])
	}
	var c calendar
	for wk := 1; wk <= maxWeek; wk++ {
		c.Weeks = append(c.Weeks, wk)
	}
	var bases []string
	for b := range counts {
		bases = append(bases, b)
	}
	sort.Strings(bases)
	for _, b := range bases {
		row := calendarRow{Base: b}
		for _, wk := range c.Weeks {
			n := counts[b][wk]
			h := 0
			if n > 0 {
				h = 1 + 3*(n-1)/max(1, maxN-1)
				if maxN == 1 {
					h = 4
				}
			}
			row.Cells = append(row.Cells, calendarCell{N: n, Class: fmt.Sprintf("h%d", min(h, 4))})
		}
		c.Bases = append(c.Bases, row)
	}
	return c
}

func (s *Server) pageMentors(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	load, err := s.readTable(run, output.MentorLoadFile, -1)
	if err != nil {
		s.refuse(w, r, http.StatusNotFound, "this run has no mentor plan")
		return
	}
	missing, _ := s.readTable(run, output.MentorMissingFile, 500)
	s.render(w, r, http.StatusOK, "mentors", view{Title: "mentors", Run: &run, Tabs: s.tabs(run, "mentors"),
		Data: struct{ Load, Missing table }{load, missing}})
}

// whatifKeys are the keys the what-if form offers.
var whatifKeys = []string{
	"policy.quota_rate", "policy.max_commute_km", "policy.order_class",
	"weights.placement", "weights.exact_specialty", "weights.related_specialty", "weights.preference",
	"weights.per_km", "weights.quota_bonus", "weights.order_prefer",
}

func (s *Server) pageWhatif(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "whatif", view{Title: "whatif", Run: &run, Tabs: s.tabs(run, "whatif"),
		Data: struct {
			Keys []string
			Rows []int
		}{whatifKeys, []int{0, 1, 2}}})
}

func (s *Server) formWhatif(w http.ResponseWriter, r *http.Request) {
	_, base, ok := s.runOf(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusBadRequest, "the form could not be read: "+err.Error())
		return
	}
	var sets []string
	for i := range 3 {
		key := r.PostForm.Get(fmt.Sprintf("key%d", i))
		vals := strings.TrimSpace(r.PostForm.Get(fmt.Sprintf("values%d", i)))
		if key == "" || vals == "" {
			continue
		}
		sets = append(sets, key+"="+strings.ReplaceAll(vals, "，", ","))
	}
	run, err := s.startWhatif(base, sets)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/runs/"+run.ID, http.StatusSeeOther)
}

// whatifResult is a done what-if's page.
type whatifResult struct {
	Table table
	Sets  [][]string // each variant's overrides
	Files []string
}

func (s *Server) whatifView(run Run) (whatifResult, error) {
	t, err := s.readTable(run, whatif.CSVFile, -1)
	if err != nil {
		return whatifResult{}, err
	}
	var axes []whatif.Axis
	for _, flag := range run.Axes {
		a, err := whatif.ParseAxis(flag, scenarios.IsListKey)
		if err != nil {
			return whatifResult{}, err
		}
		axes = append(axes, a)
	}
	vs, err := whatif.Grid(axes)
	if err != nil {
		return whatifResult{}, err
	}
	wr := whatifResult{Table: t}
	for _, v := range vs {
		wr.Sets = append(wr.Sets, v.Sets(axes))
	}
	return wr, nil
}

// formVariant opens variant n of a what-if as a run of its own: the base
// scenario with the variant's overrides, solved like any upload.
func (s *Server) formVariant(w http.ResponseWriter, r *http.Request) {
	_, wr, ok := s.runOf(w, r)
	if !ok {
		return
	}
	if wr.Kind != KindWhatif || wr.Status != StatusDone {
		s.refuse(w, r, http.StatusConflict, "only a finished what-if has variants")
		return
	}
	wv, err := s.whatifView(wr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(wv.Sets) {
		s.refuse(w, r, http.StatusNotFound, "no such variant")
		return
	}
	run, err := s.derive(wr, KindUpload, nil, wv.Sets[n-1])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/runs/"+run.ID, http.StatusSeeOther)
}

func (s *Server) pageReplan(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "replan", view{Title: "replan", Run: &run, Tabs: s.tabs(run, "replan")})
}

func (s *Server) pageLogin(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", view{Title: "sign in"})
}

func (s *Server) formLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusBadRequest, "the form could not be read")
		return
	}
	tok := r.PostForm.Get("token")
	if s.cfg.Token == "" || !s.authorized(&http.Request{Header: http.Header{"X-Placement-Token": {tok}}}) {
		s.refuse(w, r, http.StatusUnauthorized, "wrong token")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: tokenCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// parseCSV reads a CSV file of the plan: its header and at most limit rows
// (all when limit < 0).
func parseCSV(data []byte, limit int) (table, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte(output.UTF8BOM))))
	recs, err := cr.ReadAll()
	if err != nil || len(recs) == 0 {
		return table{}, err
	}
	t := table{Header: recs[0], Rows: recs[1:]}
	if limit >= 0 && len(t.Rows) > limit {
		t.Rows = t.Rows[:limit]
	}
	return t, nil
}
