//go:build long

package assign

// longOracles is true under -tags long: the LP oracle tests solve every
// one of their random cities (lpSeeds).
const longOracles = true
