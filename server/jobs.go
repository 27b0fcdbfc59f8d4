package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"placement/plan"
	"placement/scenarios"
	"placement/whatif"
)

// queue is a first-in, first-out queue of runs served by a fixed number of
// workers.
type queue struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending []*runState
	closed  bool
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) push(rs *runState) {
	q.mu.Lock()
	q.pending = append(q.pending, rs)
	q.mu.Unlock()
	q.cond.Signal()
}

// pop waits for a run; false once the queue is closed.
func (q *queue) pop() (*runState, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.pending) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return nil, false
	}
	rs := q.pending[0]
	q.pending = q.pending[1:]
	return rs, true
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}

// worker solves runs until the queue closes.
func (s *Server) worker() {
	defer s.workers.Done()
	for {
		rs, ok := s.queue.pop()
		if !ok {
			return
		}
		s.execute(rs)
	}
}

// execute runs one queued run to its end: done, invalid or failed — or,
// when the server stops under it, back to queued for the next start.
func (s *Server) execute(rs *runState) {
	ctx, cancel := context.WithCancel(s.jobsCtx)
	defer cancel()
	rs.mu.Lock()
	if rs.deleted {
		rs.mu.Unlock()
		return
	}
	rs.cancel = cancel
	r := rs.run
	rs.mu.Unlock()
	defer func() {
		rs.mu.Lock()
		rs.cancel = nil
		rs.mu.Unlock()
	}()

	logFile, err := os.OpenFile(filepath.Join(s.store.runDir(r.ID), "log.jsonl"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		s.failRun(rs, fmt.Errorf("opening the log: %w", err))
		return
	}
	defer logFile.Close()
	prog := &progress{s: s, rs: rs}
	log := zerolog.New(zerolog.SyncWriter(io.MultiWriter(logFile, prog))).With().Timestamp().Logger()

	s.store.update(rs, func(r *Run) {
		r.Status, r.Started, r.Finished, r.Error, r.Problems = StatusRunning, time.Now().UTC(), time.Time{}, "", nil
		r.Stages = []Stage{{Name: "load", State: "running"}}
	})
	log.Info().Str("run", r.ID).Str("kind", r.Kind).Msg("run started")
	if r.Kind == KindWhatif {
		err = s.executeWhatif(ctx, rs, r, &log)
	} else {
		err = s.executePlan(ctx, rs, r, &log)
	}
	switch {
	case err == nil:
	case s.jobsCtx.Err() != nil && !rs.isDeleted():
		// The server is stopping: the run starts again at the next start.
		log.Warn().Msg("the server stopped during the run; it will run again at the next start")
		s.store.update(rs, func(r *Run) { r.Status, r.Stages = StatusQueued, nil })
	case rs.isDeleted():
	default:
		log.Error().Err(err).Msg("run failed")
		s.failRun(rs, err)
	}
}

func (rs *runState) isDeleted() bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.deleted
}

func (s *Server) failRun(rs *runState, err error) {
	s.store.update(rs, func(r *Run) {
		r.Status, r.Error, r.Finished = StatusFailed, err.Error(), time.Now().UTC()
		for i := range r.Stages {
			if r.Stages[i].State == "running" {
				r.Stages[i].State = "failed"
			}
		}
	})
}

// source is the run's scenario, read from its own input directory only.
func (s *Server) source(r Run) (plan.Source, *os.Root, error) {
	root, err := os.OpenRoot(s.store.inputDir(r.ID))
	if err != nil {
		return plan.Source{}, nil, err
	}
	return plan.Source{FS: root.FS(), Path: r.Path, Set: r.Set}, root, nil
}

// load runs plan.Load; false (with the run marked invalid) on problems.
func (s *Server) load(ctx context.Context, rs *runState, r Run) (*scenarios.Scenario, bool, error) {
	src, root, err := s.source(r)
	if err != nil {
		return nil, false, err
	}
	defer root.Close()
	t := time.Now()
	sc, ps := plan.Load(ctx, src)
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	if ps.Err() != nil {
		s.store.update(rs, func(r *Run) {
			r.Status, r.Problems, r.Finished = StatusInvalid, problemsOf(ps), time.Now().UTC()
			r.Stages = []Stage{{Name: "load", State: "failed", MS: ms(time.Since(t))}}
		})
		return nil, false, nil
	}
	stages := []Stage{{Name: "load", State: "done", MS: ms(time.Since(t))}, {Name: "assignment", State: "running"}}
	if r.Kind == KindWhatif {
		stages[1].Name = "whatif"
	} else {
		if plan.HasTraining(sc) {
			stages = append(stages, Stage{Name: "training", State: "waiting"})
		}
		if plan.HasMentors(sc) {
			stages = append(stages, Stage{Name: "mentors", State: "waiting"})
		}
	}
	stages = append(stages, Stage{Name: "write", State: "waiting"})
	s.store.update(rs, func(r *Run) {
		r.Scenario, r.Term, r.Students = sc.Config.Name, sc.Config.Term, len(sc.Roster.Students)
		r.Problems = problemsOf(ps) // warnings
		r.Stages = stages
	})
	return sc, true, nil
}

