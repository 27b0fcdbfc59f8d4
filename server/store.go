package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"time"

	"placement/model"
)

// Status of a run, as GET /api/runs/{id} reports it.
const (
	StatusQueued  = "queued"
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
	StatusInvalid = "invalid" // the input has problems; nothing was solved
)

// Kinds of run.
const (
	KindUpload = "upload" // a scenario uploaded as a zip or file by file
	KindDemo   = "demo"   // the embedded demo city
	KindWhatif = "whatif" // a what-if grid over another run's scenario
	KindReplan = "replan" // an upload re-planned against a done run (Base)
)

// Problem is one problem of a run's input, as the API reports it.
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`
}

func problemsOf(ps model.Problems) []Problem {
	out := make([]Problem, 0, len(ps))
	for _, group := range []model.Problems{ps.Errors(), ps.Warnings()} {
		for _, p := range group {
			sev := "error"
			if p.Severity == model.Warning {
				sev = "warning"
			}
			out = append(out, Problem{File: p.File, Line: p.Line, Column: p.Col, Severity: sev, Message: p.Msg})
		}
	}
	return out
}

// Stage is one step of a run's progress.
type Stage struct {
	Name  string  `json:"name"`  // load, assignment, training, mentors, whatif, write
	State string  `json:"state"` // waiting, running, done
	MS    float64 `json:"ms,omitempty"`
}

// Run is what run.json holds: a run's record.
type Run struct {
	ID       string    `json:"id"`
	Kind     string    `json:"kind"`
	Status   string    `json:"status"`
	Created  time.Time `json:"created"`
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	// Scenario and Term are the scenario's name and term, once loaded.
	Scenario      string   `json:"scenario,omitempty"`
	Term          string   `json:"term,omitempty"`
	Students      int      `json:"students,omitempty"`
	PlacementRate *float64 `json:"placement_rate,omitempty"`
	// Path is the scenario file inside input/ ("scenario.yaml" or
	// "city/scenario.yaml"); Set are overrides (a what-if variant).
	Path string   `json:"path"`
	Set  []string `json:"set,omitempty"`
	// Base is the run a what-if or a variant was made from, or the run a
	// re-plan started from (its plan is copied into previous/); Axes are a
	// what-if's --set flags.
	Base     string    `json:"base,omitempty"`
	Axes     []string  `json:"axes,omitempty"`
	Stages   []Stage   `json:"stages,omitempty"`
	Error    string    `json:"error,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
}

// runState is a run in memory: its record, guarded, and what waits on it.
type runState struct {
	mu      sync.Mutex
	run     Run
	changed chan struct{} // closed and replaced at every change
	cancel  context.CancelFunc
	deleted bool
}

func (rs *runState) snapshot() Run {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := rs.run
	r.Stages = append([]Stage(nil), r.Stages...)
	return r
}

// watch returns the current record and a channel closed at the next change.
func (rs *runState) watch() (Run, <-chan struct{}) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	r := rs.run
	r.Stages = append([]Stage(nil), r.Stages...)
	return r, rs.changed
}

// store keeps the runs: in memory, and each in its directory.
type store struct {
	dir  string // the data directory
	mu   sync.Mutex
	runs map[string]*runState
}

var idPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// validID reports whether id has the form newID makes: nothing else may
// reach a path.
func validID(id string) bool { return idPattern.MatchString(id) }

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b[:])
}

func openStore(dir string) (*store, error) {
	s := &store{dir: dir, runs: make(map[string]*runState)}
	for _, d := range []string{s.runsDir(), s.tmpDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("server: data directory: %w", err)
		}
	}
	// Uploads that were being received when the server stopped.
	if entries, err := os.ReadDir(s.tmpDir()); err == nil {
		for _, e := range entries {
			os.RemoveAll(filepath.Join(s.tmpDir(), e.Name()))
		}
	}
	entries, err := os.ReadDir(s.runsDir())
	if err != nil {
		return nil, fmt.Errorf("server: data directory: %w", err)
	}
	for _, e := range entries {
		if !e.IsDir() || !validID(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(s.runsDir(), e.Name(), "run.json"))
		if err != nil {
			continue // a run deleted half-way; not listed
		}
		var r Run
		if err := json.Unmarshal(data, &r); err != nil || r.ID != e.Name() {
			continue
		}
		s.runs[r.ID] = &runState{run: r, changed: make(chan struct{})}
	}
	return s, nil
}

