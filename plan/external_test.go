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

// TestAProgramOutsideTheModule builds testdata/external, a module of its
// own that requires placement through a replace directive, and runs it:
// loading, solving and writing a plan takes the public packages only. Its
// plan is byte-identical to plan.Solve's here.
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
	src, err := os.ReadFile("testdata/external/main.go")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/officetool\n\ngo 1.26\n\nrequire placement v0.0.0\n\nreplace placement => " + root + "\n"
	for name, data := range map[string][]byte{"go.mod": []byte(gomod), "go.sum": sum, "main.go": src} {
		if err := os.WriteFile(filepath.Join(mod, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(mod, "officetool")
	build := exec.Command(goBin, "build", "-mod=mod", "-o", bin, ".")
	build.Dir = mod
	build.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build of the outside module: %v\n%s", err, out)
	}
	scenario, _ := filepath.Abs(tiny)
	out := filepath.Join(mod, "out")
	got, err := exec.Command(bin, scenario, out).CombinedOutput()
	if err != nil {
		t.Fatalf("officetool: %v\n%s", err, got)
	}
	if !strings.HasPrefix(string(got), "placed 2 of 3, Z = 1096") {
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
