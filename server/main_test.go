package server

import (
	"runtime/debug"
	"testing"
)

// TestMain collects garbage less often, as cmd/placement's and plan's
// tests do: the tests allocate much and keep little, and with memory to
// spare a quarter as many collections save a good part of their CPU.
func TestMain(m *testing.M) {
	debug.SetGCPercent(400)
	m.Run()
}
