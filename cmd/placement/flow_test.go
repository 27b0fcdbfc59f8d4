package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// export-flow's network, compressed or not, solved by solve-dimacs has
// the Z of solve's plan (on the small city: the demo's shape at a fifth of
// its size).
func TestExportFlowThenSolveDIMACSGivesTheSolversZ(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plan, _ := smallPlan(t)
	var sum struct {
		Stages struct {
			Assignment struct {
				Z int64 `json:"objective_z"`
			} `json:"assignment"`
		} `json:"stages"`
	}
	data, err := os.ReadFile(filepath.Join(plan, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &sum); err != nil {
		t.Fatal(err)
	}
	for _, extra := range [][]string{nil, {"--uncompressed"}} {
		net := filepath.Join(dir, "net.dimacs")
		code, _, stderr := placement(t, nil, append(append([]string{"export-flow", "--out", net}, extra...), small(t)...)...)
		if code != exitOK {
			t.Fatalf("export-flow %v: exit %d: %s", extra, code, stderr)
		}
		code, stdout, stderr := placement(t, nil, "solve-dimacs", "--in", net)
		if code != exitOK {
			t.Fatalf("solve-dimacs: exit %d: %s", code, stderr)
		}
		var got dimacsResult
		if err := json.Unmarshal([]byte(stdout), &got); err != nil {
			t.Fatalf("solve-dimacs printed %q: %v", stdout, err)
		}
		if got.Status != "optimal" || got.Z == nil || *got.Z != sum.Stages.Assignment.Z {
			t.Errorf("export-flow %v: solve-dimacs says %s", extra, stdout)
		}
	}
}

func TestFlowCommandsRejectBadUse(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "bad.dimacs")
	if err := os.WriteFile(bad, []byte("p min 2 1\na 1 3 0 1 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tooSmall := filepath.Join(t.TempDir(), "x.dimacs")
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"export-flow needs --out", []string{"export-flow"}, "--out is required"},
		{"solve-dimacs needs --in", []string{"solve-dimacs"}, "--in is required"},
		{"a missing DIMACS file", []string{"solve-dimacs", "--in", filepath.Join(t.TempDir(), "none")}, "no such file"},
		{"a broken DIMACS file names its line", []string{"solve-dimacs", "--in", bad}, "bad.dimacs:2:3: arc end 3 out of range 1..2"},
		{"an uncompressed network past its limit", []string{"export-flow", "--uncompressed", "--max-arcs", "100", "--out", tooSmall}, "too large"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := placement(t, nil, tt.args...)
			if code != exitInput || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitInput, tt.want)
			}
		})
	}
	if _, err := os.Stat(tooSmall); !os.IsNotExist(err) {
		t.Errorf("a failed export left %s behind", tooSmall)
	}
}
