package explain_test

import (
	"os"
	"testing"
)

// TestMain removes the demo's plan directory that the tests share (see
// demo), which no single test owns.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}
