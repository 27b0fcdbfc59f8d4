package plan

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"placement/model"
	"placement/output"
	"placement/scenarios"
	"placement/solver/assign"
	"placement/solver/mentor"
	"placement/solver/schedule"
)

// ErrInput wraps the error of a stage that refused its input: input that
// validation should have caught, so still the input's fault.
var ErrInput = errors.New("plan: invalid input")

// Source names a scenario: a YAML file, or the embedded demo city.
type Source struct {
	Path string // the scenario YAML; "" is the embedded demo
	// FS, when set, holds the scenario: Path is a slash-separated path
	// inside it, and every file the scenario names must be inside it too
	// (scenarios.LoadFS). A front end loading scenarios it received from
	// others sets it, so that no path in them reaches the rest of the disk.
	FS  fs.FS
	Env []string // the environment ("KEY=value"), for PLACEMENT_* overrides
	Set []string // "key=value" overrides; they beat Env and the file
	// Lenient makes unknown keys in the scenario files, and PLACEMENT_*
	// variables that name no key, warnings instead of errors
	// (scenarios.Options.Lenient).
	Lenient bool
}

// String names the scenario for messages.
func (s Source) String() string {
	if s.Path == "" {
		return scenarios.DemoPath + " (embedded demo)"
	}
	return s.Path
}

// Load reads the scenario and every data file it names, and checks them.
// It returns every problem found, each naming file, line and column; the
// scenario is nil when there is an error among them.
func Load(ctx context.Context, src Source) (*scenarios.Scenario, model.Problems) {
	if err := ctx.Err(); err != nil {
		var ps model.Problems
		ps.Errorf(src.String(), 0, 0, "not loaded: %v", err)
		return nil, ps
	}
	opts := scenarios.Options{Env: src.Env, Set: src.Set, Lenient: src.Lenient}
	if src.FS != nil {
		return scenarios.LoadFS(src.FS, src.Path, opts)
	}
	if src.Path == "" {
		return scenarios.Demo(opts)
	}
	return scenarios.Load(src.Path, opts)
}

// Settings tune the stages; the zero value works.
type Settings struct {
	Assign   assign.Settings
	Schedule schedule.Settings
	Mentor   mentor.Settings
	// FairnessRows caps the cases fairness.csv lists (the count in
	// summary.json is always exact); 0 means explain.DefaultMaxRows.
	FairnessRows int
	// Log receives one record a stage with its figures and wall time; nil
	// logs nothing.
	Log *zerolog.Logger
}

func (s *Settings) log() *zerolog.Logger {
	if s.Log == nil {
		nop := zerolog.Nop()
		return &nop
	}
	return s.Log
}

// Result is a solved plan: the stage results (nil for a stage that did not
// run), its files and its summary.
type Result struct {
	Scenario *scenarios.Scenario
	Assign   *assign.Result
	Schedule *schedule.Result
	Mentor   *mentor.Result
	// Files are the plan's files, built in memory, summary.json last (see
	// output.WriteDir); Summary is summary.json as a value.
	Files   []output.File
	Summary *output.Summary
	Times   Times
}

// Times are the wall times of the stages (0 for one that did not run). They
// are for logs: summary.json leaves them out, so that the same input gives
// the same bytes.
type Times struct {
	Assign, Schedule, Mentor time.Duration
	Fairness                 time.Duration // the fairness audit of stage 1's plan
	// Files is the building of stage 1's files (unassigned.csv's
	// thresholds), right after the audit.
	Files time.Duration
}

// HasTraining reports whether the scenario asks for stage 2: it names both
// bases and cohorts.
func HasTraining(sc *scenarios.Scenario) bool {
	return sc.Config.Data.Bases != "" && sc.Config.Data.Cohorts != ""
}

// HasMentors reports whether the scenario asks for stage 3: it names a
// mentors file.
func HasMentors(sc *scenarios.Scenario) bool { return sc.Config.Data.Mentors != "" }

// StageOneSource is the mentor plan's source when stage 3 pairs stage 1's
// placements (summary.json's stages.mentors.source).
const StageOneSource = "stage1"

