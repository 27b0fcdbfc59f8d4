//go:build !long

package flow

// longOracles is false in the default run: the LP oracle tests solve the
// random networks of every fourth seed (lpSeeds). go test -tags long
// solves them all (seeds_long_test.go).
const longOracles = false
