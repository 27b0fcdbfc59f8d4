package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"placement/cmd/placement/internal/output"
)

// Interrupting a run.
//
// SIGINT (Ctrl-C) and SIGTERM (what a batch scheduler or `kill` sends) stop
// a run at once, with exit code 128 + the signal number: 130 and 143, as a
// shell reports a process killed by them. Reading and solving touch no
// file, so they are simply abandoned. Writing is the one thing that must
// not be cut short, and every write goes through the output package
// (output.WriteDir, or output.Guard for the generator): the handler calls
// output.Interrupt, which cancels the write in progress and waits for it.
// That write gives up, leaving the output directory as it was and removing
// its temporary directory — unless it was already renaming its files into
// place, which it completes. Either way the directory holds one complete
// plan, the old or the new.

// Exit codes of an interrupted run.
const (
	exitSIGINT  = 128 + int(syscall.SIGINT)  // 130
	exitSIGTERM = 128 + int(syscall.SIGTERM) // 143
)

// exitCode is the exit code for a signal.
func exitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return exitSIGINT
}

// handleInterrupts waits for the first signal on sigs, stops writes
// cleanly with stop (output.Interrupt, which reports whether a write had
// completed), says so on stderr and calls exit with 128 + the signal
// number. It returns if sigs is closed, or if exit returns (in tests).
func handleInterrupts(sigs <-chan os.Signal, stderr io.Writer, stop func() bool, exit func(int)) {
	sig, ok := <-sigs
	if !ok {
		return
	}
	what := "nothing was written; the output directory is as it was"
	if stop() {
		what = "the files written before the signal are complete"
	}
	fmt.Fprintf(stderr, "placement: interrupted by %v; %s (exit %d)\n", sig, what, exitCode(sig))
	exit(exitCode(sig))
}

// mainWithSignals is main: run, with SIGINT and SIGTERM handled as above.
func mainWithSignals(args, env []string, stdout, stderr io.Writer) int {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go handleInterrupts(sigs, stderr, output.Interrupt, os.Exit)
	return run(args, env, stdout, stderr)
}
