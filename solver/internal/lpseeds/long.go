//go:build long

package lpseeds

// Long is true under -tags long: the oracle tests solve every seed.
const Long = true