// Solve runs stage 1, the fairness audit of its plan with stage 1's files,
// stage 2 when the scenario has bases and cohorts, then stage 3 on stage
// 1's plan when it has mentors, and builds the plan's files. It writes
// nothing.
//
// The stages overlap where they can, so that both cores stay busy: stage
// 2 needs nothing of stage 1, so it starts at once and runs beside stage
// 1 and the audit, which use one core; stage 3 starts as soon as stage 1
// is solved, beside the audit (and stage 2 if it is still running). No
// result depends on what ran beside it, and the records still reach the
// log in stage order: a stage's progress lines only from its turn, its
// final record at its turn (see early). The caller's own
// Settings.Schedule.Progress and Settings.Mentor.Progress may be called
// while earlier stages run.
func Solve(ctx context.Context, sc *scenarios.Scenario, set Settings) (*Result, error) {
	p := &Result{Scenario: sc}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var s2, s3 stageFunc
	stopped2, stopped3 := func() {}, func() {}
	if HasTraining(sc) {
		s2, stopped2 = startEarly(ctx, &set, func(ctx context.Context, set *Settings, e *early) (x output.Extra, err error) {
			if p.Schedule, p.Times.Schedule, err = solveSchedule(ctx, sc, set, e); err != nil {
				return x, err
			}
			return output.Training(sc, p.Schedule), nil
		})
	}
	var err error
	if p.Assign, p.Times.Assign, err = solveAssign(ctx, sc, &set); err != nil {
		cancel()
		stopped2() // stage 2 stops without a record
		return nil, err
	}
	if HasMentors(sc) {
		placed := placements(p.Assign)
		s3, stopped3 = startEarly(ctx, &set, func(ctx context.Context, set *Settings, e *early) (x output.Extra, err error) {
			if p.Mentor, p.Times.Mentor, err = solveMentors(ctx, sc, placed, StageOneSource, set, e); err != nil {
				return x, err
			}
			return output.Mentors(sc, p.Mentor, StageOneSource), nil
		})
	}
	if err := p.afterStageOne(ctx, &set, s2, s3, nil); err != nil {
		cancel()
		stopped2() // a stage still waiting for its turn stops without a record
		stopped3()
		return nil, err
	}
	return p, nil
}

// early orders the log records of a stage started before its turn (see
// Solve) after those of the stages before it: the log is written by one
// goroutine at a time, the caller's until the turn, the stage's after it
// (the caller only waits then). A nil *early is a stage run in its turn.
type early struct {
	live atomic.Bool   // the turn has come: progress lines may be logged
	turn chan struct{} // closed at the turn
}

// progress reports whether the stage may log a progress line now.
func (e *early) progress() bool { return e == nil || e.live.Load() }

// final waits for the stage's turn before its final record and reports
// whether to log it: not when ctx ended first (the caller gave up).
func (e *early) final(ctx context.Context) bool {
	if e == nil {
		return true
	}
	select {
	case <-e.turn:
		return true
	case <-ctx.Done():
		select {
		case <-e.turn:
			return true
		default:
			return false
		}
	}
}

// startEarly starts run on a goroutine of its own, with a copy of set,
// and returns the stageFunc that at the stage's turn opens the log to it,
// waits for it and returns its result, and stopped, which only waits for
// it to return (after ctx is cancelled: it logs nothing more then).
func startEarly(ctx context.Context, set *Settings, run func(context.Context, *Settings, *early) (output.Extra, error)) (at stageFunc, stopped func()) {
	e := &early{turn: make(chan struct{})}
	var (
		x    output.Extra
		err  error
		done = make(chan struct{})
	)
	own := *set
	go func() {
		defer close(done)
		x, err = run(ctx, &own, e)
	}()
	at = func(context.Context, *Settings) (output.Extra, error) {
		e.live.Store(true)
		close(e.turn)
		<-done
		return x, err
	}
	return at, func() { <-done }
}

// stageFunc runs stage 2 or 3 after stage 1 — or, for one started early
// (startEarly), waits for it — sets its result in the Result and returns
// its files (output.Training, output.Mentors).
type stageFunc func(ctx context.Context, set *Settings) (output.Extra, error)