func (s *Server) executePlan(ctx context.Context, rs *runState, r Run, log *zerolog.Logger) error {
	sc, ok, err := s.load(ctx, rs, r)
	if err != nil || !ok {
		return err
	}
	var res *plan.Result
	if r.Kind == KindReplan {
		prev, ps := plan.LoadPrevious(ctx, s.store.previousDir(r.ID))
		if err := ps.Err(); err != nil {
			return fmt.Errorf("reading the plan of run %s: %w", r.Base, err)
		}
		prev.Dir = r.Base // summary.json's replan.previous: the run, not a path of the server
		res, err = plan.Replan(ctx, sc, prev, plan.Settings{Log: log})
	} else {
		res, err = plan.Solve(ctx, sc, plan.Settings{Log: log})
	}
	if err != nil {
		if errors.Is(err, plan.ErrInput) {
			return fmt.Errorf("the solver refused the input: %w", err)
		}
		return err
	}
	t := time.Now()
	s.stage(rs, "write", "running", 0)
	if err := plan.Write(ctx, s.store.planDir(r.ID), res, plan.WriteOptions{}); err != nil {
		return fmt.Errorf("writing the plan: %w", err)
	}
	if d, err := newRunData(sc, res.Files); err == nil {
		s.cache.put(r.ID, d)
	}
	rate := res.Summary.PlacementRate
	s.store.update(rs, func(r *Run) {
		setStage(r, "write", "done", ms(time.Since(t)))
		r.Status, r.Finished, r.PlacementRate = StatusDone, time.Now().UTC(), &rate
	})
	log.Info().Str("stage", "write").Float64("ms", ms(time.Since(t))).Msg("wrote plan")
	return nil
}

func (s *Server) executeWhatif(ctx context.Context, rs *runState, r Run, log *zerolog.Logger) error {
	sc, ok, err := s.load(ctx, rs, r)
	if err != nil || !ok {
		return err
	}
	var axes []whatif.Axis
	for _, flag := range r.Axes {
		a, err := whatif.ParseAxis(flag, scenarios.IsListKey)
		if err != nil {
			return fmt.Errorf("%s: %w", flag, err)
		}
		axes = append(axes, a)
	}
	src, root, err := s.source(r)
	if err != nil {
		return err
	}
	defer root.Close()
	// whatif.Run takes each variant's overrides from the axes and ignores
	// the base's Set: the run's own overrides (a variant's) go in as
	// PLACEMENT_ variables, which the axes beat, as --set beats them.
	src.Env, src.Set = overridesAsEnv(r.Set), nil
	// One variant at a time: a what-if holds one worker, like any run.
	results, ps, err := whatif.Run(ctx, whatif.Options{Base: src, Axes: axes, Jobs: 1, Log: log})
	if err != nil {
		if errors.Is(err, whatif.ErrInput) && len(ps) > 0 {
			s.store.update(rs, func(r *Run) {
				r.Status, r.Problems, r.Finished = StatusInvalid, problemsOf(ps), time.Now().UTC()
			})
			return nil
		}
		return err
	}
	setStageNow := func(name, state string, d time.Duration) { s.stage(rs, name, state, ms(d)) }
	setStageNow("whatif", "done", 0)
	t := time.Now()
	s.stage(rs, "write", "running", 0)
	cmd := "placement whatif --set " + strings.Join(r.Axes, " --set ")
	if _, err := whatif.Write(ctx, s.store.planDir(r.ID), axes, results, whatif.WriteOptions{Scenario: sc.Config.Name, Command: cmd}); err != nil {
		return fmt.Errorf("writing the what-if: %w", err)
	}
	s.store.update(rs, func(r *Run) {
		setStage(r, "write", "done", ms(time.Since(t)))
		r.Status, r.Finished = StatusDone, time.Now().UTC()
	})
	return nil
}

func (s *Server) stage(rs *runState, name, state string, msv float64) {
	s.store.update(rs, func(r *Run) { setStage(r, name, state, msv) })
}

func setStage(r *Run, name, state string, msv float64) {
	for i := range r.Stages {
		if r.Stages[i].Name == name {
			r.Stages[i].State = state
			if msv > 0 {
				r.Stages[i].MS = msv
			}
		}
	}
}

// progress reads the solver's log records as they are written and marks
// each stage done, the next one running.
type progress struct {
	s  *Server
	rs *runState
}

func (p *progress) Write(b []byte) (int, error) {
	var rec struct {
		Stage string  `json:"stage"`
		MS    float64 `json:"ms"`
	}
	if err := json.Unmarshal(bytes.TrimSpace(b), &rec); err == nil && rec.Stage != "" && rec.Stage != "write" {
		p.s.store.update(p.rs, func(r *Run) {
			next := false
			for i := range r.Stages {
				switch {
				case r.Stages[i].Name == rec.Stage:
					r.Stages[i].State, r.Stages[i].MS = "done", rec.MS
					next = true
				case next && r.Stages[i].State == "waiting":
					r.Stages[i].State = "running"
					next = false
				}
			}
		})
	}
	return len(b), nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// overridesAsEnv turns "key=value" overrides into the PLACEMENT_
// variables that set the same keys.
func overridesAsEnv(set []string) []string {
	var env []string
	for _, kv := range set {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env = append(env, scenarios.EnvVar(strings.TrimSpace(k))+"="+v)
		}
	}
	return env
}
