package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// previousPlan fills dir with a plan from an earlier run and returns it.
func previousPlan(t *testing.T, dir string) map[string]string {
	t.Helper()
	for _, name := range outputFiles {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("previous "+name+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return readDir(t, dir)
}

// After a signal the command says what state the output is in and exits
// with 128 + the signal, whatever the command returned.
func TestInterruptedSaysWhatWasWritten(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sig      syscall.Signal
		returned int
		code     int
		msg      string
	}{
		{syscall.SIGINT, exitFailure, 130, "placement: interrupted by interrupt; nothing was written; the output directory is as it was (exit 130)\n"},
		{syscall.SIGTERM, exitOK, 143, "placement: interrupted by terminated; the files written before the signal are complete (exit 143)\n"},
	} {
		var stderr bytes.Buffer
		if code := interrupted(&stderr, tc.sig, tc.returned); code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.sig, code, tc.code)
		}
		if stderr.String() != tc.msg {
			t.Errorf("%v: stderr = %q, want %q", tc.sig, stderr.String(), tc.msg)
		}
	}
}

// TestMain runs main's code instead of the tests when the test binary is
// started as the child process of TestSignalsStopARun.
func TestMain(m *testing.M) {
	if os.Getenv("PLACEMENT_TEST_CHILD") == "1" {
		os.Exit(mainWithSignals(os.Args[1:], nil, os.Stdout, os.Stderr))
	}
	// The tests solve many plans at once (t.Parallel); with memory to
	// spare, collecting garbage less often saves a tenth of their CPU.
	debug.SetGCPercent(400)
	code := m.Run()
	if demo.dir != "" {
		os.RemoveAll(demo.dir)
	}
	if smallCity.dir != "" {
		os.RemoveAll(smallCity.dir)
	}
	if smallSolved.dir != "" {
		os.RemoveAll(smallSolved.dir)
	}
	os.Exit(code)
}

// SIGINT and SIGTERM sent to a real process while it solves a city of the
// demo's size stop it at once with exit 130 and 143; the previous plan is
// untouched and no temporary file is left. (The signal comes as soon as the
// scenario is loaded, and the solve takes the better part of a second
// after that: a run the signal did not stop writes its plan, and fails.)
func TestSignalsStopARun(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("solves a 4,000-student city in two child processes")
	}
	city := filepath.Join(t.TempDir(), "city")
	if code, _, stderr := placement(t, nil, "gen", "--students", "4000", "--enterprises", "140", "--out", city); code != exitOK {
		t.Fatalf("gen: exit %d\n%s", code, stderr)
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			out := t.TempDir()
			before := previousPlan(t, out)
			cmd := exec.Command(os.Args[0], "solve", "--scenario", filepath.Join(city, "scenario.yaml"), "--out", out, "--log-format", "text")
			cmd.Env = append(os.Environ(), "PLACEMENT_TEST_CHILD=1")
			pipe, err := cmd.StderrPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(pipe)
			var log strings.Builder
			for sc.Scan() { // wait until the solve has begun
				log.WriteString(sc.Text() + "\n")
				if strings.Contains(sc.Text(), "loaded scenario") {
					break
				}
			}
			start := time.Now()
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			for sc.Scan() {
				log.WriteString(sc.Text() + "\n")
			}
			err = cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("child: %v, want exit %d; stderr:\n%s", err, tc.code, log.String())
			}
			if d := time.Since(start); d > 10*time.Second { // it exits at once; the margin is for loaded machines
				t.Errorf("the child took %v to stop", d)
			}
			if !strings.Contains(log.String(), "nothing was written") || strings.Contains(log.String(), "wrote plan") {
				t.Errorf("stderr:\n%s", log.String())
			}
			if diff := cmp.Diff(before, readDir(t, out)); diff != "" {
				t.Errorf("output directory changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestUsageDocumentsTheInterruptExitCodes(t *testing.T) {
	t.Parallel()
	code, stdout, _ := placement(t, nil, "help")
	if code != exitOK || !strings.Contains(stdout, "130  interrupted by SIGINT (Ctrl-C), 143 by SIGTERM") {
		t.Errorf("help: exit %d, stdout lacks the interrupt exit codes:\n%s", code, stdout)
	}
	if exitSIGINT != 130 || exitSIGTERM != 143 {
		t.Errorf("exit codes %d, %d", exitSIGINT, exitSIGTERM)
	}
}