// afterStageOne runs, once stage 1 is solved, the report of its plan
// (report: the fairness audit and stage 1's files), then stage 2 (s2, nil
// when there is none), then stage 3 (s3), and builds the plan's files in a
// fixed order: stage 1's, fairness.csv, stage 2's, stage 3's, more's
// (called once every stage is done; nil for none) and summary.json. The
// report comes first so that the prices it needs (assign.Duals) are
// dropped before stages run here start (Solve starts its stages early:
// they run beside the report).
func (p *Result) afterStageOne(ctx context.Context, set *Settings, s2, s3 stageFunc, more func() []output.Extra) error {
	sc := p.Scenario
	rep, fairness, files, err := report(ctx, sc, p.Assign, set)
	if err != nil {
		return err
	}
	p.Times.Fairness, p.Times.Files = fairness, files
	extras := []output.Extra{rep.fairness}
	for _, s := range []stageFunc{s2, s3} {
		if s == nil {
			continue
		}
		x, err := s(ctx, set)
		if err != nil {
			return err
		}
		extras = append(extras, x)
	}
	if more != nil {
		extras = append(extras, more()...)
	}
	if p.Files, p.Summary, err = output.BuildFrom(sc, p.Assign, rep.stage1, extras...); err != nil {
		return fmt.Errorf("plan: building the output files: %w", err)
	}
	return nil
}

// Schedule runs stage 2 alone and builds its files; the scenario must have
// bases and cohorts (HasTraining).
func Schedule(ctx context.Context, sc *scenarios.Scenario, set Settings) (*Result, error) {
	if !HasTraining(sc) {
		return nil, fmt.Errorf("%w: the scenario names no bases and cohorts (data.bases, data.cohorts); nothing to schedule", ErrInput)
	}
	p := &Result{Scenario: sc}
	var err error
	if p.Schedule, p.Times.Schedule, err = solveSchedule(ctx, sc, &set, nil); err != nil {
		return nil, err
	}
	if p.Files, p.Summary, err = output.BuildTraining(sc, p.Schedule); err != nil {
		return nil, fmt.Errorf("plan: building the output files: %w", err)
	}
	return p, nil
}

// Mentors runs stage 3 alone on placements read from an assignments file
// (model.LoadAssignments; source names it in the summary) and builds its
// files; the scenario must have mentors (HasMentors).
func Mentors(ctx context.Context, sc *scenarios.Scenario, placed []model.Placed, source string, set Settings) (*Result, error) {
	if !HasMentors(sc) {
		return nil, fmt.Errorf("%w: the scenario names no mentors file (data.mentors); nothing to pair", ErrInput)
	}
	plan := make([]mentor.Placement, len(placed))
	for i, p := range placed {
		plan[i] = mentor.Placement{Student: p.Student, Enterprise: p.Enterprise}
	}
	p := &Result{Scenario: sc}
	var err error
	if p.Mentor, p.Times.Mentor, err = solveMentors(ctx, sc, plan, source, &set, nil); err != nil {
		return nil, err
	}
	if p.Files, p.Summary, err = output.BuildMentors(sc, p.Mentor, source); err != nil {
		return nil, fmt.Errorf("plan: building the output files: %w", err)
	}
	return p, nil
}

// WriteOptions choose the form of the written files; the zero value writes
// the CSV files as they are built and a Chinese workbook beside them.
type WriteOptions struct {
	// Excel adds a UTF-8 byte-order mark to every CSV file, so that Excel
	// and WPS show Chinese text correctly.
	Excel bool
	// Inputs are files the write must never replace or remove: the run's
	// input files (Scenario.InputFiles, an assignments file).
	Inputs []string
	// Lang is the language of the workbook (Chinese unless LangEN) and,
	// when LangZH, of the CSV headers and enum values too.
	Lang output.Lang
	// BySchool writes one workbook a school (plan_<school_id>.xlsx)
	// instead of one sheet a school in plan.xlsx.
	BySchool bool
	// NoWorkbook writes the CSV files and summary.json only.
	NoWorkbook bool
	// Warnings are listed on the workbook's summary sheet, one a line.
	Warnings []string
}

// Write writes the plan's files into dir as its one plan, all or nothing
// (output.WritePlanContext): the files of the previous plan there that
// this one does not have are removed in the same replacement; when it
// fails, or ctx is done before the commit begins, dir is as it was.
// Beside the CSV files it writes plan.xlsx (output.Workbook), built from
// the same tables; summary.json lists every file written with its SHA-256.
func Write(ctx context.Context, dir string, p *Result, opt WriteOptions) error {
	_, err := WriteReport(ctx, dir, p, opt)
	return err
}

