package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"placement/explain"
	"placement/plan"
)

type explainOptions struct {
	scenario                  scenarioFlags
	dir                       string
	student, enterprise, post string
	format                    string
}

func explainCommand() (*pflag.FlagSet, runFunc) {
	o := &explainOptions{}
	fs := pflag.NewFlagSet("explain", pflag.ContinueOnError)
	o.scenario.add(fs)
	fs.StringVar(&o.dir, "plan", "", "the plan `dir`ectory to explain (its assignments.csv and unassigned.csv)")
	fs.StringVar(&o.student, "student", "", "explain this student `id`: its post and value by term, the other eligible posts, the threshold when unplaced")
	fs.StringVar(&o.enterprise, "enterprise", "", "explain this enterprise `id`: quota, filled, shortfall and why")
	fs.StringVar(&o.post, "post", "", "explain this post `id`: its holders and the best students who wanted it")
	fs.StringVar(&o.format, "format", "text", "text or json")
	return fs, o.run
}

// run loads the scenario and the plan, and prints one answer.
func (o *explainOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	asked := 0
	for _, s := range []string{o.student, o.enterprise, o.post} {
		if s != "" {
			asked++
		}
	}
	switch {
	case o.dir == "":
		fmt.Fprintln(stderr, "placement explain: --plan DIR is required")
		return exitInput
	case asked != 1:
		fmt.Fprintln(stderr, "placement explain: give exactly one of --student, --enterprise, --post")
		return exitInput
	case o.format != "text" && o.format != "json":
		fmt.Fprintf(stderr, "placement explain: --format %q: want text or json\n", o.format)
		return exitInput
	}
	src := o.scenario.source(env)
	// Explanations are about stage 1: the training and mentor files are
	// not read (at 150,000 students that saves a fifth of the time).
	src.Set = append(src.Set, "data.bases=", "data.cohorts=", "data.mentors=")
	sc, ps := plan.Load(ctx, src)
	for _, p := range ps {
		fmt.Fprintln(stderr, p)
	}
	if ps.Err() != nil {
		return exitInput
	}
	p, ps, err := explain.Load(ctx, sc, o.dir)
	for _, pr := range ps {
		fmt.Fprintln(stderr, pr)
	}
	if ps.Err() != nil {
		return exitInput
	}
	if err != nil {
		fmt.Fprintf(stderr, "placement explain: %v\n", err)
		return exitFailure
	}
	var ans interface{ WriteText(io.Writer) }
	switch {
	case o.student != "":
		ans, err = p.Student(o.student)
	case o.enterprise != "":
		ans, err = p.Enterprise(o.enterprise)
	default:
		ans, err = p.Post(o.post)
	}
	if err != nil {
		fmt.Fprintf(stderr, "placement explain: %v\n", err)
		if errors.Is(err, explain.ErrUnknown) {
			return exitInput
		}
		return exitFailure
	}
	if o.format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(ans); err != nil {
			fmt.Fprintf(stderr, "placement explain: %v\n", err)
			return exitFailure
		}
		return exitOK
	}
	ans.WriteText(stdout)
	return exitOK
}
