package flow

// Supply returns the supply of u, for the tests' oracles.
func (g *Graph) Supply(u int) int64 { return g.supply[u] }
