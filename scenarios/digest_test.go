package scenarios

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"placement/scenarios/gen"
)

// copyDir copies the regular files of dir in fsys into a new temporary
// directory and returns it.
func copyDir(t *testing.T, fsys fs.FS, dir string) string {
	t.Helper()
	out := t.TempDir()
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, dir+"/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func digest(t *testing.T, sc *Scenario, ps interface{ Err() error }) string {
	t.Helper()
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	d, err := sc.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The digest follows the content — values and data bytes — not where the
// files are: the embedded demo and a copy on disk agree, an override or one
// changed byte of a data file does not.
func TestDigestFollowsContentNotPlace(t *testing.T) {
	t.Parallel()
	demo, ps := Demo(Options{})
	d0 := digest(t, demo, ps)

	dir := copyDir(t, demoFS, "demo")
	yaml := filepath.Join(dir, "scenario.yaml")
	copied, ps := Load(yaml, Options{})
	if d := digest(t, copied, ps); d != d0 {
		t.Errorf("a copy of the demo on disk: digest %s, the embedded demo %s", d, d0)
	}

	set, ps := Demo(Options{Set: []string{"policy.quota_rate=0.03"}})
	if d := digest(t, set, ps); d == d0 {
		t.Error("an override does not change the digest")
	}
	env, ps := Demo(Options{Env: []string{"PLACEMENT_WEIGHTS_QUOTA_BONUS=7"}})
	if d := digest(t, env, ps); d == d0 {
		t.Error("a PLACEMENT_ variable does not change the digest")
	}

	// One letter of a student's name changed: the file still loads.
	students := filepath.Join(dir, "students.csv")
	b, err := os.ReadFile(students)
	if err != nil {
		t.Fatal(err)
	}
	row := bytes.IndexByte(b, '\n') + 1             // the first data row
	name := row + bytes.IndexByte(b[row:], ',') + 1 // its second field, the name
	b[name] ^= 0x01
	if err := os.WriteFile(students, b, 0o644); err != nil {
		t.Fatal(err)
	}
	changed, ps := Load(yaml, Options{})
	if d := digest(t, changed, ps); d == d0 {
		t.Error("a changed byte of students.csv does not change the digest")
	}
}

func TestDigestOfAnUnloadedScenarioFails(t *testing.T) {
	t.Parallel()
	if _, err := (&Scenario{}).Digest(); err == nil {
		t.Error("no error")
	}
}

// Data files are hashed as streams, whatever their size: a roster larger
// than the scenario file's limit (MaxScenarioBytes) is no problem.
func TestDigestOfALargeRoster(t *testing.T) {
	t.Parallel()
	c, err := gen.Generate(gen.Options{Students: 16000, Enterprises: 200})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := c.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, "students.csv"))
	if err != nil || fi.Size() <= MaxScenarioBytes {
		t.Fatalf("students.csv: %v, %v; want more than %d bytes", fi.Size(), err, MaxScenarioBytes)
	}
	sc, ps := Load(filepath.Join(dir, gen.ScenarioFile), Options{})
	if d := digest(t, sc, ps); len(d) != 64 {
		t.Errorf("digest %q", d)
	}
}
