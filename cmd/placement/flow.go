package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"placement/model"
	"placement/output"
	"placement/plan"
	"placement/solver/assign"
	"placement/solver/flow"
)

// constantComment starts the DIMACS comment line that carries the constant
// turning the network's optimal cost into Z.
const constantComment = "placement constant "

type exportFlowOptions struct {
	scenario     scenarioFlags
	out          string
	uncompressed bool
	maxArcs      int
	log          logFlags
}

func exportFlowCommand() (*pflag.FlagSet, runFunc) {
	o := &exportFlowOptions{}
	fs := pflag.NewFlagSet("export-flow", pflag.ContinueOnError)
	o.scenario.add(fs)
	fs.StringVar(&o.out, "out", "", "DIMACS `file` to write (required)")
	fs.BoolVar(&o.uncompressed, "uncompressed", false, "write the textbook network (a node per student and per post) instead of the compressed one the solver uses")
	fs.IntVar(&o.maxArcs, "max-arcs", 50_000_000, "with --uncompressed, give up (exit 2) past this many arcs")
	o.log.add(fs)
	return fs, o.run
}

// run writes the stage-1 min-cost flow in DIMACS "min" format, with the
// constant K in a comment: Z = K − (minimum cost).
func (o *exportFlowOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	if o.out == "" {
		fmt.Fprintln(stderr, "placement export-flow: --out is required")
		return exitInput
	}
	log, err := o.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement export-flow: %v\n", err)
		return exitInput
	}
	src := o.scenario.source(env)
	sc, ps := plan.Load(ctx, src)
	if !log.problems(ps, src.String()) {
		return exitInput
	}
	if err := output.CheckInputs(filepath.Dir(o.out), []string{filepath.Base(o.out)}, sc.InputFiles()); err != nil {
		log.Error().Err(err).Msg("nothing written")
		return exitInput
	}
	var nw *assign.Network
	kind := "compressed"
	if o.uncompressed {
		kind = "uncompressed"
		nw, err = assign.NewUncompressedNetwork(sc.Roster, sc.Config.Policy, sc.Config.Weights, o.maxArcs)
	} else {
		nw, err = assign.NewNetwork(sc.Roster, sc.Config.Policy, sc.Config.Weights)
	}
	if err != nil {
		fmt.Fprintf(stderr, "placement export-flow: %v\n", err)
		if errors.Is(err, assign.ErrInput) {
			return exitInput
		}
		return exitFailure
	}
	var buf bytes.Buffer
	err = flow.WriteDIMACS(&buf, nw.Graph,
		fmt.Sprintf("stage-1 network of scenario %s (%s), %s", sc.Config.Name, src, kind),
		"Z = constant - (minimum cost)",
		constantComment+strconv.FormatInt(nw.Constant, 10))
	if err == nil {
		err = output.WriteDirContext(ctx, filepath.Dir(o.out), []output.File{{Name: filepath.Base(o.out), Data: buf.Bytes()}})
	}
	if err != nil {
		fmt.Fprintf(stderr, "placement export-flow: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stdout, "wrote %s: %s network, %d nodes, %d arcs, constant %d\n",
		o.out, kind, nw.Graph.N(), nw.Graph.M(), nw.Constant)
	return exitOK
}

type solveDIMACSOptions struct {
	in string
}

func solveDIMACSCommand() (*pflag.FlagSet, runFunc) {
	o := &solveDIMACSOptions{}
	fs := pflag.NewFlagSet("solve-dimacs", pflag.ContinueOnError)
	fs.StringVar(&o.in, "in", "", "DIMACS min `file` to solve (required)")
	return fs, o.run
}

// dimacsResult is the one JSON line solve-dimacs prints.
type dimacsResult struct {
	Nodes    int     `json:"nodes"`
	Arcs     int     `json:"arcs"`
	Status   string  `json:"status"`
	Cost     int64   `json:"cost"`
	Z        *int64  `json:"z,omitempty"`
	Pivots   int64   `json:"pivots"`
	ReadMs   float64 `json:"read_ms"`
	SolveMs  float64 `json:"solve_ms"`
	VerifyMs float64 `json:"verify_ms"`
}

// run solves a DIMACS file with our network simplex, timing the solve
// alone, as the LEMON driver of bench/ does, so both are measured on the
// same network in the same way.
func (o *solveDIMACSOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	if o.in == "" {
		fmt.Fprintln(stderr, "placement solve-dimacs: --in is required")
		return exitInput
	}
	t0 := time.Now()
	f, err := model.OpenRegular(o.in) // a named pipe or a device is refused, not read forever
	if err != nil {
		fmt.Fprintf(stderr, "placement solve-dimacs: %v\n", err)
		return exitInput
	}
	defer f.Close()
	g, comments, err := flow.ReadDIMACS(f)
	if err != nil {
		var de *flow.DIMACSError
		if errors.As(err, &de) {
			fmt.Fprintf(stderr, "%s:%d:%d: %s\n", o.in, de.Line, de.Field, de.Msg)
		} else {
			fmt.Fprintf(stderr, "placement solve-dimacs: %s: %v\n", o.in, err)
		}
		return exitInput
	}
	t1 := time.Now()
	res, err := flow.NetworkSimplexContext(ctx, g, flow.Settings{})
	if err != nil {
		fmt.Fprintf(stderr, "placement solve-dimacs: %s: %v\n", o.in, err)
		return exitInput
	}
	t2 := time.Now()
	out := dimacsResult{Nodes: g.N(), Arcs: g.M(), Status: res.Status.String(), Cost: res.Cost,
		Pivots: res.Stats.Pivots, ReadMs: ms(t1.Sub(t0)), SolveMs: ms(t2.Sub(t1))}
	if res.Status == flow.Optimal {
		if err := flow.Verify(g, res.Flow, res.Potential); err != nil {
			fmt.Fprintf(stderr, "placement solve-dimacs: %v\n", err)
			return exitFailure
		}
		out.VerifyMs = ms(time.Since(t2))
		for _, c := range comments {
			if k, ok := strings.CutPrefix(c, constantComment); ok {
				if v, err := strconv.ParseInt(k, 10, 64); err == nil {
					z := v - res.Cost
					out.Z = &z
				}
			}
		}
	}
	line, _ := json.Marshal(out)
	fmt.Fprintln(stdout, string(line))
	return exitOK
}
