package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	os.Exit(mainWithSignals(os.Args[1:], os.Environ(), os.Stdout, os.Stderr))
}

// Interrupting a run.
//
// SIGINT (Ctrl-C) and SIGTERM (what a batch scheduler or `kill` sends)
// cancel the run's context — the only place signals are seen. The solvers
// stop within milliseconds (they look at the context between pivots, moves
// and schools), and a write that has not begun to commit gives up, leaving
// the output directory as it was (output.WriteDirContext); one already
// renaming its files into place completes, so the directory holds one
// complete plan, the old or the new. The run then exits with 128 + the
// signal number: 130 and 143, as a shell reports a process killed by them.

// Exit codes of an interrupted run.
const (
	exitSIGINT  = 128 + int(syscall.SIGINT)  // 130
	exitSIGTERM = 128 + int(syscall.SIGTERM) // 143
)

// mainWithSignals is main: the command, with SIGINT and SIGTERM cancelling
// its context.
func mainWithSignals(args, env []string, stdout, stderr io.Writer) int {
	term, stopTerm := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stopTerm()
	ctx, stopInt := signal.NotifyContext(term, os.Interrupt)
	defer stopInt()
	code := runContext(ctx, args, env, stdout, stderr)
	switch {
	case term.Err() != nil:
		return interrupted(stderr, syscall.SIGTERM, code)
	case ctx.Err() != nil:
		return interrupted(stderr, syscall.SIGINT, code)
	}
	return code
}

// interrupted says what state the output is in after sig stopped a command
// that returned code, and returns the exit code for sig.
func interrupted(stderr io.Writer, sig syscall.Signal, code int) int {
	what := "nothing was written; the output directory is as it was"
	if code == exitOK {
		what = "the files written before the signal are complete"
	}
	exit := 128 + int(sig)
	fmt.Fprintf(stderr, "placement: interrupted by %v; %s (exit %d)\n", sig, what, exit)
	return exit
}
