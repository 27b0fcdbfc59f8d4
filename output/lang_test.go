package output

import (
	"os"
	"strings"
	"testing"
)

// docs/excel.md lists every Chinese header the outputs use.
func TestDocListsEveryChineseHeader(t *testing.T) {
	doc, err := os.ReadFile("../docs/excel.md")
	if err != nil {
		t.Fatal(err)
	}
	for col, zh := range zhHeaders {
		line := "| `" + col + "` | " + zh + " |"
		if col == hintColumn || col == "status" {
			line = "| `" + col + "` (workbook only) | " + zh + " |"
		}
		if !strings.Contains(string(doc), line) {
			t.Errorf("docs/excel.md lacks the line %q", line)
		}
	}
}

// No two values of a column share a translation, so a Chinese file means
// one thing.
func TestChineseValuesAreDistinct(t *testing.T) {
	for file, cols := range zhValues {
		for col, m := range cols {
			seen := map[string]string{}
			for v, zh := range m {
				if other, dup := seen[zh]; dup {
					t.Errorf("%s %s: %q and %q are both %q", file, col, v, other, zh)
				}
				seen[zh] = v
			}
		}
	}
}
