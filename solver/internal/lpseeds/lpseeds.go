// Package lpseeds picks the seeds of the LP oracle tests of solver/assign
// and solver/flow, which compare the solvers with gonum's dense simplex on
// random instances: every seed under go test -tags long (which CI runs),
// every fourth otherwise, since that simplex is most of those packages'
// test time. It is test support, used only by those tests.
package lpseeds

// Of returns the seeds an oracle test of all seeds solves: 1 … all under
// -tags long, every fourth of them (1, 5, 9, …) otherwise. Every fourth
// rather than the first quarter keeps the sample spread over the
// generator's streams.
func Of(all uint64) []uint64 {
	step := uint64(4)
	if Long {
		step = 1
	}
	var seeds []uint64
	for seed := uint64(1); seed <= all; seed += step {
		seeds = append(seeds, seed)
	}
	return seeds
}
