package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"placement/output"
)

// tinyScenario is the smallest valid scenario: one school, two students.
const tinyScenario = "../../scenarios/testdata/tiny/scenario.yaml"

// solve --excel writes the same CSV bytes after a UTF-8 byte-order mark,
// and a summary.json whose hashes are those of the files written.
func TestSolveExcelWritesBOM(t *testing.T) {
	t.Parallel()
	plain, xl := t.TempDir(), t.TempDir()
	solveOK(t, nil, "--scenario", tinyScenario, "--out", plain)
	solveOK(t, nil, "--scenario", tinyScenario, "--out", xl, "--excel")
	names := slices.Sorted(maps.Keys(readDir(t, plain)))
	if len(names) < 4 {
		t.Fatalf("solve wrote %v", names)
	}
	for _, name := range names {
		p, err := os.ReadFile(filepath.Join(plain, name))
		if err != nil {
			t.Fatal(err)
		}
		x, err := os.ReadFile(filepath.Join(xl, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == output.SummaryFile {
			if bytes.HasPrefix(x, []byte(output.UTF8BOM)) {
				t.Errorf("summary.json has a BOM")
			}
			continue
		}
		if !strings.HasSuffix(name, ".csv") {
			if !bytes.Equal(x, p) {
				t.Errorf("%s differs with --excel", name)
			}
		} else if !bytes.Equal(x, append([]byte(output.UTF8BOM), p...)) {
			t.Errorf("%s with --excel is not the BOM followed by the plain file", name)
		}
		if !strings.Contains(string(readOut(t, xl, output.SummaryFile)), sha256Hex(x)) {
			t.Errorf("summary.json does not list the hash of %s as written", name)
		}
	}
}

func readOut(t *testing.T, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
