package scenarios

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/scenarios/gen"
)

func TestLoadReadsATinyScenario(t *testing.T) {
	sc, ps := Load(filepath.Join("testdata", "tiny", "scenario.yaml"), Options{})
	if len(ps) > 0 || sc == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	if sc.Config.Name != "scenario" || sc.Config.Policy.QuotaBasisPoints != 175 {
		t.Errorf("config name %q, quota %d bp; want scenario, 175", sc.Config.Name, sc.Config.Policy.QuotaBasisPoints)
	}
	r := sc.Roster
	got := []int{len(r.Schools), len(r.Students), len(r.Enterprises), len(r.Posts), len(r.Specialties), len(r.Districts), len(r.Distances), len(r.Pins)}
	if diff := cmp.Diff([]int{1, 2, 1, 1, 2, 2, 1, 0}, got); diff != "" {
		t.Errorf("roster counts (-want +got):\n%s", diff)
	}
}

func TestLoadReportsConfigAndDataProblemsTogether(t *testing.T) {
	// The tiny scenario's data with a bad weight and a missing students file.
	dir, err := filepath.Abs(filepath.Join("testdata", "tiny"))
	if err != nil {
		t.Fatal(err)
	}
	sc, ps := Load(filepath.Join(dir, "scenario.yaml"), Options{Set: []string{
		"weights.placement=x",
		"data.students=missing.csv",
	}})
	if sc != nil {
		t.Errorf("got a scenario despite errors")
	}
	var inConfig, inData bool
	for _, p := range ps.Errors() {
		switch p.File {
		case "flag --set weights.placement=x":
			inConfig = true
		case filepath.Join(dir, "missing.csv"):
			inData = true
		}
	}
	if !inConfig || !inData {
		t.Errorf("want an error for the flag and one for missing.csv; got:\n%s", ps.Error())
	}
}

func TestTheDemoScenarioFileIsValid(t *testing.T) {
	cfg, ps := loadConfig(demoFiles, DemoPath, Options{})
	if len(ps) > 0 || cfg == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	if cfg.Name != "zibo-demo" || cfg.Data.Students != "demo/students.csv" {
		t.Errorf("name %q, students %q; want zibo-demo, demo/students.csv", cfg.Name, cfg.Data.Students)
	}
	for _, p := range []string{cfg.Data.Schools, cfg.Data.Students, cfg.Data.Enterprises, cfg.Data.Posts,
		cfg.Data.Specialties, cfg.Data.Districts, cfg.Data.Distances, cfg.Data.Pins} {
		if _, err := fs.Stat(demoFS, p); err != nil {
			t.Errorf("demo file %s: %v", p, err)
		}
	}
}

func TestDemoLoadsWithoutProblems(t *testing.T) {
	sc, ps := Demo(Options{})
	if len(ps) > 0 || sc == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	if n := len(sc.Roster.Students); n != 4000 {
		t.Errorf("%d students, want 4000", n)
	}
	if n := len(sc.Roster.Districts); n != 8 {
		t.Errorf("%d districts, want 8", n)
	}
}

// The demo is a generated city, committed: regenerate it with
//
//	go run ./cmd/placement gen --out scenarios/demo --name zibo-demo
//
// (and the CLI's golden files with go test ./cmd/placement -update).
func TestDemoIsTheGeneratedCity(t *testing.T) {
	c, err := gen.Generate(gen.Options{Name: "zibo-demo"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := c.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	files, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		want, err := os.ReadFile(filepath.Join(dir, f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := fs.ReadFile(demoFS, "demo/"+f.Name())
		if err != nil {
			t.Fatalf("demo lacks %s: %v", f.Name(), err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("demo/%s differs from what placement gen writes; regenerate the demo", f.Name())
		}
	}
}

func TestDemoTakesOverrides(t *testing.T) {
	cfg, ps := loadConfig(demoFiles, DemoPath, Options{Set: []string{"policy.quota_rate=0.03"}})
	if len(ps) > 0 || cfg == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	if cfg.Policy.QuotaBasisPoints != 300 {
		t.Errorf("quota %d bp, want 300", cfg.Policy.QuotaBasisPoints)
	}
}

func TestConfigsCanBeLoadedInParallel(t *testing.T) {
	// The what-if grid loads its variants concurrently; run with -race.
	path := writeScenario(t, dataYAML)
	done := make(chan int)
	for i := range 8 {
		go func() {
			cfg, _ := LoadConfig(path, Options{Set: []string{fmt.Sprintf("weights.placement=%d", i)}})
			done <- cfg.Weights.Placement
		}()
	}
	seen := make(map[int]bool)
	for range 8 {
		seen[<-done] = true
	}
	if len(seen) != 8 {
		t.Errorf("got %d distinct placement weights from 8 variants, want 8", len(seen))
	}
}
