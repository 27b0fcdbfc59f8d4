package server

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"placement/output"
	"placement/scenarios"
	"placement/whatif"
)

// writeJSONResponse answers with v as JSON.
func writeJSONResponse(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// apiError is the body of every 4xx and 5xx answer of the API.
type apiError struct {
	Error string `json:"error"`
}

// refuse answers an error: JSON under /api, a page elsewhere.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	if code >= 500 {
		s.log.Error().Str("path", r.URL.Path).Int("code", code).Str("error", msg).Msg("request failed")
	} else {
		s.log.Info().Str("path", r.URL.Path).Int("code", code).Str("error", msg).Msg("request refused")
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSONResponse(w, code, apiError{msg})
		return
	}
	s.renderError(w, r, code, msg)
}

// fail answers err: its own status for an httpError, else 500.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	if errors.As(err, &he) {
		s.refuse(w, r, he.code, he.msg)
		return
	}
	s.refuse(w, r, http.StatusInternalServerError, "internal error: "+err.Error())
}

// runOf finds the run a request names, answering 404 when there is none.
func (s *Server) runOf(w http.ResponseWriter, r *http.Request) (*runState, Run, bool) {
	rs, ok := s.store.get(r.PathValue("id"))
	if !ok {
		s.refuse(w, r, http.StatusNotFound, "no such run")
		return nil, Run{}, false
	}
	return rs, rs.snapshot(), true
}

// doneData is a done run's indexed data, or a refusal.
func (s *Server) doneData(w http.ResponseWriter, r *http.Request, run Run) (*runData, bool) {
	if run.Status != StatusDone || run.Kind == KindWhatif {
		s.refuse(w, r, http.StatusConflict, fmt.Sprintf("the run is %s: there is no plan to read yet", run.Status))
		return nil, false
	}
	d, err := s.data(r.Context(), run)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return d, true
}

// doneRunOf is runOf and then doneData: the run a request names, done,
// and its data, or a refusal.
func (s *Server) doneRunOf(w http.ResponseWriter, r *http.Request) (Run, *runData, bool) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return Run{}, nil, false
	}
	d, ok := s.doneData(w, r, run)
	return run, d, ok
}

// create receives an upload and queues its run.
func (s *Server) create(w http.ResponseWriter, r *http.Request) (Run, error) {
	up, err := s.receive(w, r)
	if err != nil {
		return Run{}, err
	}
	run := Run{ID: newID(), Kind: up.kind, Status: StatusQueued, Created: time.Now().UTC(), Path: up.path}
	if up.previous != "" {
		if err := s.takePrevious(up.previous, up.dir); err != nil {
			os.RemoveAll(up.dir)
			return Run{}, err
		}
		run.Kind, run.Base = KindReplan, up.previous
	}
	rs, err := s.store.add(up.dir, run)
	if err != nil {
		os.RemoveAll(up.dir)
		return Run{}, err
	}
	s.queue.push(rs)
	s.log.Info().Str("run", run.ID).Str("kind", run.Kind).Msg("run queued")
	return run, nil
}

// derive makes a new run over a copy of base's input: a what-if (axes) or
// a variant (set).
func (s *Server) derive(base Run, kind string, axes, set []string) (Run, error) {
	dir, err := s.store.tempDir()
	if err != nil {
		return Run{}, err
	}
	in := filepath.Join(dir, "input")
	if err := os.Mkdir(in, 0o755); err != nil {
		os.RemoveAll(dir)
		return Run{}, err
	}
	root, err := os.OpenRoot(in)
	if err != nil {
		os.RemoveAll(dir)
		return Run{}, err
	}
	err = copyDir(root, s.store.inputDir(base.ID))
	root.Close()
	if err != nil {
		os.RemoveAll(dir)
		return Run{}, err
	}
	run := Run{ID: newID(), Kind: kind, Status: StatusQueued, Created: time.Now().UTC(), Path: base.Path,
		Base: base.ID, Axes: axes, Set: append(append([]string{}, base.Set...), set...)}
	rs, err := s.store.add(dir, run)
	if err != nil {
		os.RemoveAll(dir)
		return Run{}, err
	}
	s.queue.push(rs)
	return run, nil
}

