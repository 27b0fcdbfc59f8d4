package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"placement/cmd/placement/internal/output"
	"placement/solver"
)

type solveOptions struct {
	scenario scenarioFlags
	training trainingFlags
	out      string
	log      logFlags
}

func solveCommand() (*pflag.FlagSet, runFunc) {
	o := &solveOptions{}
	fs := pflag.NewFlagSet("solve", pflag.ContinueOnError)
	o.scenario.add(fs)
	fs.StringVar(&o.out, "out", "out", "output `dir`ectory: assignments.csv, unassigned.csv, enterprises.csv, summary.json")
	o.training.add(fs)
	o.log.add(fs)
	return fs, o.run
}

// run is load → solve → write, logging each stage with its counts and
// wall time. Nothing is written unless every stage before succeeded.
func (o *solveOptions) run(env []string, stdout, stderr io.Writer) int {
	log, err := o.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement solve: %v\n", err)
		return exitInput
	}
	start := time.Now()

	// Load.
	sc, ps := o.scenario.load(env)
	log.warnings(ps)
	if ps.Err() != nil {
		log.errors(ps)
		log.Error().Int("errors", len(ps.Errors())).Str("scenario", o.scenario.source()).
			Msg("the scenario has errors; nothing written")
		return exitInput
	}
	r := sc.Roster
	loadTime := time.Since(start)
	log.Info().Str("stage", "load").Str("scenario", sc.Config.Name).Str("term", sc.Config.Term).
		Str("file", o.scenario.source()).
		Int("schools", len(r.Schools)).Int("students", len(r.Students)).
		Int("enterprises", len(r.Enterprises)).Int("posts", len(r.Posts)).Int("pins", len(r.Pins)).
		Int("warnings", len(ps.Warnings())).Float64("ms", ms(loadTime)).
		Msg("loaded scenario")

	// Stage 1: assignment.
	t := time.Now()
	res, err := solver.Assign(r, sc.Config.Policy, sc.Config.Weights, solver.AssignSettings{})
	if err != nil {
		if errors.Is(err, solver.ErrInput) {
			// Validation should have caught it; the input is still what is wrong.
			log.Error().Err(err).Msg("the solver rejected the input; nothing written")
			return exitInput
		}
		log.Error().Err(err).Msg("stage 1 failed; nothing written")
		return exitFailure
	}
	assignTime := time.Since(t)
	st := res.Stats
	log.Info().Str("stage", "assignment").Int64("z", res.Z).Int64("bound", res.Bound).
		Int("placed", len(res.Assignments)).Int("unassigned", len(res.Unassigned)).Int("pinned", st.Pinned).
		Int("student_kinds", st.StudentKinds).Int("post_kinds", st.PostKinds).
		Int("nodes", st.Nodes).Int("arcs", st.Arcs).Int64("pivots", st.Pivots).
		Float64("build_ms", ms(st.Build)).Float64("solve_ms", ms(st.Solve)).Float64("decode_ms", ms(st.Decode)).
		Float64("ms", ms(assignTime)).
		Msg("solved stage 1 (internship assignment)")

	// Stage 2: the training schedule, when the scenario has bases and cohorts.
	var extras []output.Extra
	var trainTime time.Duration
	if hasTraining(sc) {
		tres, d, code := o.training.schedule(log, sc)
		if code != exitOK {
			return code
		}
		trainTime = d
		extras = append(extras, output.Training(sc, tres))
	}

	// Stage 3: dual mentors, when the scenario has mentors.
	var mentorTime time.Duration
	if hasMentors(sc) {
		mres, d, code := pairMentors(log, sc, solver.Placements(res), "stage1")
		if code != exitOK {
			return code
		}
		mentorTime = d
		extras = append(extras, output.Mentors(sc, mres, "stage1"))
	}

	// Write.
	t = time.Now()
	files, sum, err := output.Build(sc, res, extras...)
	if err == nil {
		err = output.WriteDir(o.out, files)
	}
	if err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the plan failed")
		return exitFailure
	}
	writeTime := time.Since(t)
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	log.Info().Str("stage", "write").Str("dir", o.out).Strs("files", names).Float64("ms", ms(writeTime)).
		Msg("wrote plan")

	// The summary figures, as in summary.json, plus the wall times that
	// summary.json leaves out.
	log.Info().Str("scenario", sum.Scenario).
		Float64("placement_rate", sum.PlacementRate).
		Float64("exact_share", sum.ExactShare).Float64("related_share", sum.RelatedShare).
		Int("compliant_enterprises", sum.CompliantEnterprises).Int("quota_enterprises", sum.QuotaEnterprises).
		Int("total_shortfall", sum.TotalShortfall).
		Int64("internship_yuan", sum.Subsidies.InternshipYuan).Int64("training_yuan", sum.Subsidies.TrainingYuan).
		Int64("order_class_yuan", sum.Subsidies.OrderClassYuan).Int64("total_yuan", sum.Subsidies.TotalYuan).
		Float64("load_ms", ms(loadTime)).Float64("assignment_ms", ms(assignTime)).Float64("training_ms", ms(trainTime)).Float64("mentors_ms", ms(mentorTime)).Float64("write_ms", ms(writeTime)).
		Float64("total_ms", ms(time.Since(start))).
		Msg("summary")
	return exitOK
}
