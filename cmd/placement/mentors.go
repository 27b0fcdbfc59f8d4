package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/pflag"

	"placement/cmd/placement/internal/output"
	"placement/model"
	"placement/scenarios"
	"placement/solver"
)

// hasMentors reports whether the scenario asks for stage 3.
func hasMentors(sc *scenarios.Scenario) bool {
	return sc.Config.Data.Mentors != ""
}

// pairMentors runs stage 3 on plan and logs it; the exit code is exitOK on
// success. source names where the placements came from.
func pairMentors(log *logger, sc *scenarios.Scenario, plan []solver.Placement, source string) (*solver.MentorResult, time.Duration, int) {
	start := time.Now()
	res, err := solver.PairMentors(sc.Roster, sc.Mentors, plan, sc.Config.Weights, solver.MentorSettings{})
	if err != nil {
		if errors.Is(err, solver.ErrMentorInput) {
			log.Error().Err(err).Msg("the mentor solver rejected the input; nothing written")
			return nil, 0, exitInput
		}
		log.Error().Err(err).Msg("stage 3 failed; nothing written")
		return nil, 0, exitFailure
	}
	elapsed := time.Since(start)
	st := res.Stats
	log.Info().Str("stage", "mentors").Str("source", source).
		Int64("m", res.M).Int64("bound", res.Bound).Float64("gap", res.Gap).
		Int64("expert_m", res.ExpertM).Int64("teacher_m", res.TeacherM).Int64("teacher_bound", res.TeacherBound).
		Int("interns", st.Interns).Int("mentors", len(sc.Mentors)).
		Int("teacher_missing", st.TeacherMissing).Int("expert_missing", st.ExpertMissing).
		Int("visits", st.Visits).Int("teacher_related", st.TeacherRelated).Int("expert_related", st.ExpertRelated).
		Int("schools_proven_optimal", st.TeacherOptimal).Int("schools", st.Schools).
		Int("flows", st.FlowSolves).Int("moves", st.ImprovingMoves).
		Float64("expert_ms", ms(st.Expert)).Float64("teacher_ms", ms(st.Teacher)).Float64("ms", ms(elapsed)).
		Msg("solved stage 3 (dual mentors)")
	return res, elapsed, exitOK
}

type mentorsOptions struct {
	scenario    scenarioFlags
	assignments string
	out         string
	output      outputFlags
	log         logFlags
}

func mentorsCommand() (*pflag.FlagSet, runFunc) {
	o := &mentorsOptions{}
	fs := pflag.NewFlagSet("mentors", pflag.ContinueOnError)
	o.scenario.add(fs)
	fs.StringVar(&o.assignments, "assignments", "",
		"assignments CSV `file` to pair mentors for (student_id, post_id; as solve writes it or as an officer edited it)")
	fs.StringVar(&o.out, "out", "out",
		"output `dir`ectory: mentor_pairs.csv, mentor_load.csv, mentor_missing.csv, summary.json")
	o.output.add(fs)
	o.log.add(fs)
	return fs, o.run
}

// run is load scenario → load assignments → stage 3 → write; stage 1 is
// not run. Any problem in the assignments file (an unknown student or
// post, a student twice, a post over capacity) stops it with exit code 2
// and nothing written.
func (o *mentorsOptions) run(env []string, stdout, stderr io.Writer) int {
	log, err := o.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement mentors: %v\n", err)
		return exitInput
	}
	if o.assignments == "" {
		log.Error().Msg("--assignments FILE is required (the plan to pair mentors for); nothing written")
		return exitInput
	}
	start := time.Now()
	sc, ps, code := o.scenario.loadLogged(log, env)
	if code != exitOK {
		return code
	}
	if !hasMentors(sc) {
		log.Error().Str("scenario", o.scenario.source()).
			Msg("the scenario names no mentors file (data.mentors); nothing to pair, nothing written")
		return exitInput
	}
	open := func(name string) (io.ReadCloser, error) { return os.Open(name) }
	placed, aps := model.LoadAssignments(open, o.assignments, sc.Roster)
	log.warnings(aps)
	if aps.Err() != nil {
		log.errors(aps)
		log.Error().Int("errors", len(aps.Errors())).Str("assignments", o.assignments).
			Msg("the assignments file has errors; nothing written")
		return exitInput
	}
	log.Info().Str("stage", "load").Str("scenario", sc.Config.Name).Str("term", sc.Config.Term).
		Str("file", o.scenario.source()).Str("assignments", o.assignments).
		Int("placed", len(placed)).Int("mentors", len(sc.Mentors)).
		Int("warnings", len(ps.Warnings())+len(aps.Warnings())).Float64("ms", ms(time.Since(start))).
		Msg("loaded scenario and assignments")

	plan := make([]solver.Placement, len(placed))
	for i, p := range placed {
		plan[i] = solver.Placement{Student: p.Student, Enterprise: p.Enterprise}
	}
	res, mentorTime, code := pairMentors(log, sc, plan, o.assignments)
	if code != exitOK {
		return code
	}
	files, sum, err := output.BuildMentors(sc, res, o.assignments)
	if err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the mentor plan failed")
		return exitFailure
	}
	if _, code := o.output.writeLogged(log, o.out, files, sum, "mentor plan"); code != exitOK {
		return code
	}
	log.Info().Str("scenario", sum.Scenario).
		Int64("m", sum.Stages.Mentors.PenaltyM).Int64("bound", sum.Stages.Mentors.Bound).
		Float64("gap", sum.Stages.Mentors.Gap).
		Int("teacher_missing", sum.Stages.Mentors.TeacherMissing).Int("expert_missing", sum.Stages.Mentors.ExpertMissing).
		Float64("mentors_ms", ms(mentorTime)).Float64("total_ms", ms(time.Since(start))).
		Msg("summary")
	return exitOK
}
