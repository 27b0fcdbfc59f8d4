package plan_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"placement/plan"
)

// TestAProgramOutsideTheModule runs testdata/external, a module of its own
// that requires placement through a replace directive (its go.mod), with
// go run: loading, solving and writing a plan takes the public packages
// only. Its plan is byte-identical to plan.Solve's here. The go.mod it is
// built with is a copy in a temporary directory (-modfile), with the main
// module's go.sum, so that -mod=mod writes nothing into testdata; go run
// keeps the program in the build cache, so that it is linked again only
// when a package it is built from changes.
func TestAProgramOutsideTheModule(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	gomod, err := os.ReadFile("testdata/external/go.mod")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"go.mod": gomod, "go.sum": sum} {
		if err := os.WriteFile(filepath.Join(mod, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scenario, _ := filepath.Abs(tiny)
	out := filepath.Join(mod, "out")
	run := exec.Command(goBin, "run", "-modfile="+filepath.Join(mod, "go.mod"), "-mod=mod", ".", scenario, out)
	run.Dir = "testdata/external"
	run.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	var stdout, stderr strings.Builder // the go command's messages go to stderr
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("go run of the outside module: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	if got := stdout.String(); !strings.HasPrefix(got, "placed 2 of 3, Z = 1096") {
		t.Errorf("officetool printed %q", got)
	}

	ctx := context.Background()
	sc, _ := plan.Load(ctx, plan.Source{Path: tiny})
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := plan.WriteFiles(res, plan.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range want { // plan.xlsx included: the same bytes in another process
		data, err := os.ReadFile(filepath.Join(out, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if string(data) != string(f.Data) {
			t.Errorf("%s differs from plan.WriteFiles's", f.Name)
		}
	}
}
