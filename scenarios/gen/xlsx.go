package gen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"placement/xlsx"
)

// XLSXScenarioFile is the scenario of the workbooks WriteWorkbooks writes.
const XLSXScenarioFile = "scenario-xlsx.yaml"

// WriteWorkbooks saves every CSV file WriteDir wrote into dir as a
// workbook beside it (students.csv → students.xlsx, one sheet, numbers
// stored as numbers: xlsx.FromCSV) and writes scenario-xlsx.yaml,
// the scenario reading them, so that the workbook input has a demo. It
// returns the names of the files written.
func WriteWorkbooks(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	var names []string
	for _, e := range entries { // sorted by name: the same order every run
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		book, err := xlsx.FromCSV(strings.TrimSuffix(e.Name(), ".csv"), data)
		if err != nil {
			return nil, fmt.Errorf("gen: %s: %w", e.Name(), err)
		}
		name := strings.TrimSuffix(e.Name(), ".csv") + ".xlsx"
		if err := os.WriteFile(filepath.Join(dir, name), book, 0o644); err != nil {
			return nil, fmt.Errorf("gen: %w", err)
		}
		names = append(names, name)
	}
	yaml, err := os.ReadFile(filepath.Join(dir, ScenarioFile))
	if err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	text := strings.ReplaceAll(string(yaml), ".csv\n", ".xlsx\n")
	text = "# The city of scenario.yaml with every data file a workbook (placement gen --xlsx).\n" + text
	if err := os.WriteFile(filepath.Join(dir, XLSXScenarioFile), []byte(text), 0o644); err != nil {
		return nil, fmt.Errorf("gen: %w", err)
	}
	return append(names, XLSXScenarioFile), nil
}