// WriteReport is Write that also says what it removed besides: the
// previous plan's files, and temporary directories left by killed runs.
func WriteReport(ctx context.Context, dir string, p *Result, opt WriteOptions) (output.Report, error) {
	files, err := WriteFiles(p, opt)
	if err != nil {
		return output.Report{}, err
	}
	return output.WritePlanContext(ctx, dir, files, opt.Inputs)
}

// WriteFiles are the files Write writes, in memory.
func WriteFiles(p *Result, opt WriteOptions) ([]output.File, error) {
	var books []output.File
	if !opt.NoWorkbook {
		wo := output.WorkbookOptions{Lang: opt.Lang, Warnings: opt.Warnings, NoSchoolSheets: opt.BySchool}
		wb, err := output.Workbook(p.Scenario, p.Files, p.Summary, wo)
		if err != nil {
			return nil, err
		}
		books = append(books, wb)
		if opt.BySchool {
			schools, err := output.SchoolWorkbooks(p.Scenario, p.Files, wo)
			if err != nil {
				return nil, err
			}
			books = append(books, schools...)
		}
	}
	files, sum, err := output.ForLang(p.Files, p.Summary, opt.Lang)
	if err != nil {
		return nil, err
	}
	if len(books) > 0 {
		n := len(files)
		if n > 0 && files[n-1].Name == output.SummaryFile {
			n--
		}
		files = slices.Concat(files[:n], books, files[n:])
	}
	if opt.Excel {
		return output.ForExcel(files, sum)
	}
	files, _, err = output.Reseal(files, sum)
	return files, err
}

// placements are stage 1's placed students as stage 3 takes them.
func placements(res *assign.Result) []mentor.Placement {
	out := make([]mentor.Placement, len(res.Assignments))
	for i, a := range res.Assignments {
		out[i] = mentor.Placement{Student: a.Student, Enterprise: a.Enterprise}
	}
	return out
}

// stageError classifies a stage's error: the context's, the input's
// (wrapped in ErrInput), or internal.
func stageError(ctx context.Context, stage string, err error, input error) error {
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.Is(err, input):
		return fmt.Errorf("%w: %w", ErrInput, err)
	}
	return fmt.Errorf("plan: %s failed: %w", stage, err)
}

func solveAssign(ctx context.Context, sc *scenarios.Scenario, set *Settings) (*assign.Result, time.Duration, error) {
	start := time.Now()
	res, err := assign.Solve(ctx, sc.Roster, sc.Config.Policy, sc.Config.Weights, set.Assign)
	if err != nil {
		return nil, 0, stageError(ctx, "stage 1", err, assign.ErrInput)
	}
	elapsed := time.Since(start)
	st := res.Stats
	set.log().Info().Str("stage", "assignment").Int64("z", res.Z).Int64("bound", res.Bound).
		Int("placed", len(res.Assignments)).Int("unassigned", len(res.Unassigned)).Int("pinned", st.Pinned).
		Int("student_kinds", st.StudentKinds).Int("post_kinds", st.PostKinds).
		Int("nodes", st.Nodes).Int("arcs", st.Arcs).Int64("pivots", st.Pivots).
		Float64("build_ms", ms(st.Build)).Float64("solve_ms", ms(st.Solve)).Float64("decode_ms", ms(st.Decode)).
		Float64("ms", ms(elapsed)).
		Msg("solved stage 1 (internship assignment)")
	return res, elapsed, nil
}