func (s *store) runsDir() string          { return filepath.Join(s.dir, "runs") }
func (s *store) tmpDir() string           { return filepath.Join(s.dir, "tmp") }
func (s *store) runDir(id string) string  { return filepath.Join(s.runsDir(), id) }
func (s *store) planDir(id string) string { return filepath.Join(s.runDir(id), "plan") }
func (s *store) inputDir(id string) string {
	return filepath.Join(s.runDir(id), "input")
}

func (s *store) get(id string) (*runState, bool) {
	if !validID(id) {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rs, ok := s.runs[id]
	return rs, ok
}

// list is every run, newest first.
func (s *store) list() []Run {
	s.mu.Lock()
	states := make([]*runState, 0, len(s.runs))
	for _, rs := range s.runs {
		states = append(states, rs)
	}
	s.mu.Unlock()
	out := make([]Run, len(states))
	for i, rs := range states {
		out[i] = rs.snapshot()
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].Created.Equal(out[j].Created) {
			return out[i].Created.After(out[j].Created)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// tempDir makes a directory for a run being received; add moves it into
// place.
func (s *store) tempDir() (string, error) { return os.MkdirTemp(s.tmpDir(), "upload-") }

// add commits a run received into tmp (holding input/ and maybe
// upload.zip): it writes run.json there and renames the directory into
// runs/, so a run appears whole or not at all.
func (s *store) add(tmp string, r Run) (*runState, error) {
	if err := writeJSON(filepath.Join(tmp, "run.json"), r); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, s.runDir(r.ID)); err != nil {
		return nil, fmt.Errorf("server: storing run: %w", err)
	}
	rs := &runState{run: r, changed: make(chan struct{})}
	s.mu.Lock()
	s.runs[r.ID] = rs
	s.mu.Unlock()
	return rs, nil
}

// update changes a run's record, saves it and wakes its watchers. A
// deleted run is not saved.
func (s *store) update(rs *runState, f func(r *Run)) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	before := rs.run.Status
	f(&rs.run)
	if !rs.deleted {
		// On disk before anyone is told: a client that sees the new
		// status finds run.json (and the run's directory) as it says. A
		// change of status is synced; progress within a status (a stage
		// done) is only renamed into place, which is still atomic.
		_ = writeJSONFile(filepath.Join(s.runDir(rs.run.ID), "run.json"), rs.run, rs.run.Status != before)
	}
	close(rs.changed)
	rs.changed = make(chan struct{})
}

// remove forgets a run, cancels its solve and deletes its directory (moved
// into tmp first, so that a crash half-way leaves no half run in runs/).
func (s *store) remove(id string) bool {
	rs, ok := s.get(id)
	if !ok {
		return false
	}
	s.mu.Lock()
	delete(s.runs, id)
	s.mu.Unlock()
	rs.mu.Lock()
	rs.deleted = true
	if rs.cancel != nil {
		rs.cancel()
	}
	close(rs.changed)
	rs.changed = make(chan struct{})
	rs.mu.Unlock()
	gone := filepath.Join(s.tmpDir(), "deleted-"+id)
	if err := os.Rename(s.runDir(id), gone); err == nil {
		os.RemoveAll(gone)
	} else {
		os.RemoveAll(s.runDir(id))
	}
	return true
}

// writeJSON writes v to path atomically: a temporary file, synced, renamed.
func writeJSON(path string, v any) error { return writeJSONFile(path, v, true) }

// writeJSONFile writes v to path through a temporary file renamed into
// place, synced first when sync is set.
func writeJSONFile(path string, v any, sync bool) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".run-*.json")
	if err != nil {
		return err
	}
	_, werr := f.Write(append(data, '\n'))
	var serr error
	if sync {
		serr = f.Sync()
	}
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}
