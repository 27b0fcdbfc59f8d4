package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"
)

// Exit codes of the command.
const (
	exitOK      = 0 // done
	exitFailure = 1 // internal or unexpected failure: a solver bug, an I/O error while writing
	exitInput   = 2 // bad input or bad usage; nothing was written
)

// A command is one subcommand: its name, a line for the usage text, and a
// setup that makes its flag set together with the function that runs it
// once the flags are parsed.
type command struct {
	name    string
	args    string // synopsis of the arguments, for the usage text
	summary string
	setup   func() (*pflag.FlagSet, runFunc)
	// positional: the command takes arguments after its flags (its run
	// function reads them from its flag set).
	positional bool
}

// runFunc runs a command whose flags have been parsed.
type runFunc func(ctx context.Context, env []string, stdout, stderr io.Writer) int

// commands in the order the usage text lists them.
var commands = []command{
	{"solve", "[--scenario FILE] [--out DIR] [--set key=value ...]",
		"solve every stage the scenario has (internships; training schedule; mentors) and write the plan", solveCommand, false},
	{"schedule", "[--scenario FILE] [--out DIR] [--set key=value ...] [--seed N] [--moves N]",
		"solve stage 2 (training-base schedule) alone and write it", scheduleCommand, false},
	{"mentors", "--assignments FILE [--scenario FILE] [--out DIR] [--set key=value ...]",
		"solve stage 3 (dual mentors) for an assignments file, e.g. one an officer edited", mentorsCommand, false},
	{"replan", "--previous DIR [--scenario FILE] [--out DIR] [--set key=value ...]",
		"re-plan after changes, keeping as many previous placements and mentors as the data allows; changes.csv says who moved and why", replanCommand, false},
	{"explain", "--plan DIR [--scenario FILE] (--student ID | --enterprise ID | --post ID) [--format text|json]",
		"explain a plan: a student's post and value by term or its threshold, an enterprise's shortfall, a post's holders", explainCommand, false},
	{"whatif", "[--scenario FILE] --set key=v1,v2,... [--set ...] [--out DIR] [--jobs N] [--keep]",
		"solve a grid of overrides in parallel; one row a variant, a chart and a report (--shard K/N: a part of it)", whatifCommand, false},
	{"whatif merge", "--out DIR SHARD_DIR...",
		"put the shards of a what-if together: the files the unsharded whatif writes", whatifMergeCommand, true},
	{"whatif plan", "[--scenario FILE] --set ... [--shards N] [--scheduler slurm|kubernetes|all] [--out DIR]",
		"check a what-if grid, print its size and write Slurm and Kubernetes jobs that run it in shards", whatifPlanCommand, false},
	{"validate", "[--scenario FILE] [--set key=value ...]",
		"load and check a scenario; write nothing", validateCommand, false},
	{"gen", "--out DIR [--students N] [--enterprises M] [--seed S] ...",
		"generate a synthetic city as a scenario directory", genCommand, false},
	{"export-flow", "--out FILE.dimacs [--scenario FILE] [--uncompressed]",
		"write the stage-1 min-cost-flow network in DIMACS format (for other solvers)", exportFlowCommand, false},
	{"solve-dimacs", "--in FILE.dimacs",
		"solve a DIMACS min-cost-flow file with our network simplex and time it", solveDIMACSCommand, false},
	{"serve", "[--addr 127.0.0.1:8080] [--data DIR] [--jobs N] [--token T]",
		"the officer's workspace in the browser: upload, check, solve, read, ask why, download", serveCommand, false},
	{"version", "",
		"print the version of placement and of the Go toolchain that built it", versionCommand, false},
}

// run is runContext without cancellation, for tests that call the command
// in-process.
func run(args []string, env []string, stdout, stderr io.Writer) int {
	return runContext(context.Background(), args, env, stdout, stderr)
}

// runContext is the whole program: main calls it with the process's
// arguments (without the program name), environment and standard streams,
// and a context that signals cancel, and exits with what it returns.
func runContext(ctx context.Context, args []string, env []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage())
		return exitInput
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(rest, stdout, stderr)
	case "--version", "-version":
		name = "version"
	}
	if len(rest) > 0 { // a two-word command: "whatif merge"
		if _, ok := lookup(name + " " + rest[0]); ok {
			name, rest = name+" "+rest[0], rest[1:]
		}
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "placement: unknown command %q\n\n%s", name, usage())
		return exitInput
	}
	fs, runCmd := cmd.setup()
	fs.SetOutput(io.Discard) // errors are printed below, usage on request
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(stdout, commandUsage(cmd))
			return exitOK
		}
		fmt.Fprintf(stderr, "placement %s: %v\n\n%s", cmd.name, err, commandUsage(cmd))
		return exitInput
	}
	if fs.NArg() > 0 && !cmd.positional {
		fmt.Fprintf(stderr, "placement %s: unexpected argument %q\n\n%s", cmd.name, fs.Arg(0), commandUsage(cmd))
		return exitInput
	}
	return runCmd(ctx, env, stdout, stderr)
}

func lookup(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// help prints the usage text, or one command's, to stdout.
func help(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, usage())
		return exitOK
	case 1, 2:
		if cmd, ok := lookup(strings.Join(args, " ")); ok {
			fmt.Fprint(stdout, commandUsage(cmd))
			return exitOK
		}
		fmt.Fprintf(stderr, "placement help: unknown command %q\n\n%s", strings.Join(args, " "), usage())
	default:
		fmt.Fprintf(stderr, "placement help: too many arguments\n\n%s", usage())
	}
	return exitInput
}

const exitCodesText = `Exit codes:
  0  ok
  1  internal or unexpected failure (a solver bug, an I/O error while writing)
  2  bad input or bad usage (nothing is written)
  130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM: the output directory
       keeps its previous files (or, if the signal came while the new ones
       were being renamed into place, the complete new ones); no temporary
       file is left
`

// usage is the short usage text: the command list. Each command's flags
// are in its own usage (placement help COMMAND, placement COMMAND --help).
func usage() string {
	var b strings.Builder
	b.WriteString(`placement turns a scenario (a YAML file and the CSV files it names) into a
semester internship plan.

Usage:
  placement <command> [flags]
  placement help <command>    the command's flags

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-12s %s\n", c.name, c.summary)
	}
	b.WriteString("\nWithout --scenario, solve, schedule, whatif and validate use the built-in demo city.\n\n")
	b.WriteString(exitCodesText)
	return b.String()
}

// commandUsage is the usage text of one command, built from the flag set it
// parses, so it cannot drift from it.
func commandUsage(c command) string {
	fs, _ := c.setup()
	return fmt.Sprintf("placement %s %s\n  %s\n\nFlags of %s:\n%s\n%s",
		c.name, c.args, c.summary, c.name, fs.FlagUsages(), exitCodesText)
}

// versionCommand prints the module version (or "devel" for a build from a
// checkout), the commit it was built from when known, and the Go version.
func versionCommand() (*pflag.FlagSet, runFunc) {
	fs := pflag.NewFlagSet("version", pflag.ContinueOnError)
	return fs, func(_ context.Context, _ []string, stdout, _ io.Writer) int {
		fmt.Fprintln(stdout, versionString())
		return exitOK
	}
}

func versionString() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "placement (unknown version)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	s := "placement " + v
	if rev != "" {
		s += " (" + rev + modified + ")"
	}
	return s + " " + bi.GoVersion
}
