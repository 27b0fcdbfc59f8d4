// Package cbc runs COIN-OR CBC (Debian's coinor-cbc) on an LP file: the
// exact reference that the build-tagged MIP tests of solver/schedule and
// solver/mentor compare the heuristic stages with (docs/scaling.md). It
// is test support, used only by those tests.
package cbc

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

var (
	objective = regexp.MustCompile(`Objective value:\s+(-?[0-9.e+]+)`)
	bound     = regexp.MustCompile(`Lower bound:\s+(-?[0-9.e+]+)`)
	optimal   = regexp.MustCompile(`Result - Optimal solution found`)
)

// Seconds is CBC's time limit per instance: MIP_SECONDS when set, else
// def. It fails t when cbc is not installed.
func Seconds(t testing.TB, def int) int {
	t.Helper()
	if _, err := exec.LookPath("cbc"); err != nil {
		t.Fatal("cbc not found: apt-get install coinor-cbc")
	}
	if v := os.Getenv("MIP_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			t.Fatalf("MIP_SECONDS=%q: want a number of seconds > 0", v)
		}
		return n
	}
	return def
}

// Solve solves the LP file at path with CBC on one thread for at most
// seconds and returns the best plan's cost, the proven lower bound (the
// cost itself when CBC proved it optimal) and whether it did.
func Solve(t testing.TB, path string, seconds int) (obj, lower float64, proven bool) {
	t.Helper()
	out, err := exec.Command("cbc", path, "sec", strconv.Itoa(seconds), "threads", "1", "solve").CombinedOutput()
	if err != nil {
		t.Fatalf("cbc %s: %v\n%s", path, err, out)
	}
	m := objective.FindSubmatch(out)
	if m == nil {
		t.Fatalf("cbc %s: no objective in\n%s", path, out)
	}
	obj, _ = strconv.ParseFloat(string(m[1]), 64)
	proven = optimal.Match(out)
	lower = obj
	if b := bound.FindSubmatch(out); b != nil && !proven {
		lower, _ = strconv.ParseFloat(string(b[1]), 64)
	}
	return obj, lower, proven
}
