//go:build !long

package lpseeds

// Long is false in the default run: the oracle tests solve every fourth
// seed (Of).
const Long = false