func (s *Server) apiCreate(w http.ResponseWriter, r *http.Request) {
	run, err := s.create(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/runs/"+run.ID)
	writeJSONResponse(w, http.StatusCreated, map[string]string{"id": run.ID})
}

// RunListItem is one run in GET /api/runs.
type RunListItem struct {
	ID            string    `json:"id"`
	Kind          string    `json:"kind"`
	Status        string    `json:"status"`
	Scenario      string    `json:"scenario"`
	Term          string    `json:"term"`
	Created       time.Time `json:"created"`
	Finished      time.Time `json:"finished,omitzero"`
	Students      int       `json:"students"`
	PlacementRate *float64  `json:"placement_rate"`
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	runs := s.store.list()
	items := make([]RunListItem, len(runs))
	for i, run := range runs {
		items[i] = RunListItem{ID: run.ID, Kind: run.Kind, Status: run.Status, Scenario: run.Scenario, Term: run.Term,
			Created: run.Created, Finished: run.Finished, Students: run.Students, PlacementRate: run.PlacementRate}
	}
	writeJSONResponse(w, http.StatusOK, map[string]any{"runs": items})
}

// RunStatus is GET /api/runs/{id}.
type RunStatus struct {
	ID       string          `json:"id"`
	Status   string          `json:"status"`
	Summary  json.RawMessage `json:"summary,omitempty"`  // summary.json, when done
	Problems []Problem       `json:"problems,omitempty"` // when invalid
	Error    string          `json:"error,omitempty"`    // when failed
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	out := RunStatus{ID: run.ID, Status: run.Status}
	switch run.Status {
	case StatusDone:
		if run.Kind != KindWhatif {
			data, err := os.ReadFile(filepath.Join(s.store.planDir(run.ID), output.SummaryFile))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			out.Summary = json.RawMessage(data)
		}
	case StatusInvalid:
		out.Problems = run.Problems
	case StatusFailed:
		out.Error = run.Error
	}
	writeJSONResponse(w, http.StatusOK, out)
}

func (s *Server) apiDelete(w http.ResponseWriter, r *http.Request) {
	if !s.store.remove(r.PathValue("id")) {
		s.refuse(w, r, http.StatusNotFound, "no such run")
		return
	}
	s.cache.drop(r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
}

var fileNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)

// planFileList is the files of a run's plan directory: plain files only,
// no hidden or temporary ones.
func (s *Server) planFileList(id string) ([]fs.FileInfo, error) {
	entries, err := os.ReadDir(s.store.planDir(id))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var out []fs.FileInfo
	for _, e := range entries {
		if !e.Type().IsRegular() || !fileNamePattern.MatchString(e.Name()) {
			continue
		}
		if info, err := e.Info(); err == nil {
			out = append(out, info)
		}
	}
	return out, nil
}

// apiFile serves one file of the plan: the name must be one of those the
// plan directory lists, so no request path reaches anything else.
func (s *Server) apiFile(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	files, err := s.planFileList(run.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, info := range files {
		if info.Name() != name {
			continue
		}
		root, err := os.OpenRoot(s.store.planDir(run.ID))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer root.Close()
		f, err := root.Open(name)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer f.Close()
		w.Header().Set("Content-Type", contentType(name))
		if r.URL.Query().Get("inline") == "" || !strings.HasSuffix(name, ".svg") {
			w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
		}
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}
	s.refuse(w, r, http.StatusNotFound, fmt.Sprintf("the run's plan has no file %q", name))
}

func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".json":
		return "application/json; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".md":
		return "text/markdown; charset=utf-8"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// apiZip streams the whole plan directory as a zip.
func (s *Server) apiZip(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	if run.Status != StatusDone {
		s.refuse(w, r, http.StatusConflict, fmt.Sprintf("the run is %s: there is no plan to download", run.Status))
		return
	}
	files, err := s.planFileList(run.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	root, err := os.OpenRoot(s.store.planDir(run.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer root.Close()
	name := "plan"
	if run.Scenario != "" {
		name = safeName(run.Scenario) + "-plan"
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name+".zip"))
	zw := zip.NewWriter(w)
	for _, info := range files {
		f, err := root.Open(info.Name())
		if err != nil {
			return
		}
		hdr := &zip.FileHeader{Name: name + "/" + info.Name(), Method: zip.Deflate, Modified: info.ModTime()}
		dst, err := zw.CreateHeader(hdr)
		if err == nil {
			_, err = io.Copy(dst, f)
		}
		f.Close()
		if err != nil {
			return
		}
	}
	zw.Close()
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

func safeName(s string) string {
	s = strings.Trim(unsafeChars.ReplaceAllString(s, "-"), "-.")
	if s == "" {
		return "plan"
	}
	return s
}

func (s *Server) apiExplain(w http.ResponseWriter, r *http.Request) {
	_, run, ok := s.runOf(w, r)
	if !ok {
		return
	}
	student := r.URL.Query().Get("student")
	if student == "" {
		s.refuse(w, r, http.StatusBadRequest, "name a student: ?student=ID")
		return
	}
	x, err := s.explain(r, run, student)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSONResponse(w, http.StatusOK, x)
}

// explain asks Config.Explain, or explain's answer (the student page's).
func (s *Server) explain(r *http.Request, run Run, student string) (any, error) {
	if run.Status != StatusDone || run.Kind == KindWhatif {
		return nil, &httpError{http.StatusConflict, fmt.Sprintf("the run is %s: there is no plan to explain", run.Status)}
	}
	d, err := s.data(r.Context(), run)
	if err != nil {
		return nil, err
	}
	if _, ok := d.byStudent[student]; !ok {
		return nil, &httpError{http.StatusNotFound, fmt.Sprintf("the run has no student %q", student)}
	}
	if s.cfg.Explain != nil {
		return s.cfg.Explain(r.Context(), ExplainRequest{Scenario: d.sc, PlanDir: s.store.planDir(run.ID), Student: student})
	}
	p, err := s.explainPlan(r.Context(), run, d)
	if err != nil {
		return nil, err
	}
	return p.Student(student)
}

// AssignmentsPage is GET /api/runs/{id}/assignments: one page of the
// table, filtered.
type AssignmentsPage struct {
	Total int             `json:"total"`
	Page  int             `json:"page"`
	Size  int             `json:"size"`
	Rows  []AssignmentRow `json:"rows"`
}

// AssignmentRow is one student of the table.
type AssignmentRow struct {
	StudentID      string `json:"student_id"`
	Name           string `json:"name"`
	SchoolID       string `json:"school_id"`
	PostID         string `json:"post_id,omitempty"`
	EnterpriseID   string `json:"enterprise_id,omitempty"`
	SpecialtyMatch string `json:"specialty_match,omitempty"`
	PreferenceRank int    `json:"preference_rank,omitempty"`
	Km             int    `json:"km,omitempty"`
	Value          int64  `json:"value,omitempty"`
	Reason         string `json:"reason,omitempty"`
}

func queryOf(r *http.Request) query {
	v := r.URL.Query()
	q := query{Q: v.Get("q"), School: v.Get("school"), Enterprise: v.Get("enterprise"), Reason: v.Get("reason")}
	q.Page, _ = strconv.Atoi(v.Get("page"))
	q.Size, _ = strconv.Atoi(v.Get("size"))
	q.normalize()
	return q
}

func (s *Server) apiAssignments(w http.ResponseWriter, r *http.Request) {
	_, d, ok := s.doneRunOf(w, r)
	if !ok {
		return
	}
	q := queryOf(r)
	rows, total := d.find(q)
	out := AssignmentsPage{Total: total, Page: q.Page, Size: q.Size, Rows: make([]AssignmentRow, len(rows))}
	for i, w := range rows {
		out.Rows[i] = AssignmentRow{w.Student, w.Name, w.School, w.Post, w.Enterprise, w.Match, w.PrefRank, w.Km, w.Value, w.Reason}
	}
	writeJSONResponse(w, http.StatusOK, out)
}

// apiEvents streams a run's progress as server-sent events: an event
// "progress" with the run's status and stages at every change, until the
// run ends (done, failed, invalid) or is deleted.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	rs, _, ok := s.runOf(w, r)
	if !ok {
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		s.refuse(w, r, http.StatusInternalServerError, "streaming is not supported")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	for {
		run, changed := rs.watch()
		data, _ := json.Marshal(map[string]any{"id": run.ID, "status": run.Status, "stages": run.Stages})
		fmt.Fprintf(w, "event: progress\ndata: %s\n\n", data)
		flusher.Flush()
		if run.Status != StatusQueued && run.Status != StatusRunning || rs.isDeleted() {
			return
		}
		select {
		case <-changed:
		case <-r.Context().Done():
			return
		case <-s.stopping:
			return
		case <-time.After(15 * time.Second):
		}
	}
}

// WhatifRequest is the body of POST /api/runs/{id}/whatif: the grid's
// axes, each as `placement whatif --set` takes it.
type WhatifRequest struct {
	Set []string `json:"set"`
}

// MaxWhatifVariants bounds a what-if asked through the server.
const MaxWhatifVariants = 50

// checkAxes parses the axes and bounds the grid.
func checkAxes(sets []string) error {
	if len(sets) == 0 {
		return badRequest("give at least one key to vary, as key=v1,v2")
	}
	var axes []whatif.Axis
	seen := map[string]bool{}
	for _, s := range sets {
		a, err := whatif.ParseAxis(s, scenarios.IsListKey)
		if err != nil {
			return badRequest("%s: %v", s, err)
		}
		if seen[a.Key] {
			return badRequest("%s is varied twice: give all its values at once", a.Key)
		}
		seen[a.Key] = true
		axes = append(axes, a)
	}
	vs, err := whatif.Grid(axes)
	if err != nil {
		return badRequest("%v", err)
	}
	if len(vs) > MaxWhatifVariants {
		return badRequest("the grid has %d variants; the workspace solves at most %d at a time", len(vs), MaxWhatifVariants)
	}
	return nil
}

func (s *Server) apiWhatif(w http.ResponseWriter, r *http.Request) {
	_, base, ok := s.runOf(w, r)
	if !ok {
		return
	}
	var req WhatifRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil {
		s.refuse(w, r, http.StatusBadRequest, "the body must be JSON: {\"set\": [\"policy.quota_rate=0.01,0.02\"]}: "+err.Error())
		return
	}
	run, err := s.startWhatif(base, req.Set)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSONResponse(w, http.StatusCreated, map[string]string{"id": run.ID})
}

func (s *Server) startWhatif(base Run, sets []string) (Run, error) {
	if base.Kind == KindWhatif {
		return Run{}, &httpError{http.StatusConflict, "a what-if varies a plan's scenario, not another what-if"}
	}
	if err := checkAxes(sets); err != nil {
		return Run{}, err
	}
	return s.derive(base, KindWhatif, sets, nil)
}

// apiDemoZip is the demo city as a zip, the form an upload takes.
func (s *Server) apiDemoZip(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="zibo-demo.zip"`)
	DemoZip(w)
}

// DemoZip writes the embedded demo city as a zip with a single top folder
// "zibo-demo/", as an officer would upload it.
func DemoZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	demo := scenarios.DemoFS()
	err := fs.WalkDir(demo, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(demo, name)
		if err != nil {
			return err
		}
		f, err := zw.Create("zibo-demo/" + name)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}
