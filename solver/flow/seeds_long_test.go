//go:build long

package flow

// longOracles is true under -tags long: the LP oracle tests solve every
// one of their random networks (lpSeeds).
const longOracles = true
