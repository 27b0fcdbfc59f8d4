package output

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// snapshot reads every entry of dir: name → content, "<dir>" for a
// directory.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			m[e.Name()] = "<dir>"
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = string(b)
	}
	return m
}

func writeAll(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var plan = []File{
	{Name: "a.csv", Data: []byte("new a\n")},
	{Name: "b.csv", Data: []byte("new b\n")},
	{Name: "summary.json", Data: []byte("new summary\n")},
}

var previous = map[string]string{
	"a.csv":        "old a\n",
	"b.csv":        "old b\n",
	"summary.json": "old summary\n",
	"notes.txt":    "not ours\n",
}

func TestWriteDirReplacesThePlanOnly(t *testing.T) {
	dir := t.TempDir()
	writeAll(t, dir, previous)
	if err := WriteDir(dir, plan); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a.csv": "new a\n", "b.csv": "new b\n", "summary.json": "new summary\n",
		"notes.txt": "not ours\n",
	}
	if diff := cmp.Diff(want, snapshot(t, dir)); diff != "" {
		t.Errorf("dir after WriteDir (-want +got):\n%s", diff)
	}
}

func TestWriteDirCreatesDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x", "y")
	if err := WriteDir(dir, plan); err != nil {
		t.Fatal(err)
	}
	if got := len(snapshot(t, dir)); got != len(plan) {
		t.Errorf("%d entries in the new dir, want %d", got, len(plan))
	}
}

// TestWriteDirFailureLeavesDirAlone fails the write after each file in
// turn: the previous plan must be untouched and no temporary file left.
func TestWriteDirFailureLeavesDirAlone(t *testing.T) {
	for _, failAt := range []string{"a.csv", "b.csv", "summary.json"} {
		t.Run("failing after "+failAt, func(t *testing.T) {
			dir := t.TempDir()
			writeAll(t, dir, previous)
			boom := errors.New("disk full")
			afterWrite = func(name string) error {
				if name == failAt {
					return boom
				}
				return nil
			}
			defer func() { afterWrite = nil }()

			if err := WriteDir(dir, plan); !errors.Is(err, boom) {
				t.Errorf("WriteDir = %v, want %v", err, boom)
			}
			if diff := cmp.Diff(previous, snapshot(t, dir)); diff != "" {
				t.Errorf("dir changed (-before +after):\n%s", diff)
			}
		})
	}
}

func TestWriteDirRefusesBeforeTouching(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		files []File
		want  string
	}{
		{"a destination that is a directory",
			func(t *testing.T, dir string) {
				if err := os.Mkdir(filepath.Join(dir, "b.csv"), 0o755); err != nil {
					t.Fatal(err)
				}
			}, plan, "not a regular file"},
		{"a name with a directory", nil,
			[]File{{Name: "../escape.csv"}}, "bad file name"},
		{"a name given twice", nil,
			[]File{{Name: "a.csv"}, {Name: "a.csv"}}, "given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeAll(t, dir, map[string]string{"summary.json": "old summary\n"})
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			before := snapshot(t, dir)
			err := WriteDir(dir, tt.files)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("WriteDir = %v, want an error with %q", err, tt.want)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("dir changed (-before +after):\n%s", diff)
			}
		})
	}
}