// solveSchedule runs stage 2 and logs it; e, when it runs beside stage 1
// (see Solve), keeps its records in stage order.
func solveSchedule(ctx context.Context, sc *scenarios.Scenario, set *Settings, e *early) (*schedule.Result, time.Duration, error) {
	start := time.Now()
	ss := set.Schedule
	if ss.TimeLimit == 0 {
		ss.TimeLimit = sc.Config.Solver.ScheduleTimeLimit
	}
	if ss.Progress == nil {
		log := set.log()
		ss.Progress = func(p schedule.Progress) {
			if !e.progress() {
				return
			}
			gap := 0.0
			if p.P > 0 {
				gap = float64(p.P-p.Bound) / float64(p.P)
			}
			log.Info().Str("progress", "training").Int("moves", p.Moves).Int64("p", p.P).Int64("bound", p.Bound).
				Float64("gap", gap).Float64("ms", ms(p.Elapsed)).Msg("stage 2 under way: the best schedule so far")
		}
	}
	res, err := schedule.Solve(ctx, sc.Bases, sc.Cohorts, sc.Roster.Index().Dist,
		model.Calendar(sc.Config.Calendar), model.Training(sc.Config.Training), sc.Config.Weights, ss)
	if err != nil {
		return nil, 0, stageError(ctx, "stage 2", err, schedule.ErrInput)
	}
	elapsed := time.Since(start)
	missing := 0
	for _, u := range res.Unscheduled {
		missing += u.Missing
	}
	if !e.final(ctx) {
		return nil, 0, ctx.Err()
	}
	st := res.Stats
	set.log().Info().Str("stage", "training").Int64("p", res.P).Int64("bound", res.Bound).
		Float64("gap", res.Gap).
		Int64("km_penalty", res.KmPenalty).Int64("switch_penalty", res.SwitchPenalty).
		Int64("unscheduled_penalty", res.UnscheduledPenalty).
		Int("bases", len(sc.Bases)).Int("cohorts", st.Cohorts).Int("sessions", st.Sessions).
		Int("scheduled", len(res.Sessions)).Int("unscheduled", missing).
		Int64("construction_p", st.ConstructionP).Int("moves", st.Moves).Int("accepted", st.Accepted).
		Int("improvements", st.Improvements).Str("stopped_by", st.StoppedBy).
		Float64("construction_ms", ms(st.Construction)).Float64("search_ms", ms(st.Search)).
		Int("branch_flows", st.BranchFlows).Int("branch_improvements", st.BranchImprovements).
		Float64("branch_ms", ms(st.Branch)).
		Float64("ms", ms(elapsed)).
		Msg("solved stage 2 (training schedule)")
	return res, elapsed, nil
}

// solveMentors runs stage 3 and logs it; e, when it runs beside earlier
// stages (see Solve), keeps its records in stage order.
func solveMentors(ctx context.Context, sc *scenarios.Scenario, plan []mentor.Placement, source string, set *Settings, e *early) (*mentor.Result, time.Duration, error) {
	start := time.Now()
	mset := set.Mentor
	if mset.TimeLimit == 0 {
		mset.TimeLimit = sc.Config.Solver.MentorTimeLimit
	}
	if mset.Progress == nil {
		log := set.log()
		mset.Progress = func(p mentor.Progress) {
			if !e.progress() {
				return
			}
			gap := 0.0
			if p.M > 0 {
				gap = float64(p.M-p.Bound) / float64(p.M)
			}
			log.Info().Str("progress", "mentors").Int("parts", p.Parts).Int("of", p.Of).
				Int64("teacher_m", p.M).Int64("teacher_bound", p.Bound).Float64("gap", gap).
				Float64("ms", ms(p.Elapsed)).Msg("stage 3 under way: teacher side of the school parts solved so far")
		}
	}
	res, err := mentor.Solve(ctx, sc.Roster, sc.Mentors, plan, sc.Config.Weights, mset)
	if err != nil {
		return nil, 0, stageError(ctx, "stage 3", err, mentor.ErrInput)
	}
	elapsed := time.Since(start)
	if !e.final(ctx) {
		return nil, 0, ctx.Err()
	}
	st := res.Stats
	set.log().Info().Str("stage", "mentors").Str("source", source).
		Int64("m", res.M).Int64("bound", res.Bound).Float64("gap", res.Gap).
		Int64("expert_m", res.ExpertM).Int64("teacher_m", res.TeacherM).Int64("teacher_bound", res.TeacherBound).
		Int("interns", st.Interns).Int("mentors", len(sc.Mentors)).
		Int("teacher_missing", st.TeacherMissing).Int("expert_missing", st.ExpertMissing).
		Int("visits", st.Visits).Int("teacher_related", st.TeacherRelated).Int("expert_related", st.ExpertRelated).
		Int("schools_proven_optimal", st.TeacherOptimal).Int("schools", st.Schools).
		Int("flows", st.FlowSolves).Int("moves", st.ImprovingMoves).
		Float64("expert_ms", ms(st.Expert)).Float64("teacher_ms", ms(st.Teacher)).Float64("ms", ms(elapsed)).
		Msg("solved stage 3 (dual mentors)")
	return res, elapsed, nil
}

// ms is a duration in milliseconds with microsecond precision, for logs.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
