package flow

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
)

// Exact arithmetic.
//
// NetworkSimplex computes in int64 and is exact only while no sum
// overflows. The quantities that grow are: a node's potential, at most
// the artificial cost art = (C+1)(n+1) plus a path of n real arcs, so
// below 2·art (C is the largest |cost|); a reduced cost, below 5·art; a
// flow, at most an arc's capacity or the total supply; a node's net flow
// in Verify, at most the total capacity; and the cost, at most
// Σ capacity × |cost|. CheckRange bounds each of them below int64's range
// with a margin: art ≤ MaxInt64/8, Σ capacity ≤ MaxInt64/4 (so every
// capacity is below the simplex's "infinite" bound), Σ |supply| ≤
// MaxInt64/4 and Σ capacity × |cost| ≤ MaxInt64/2.

// ErrRange is returned by NetworkSimplex for a graph whose numbers could
// overflow its int64 arithmetic (see CheckRange).
var ErrRange = errors.New("flow: costs, capacities or supplies too large for exact int64 arithmetic")

// CheckRange reports, wrapping ErrRange, a graph whose costs, capacities
// or supplies NetworkSimplex could not handle exactly; nil otherwise.
func CheckRange(g *Graph) error {
	var rc rangeCheck
	for _, s := range g.supply {
		if msg := rc.supply(s); msg != "" {
			return fmt.Errorf("%w: %s", ErrRange, msg)
		}
	}
	for a := range g.src {
		if _, msg := rc.arc(g.cap[a], g.cost[a], a); msg != "" {
			return fmt.Errorf("%w: arc %d: %s", ErrRange, a, msg)
		}
	}
	if _, msg := rc.nodes(g.N()); msg != "" {
		return fmt.Errorf("%w: %s", ErrRange, msg)
	}
	return nil
}

// rangeCheck accumulates the sums CheckRange bounds, arc by arc, so that
// ReadDIMACS can name the line that goes too far.
type rangeCheck struct {
	supplies   uint64 // Σ |supply|
	caps       uint64 // Σ capacity
	capCost    uint64 // Σ capacity × |cost|
	maxCost    uint64 // the largest |cost|
	maxCostTag int    // where it is (a line, or an arc)
}

const (
	limitSum     = math.MaxInt64 / 4
	limitCapCost = math.MaxInt64 / 2
	limitArt     = math.MaxInt64 / 8
)

func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1 // exact for MinInt64 too
	}
	return uint64(x)
}

// supply adds a supply; the message says what is too large, or is "".
func (rc *rangeCheck) supply(s int64) string {
	rc.supplies += abs64(s)
	if abs64(s) > limitSum || rc.supplies > limitSum {
		return fmt.Sprintf("supplies of %d in all in absolute value are too large (at most %d)", rc.supplies, uint64(limitSum))
	}
	return ""
}

// arc adds an arc of capacity c ≥ 0 and cost w found at tag; it returns
// the DIMACS field (5: capacity, 6: cost) and the message of what is too
// large, or "".
func (rc *rangeCheck) arc(c, w int64, tag int) (int, string) {
	uc, uw := uint64(c), abs64(w)
	if uc > limitSum {
		return 5, fmt.Sprintf("capacity %d is too large (at most %d)", c, uint64(limitSum))
	}
	if rc.caps += uc; rc.caps > limitSum {
		return 5, fmt.Sprintf("the capacities sum to more than %d", uint64(limitSum))
	}
	if uw > limitArt {
		return 6, fmt.Sprintf("cost %d is too large in absolute value (at most %d)", w, uint64(limitArt))
	}
	hi, lo := bits.Mul64(uc, uw)
	if hi != 0 || lo > limitCapCost {
		return 6, fmt.Sprintf("capacity %d × cost %d overflows the total cost (at most %d)", c, w, uint64(limitCapCost))
	}
	if rc.capCost += lo; rc.capCost > limitCapCost {
		return 6, fmt.Sprintf("Σ capacity × |cost| exceeds %d: the total cost could overflow", uint64(limitCapCost))
	}
	if uw > rc.maxCost || rc.maxCostTag == 0 {
		rc.maxCost, rc.maxCostTag = max(uw, rc.maxCost), tag
	}
	return 0, ""
}

// nodes checks the artificial cost (C+1)(n+1) of n nodes; it returns the
// tag of the largest cost and the message, or "".
func (rc *rangeCheck) nodes(n int) (int, string) {
	hi, lo := bits.Mul64(rc.maxCost+1, uint64(n)+1)
	if hi != 0 || lo > limitArt {
		return rc.maxCostTag, fmt.Sprintf("cost %d on a network of %d nodes: potentials up to (cost+1)·(nodes+1) would overflow (at most %d)",
			rc.maxCost, n, uint64(limitArt))
	}
	return 0, ""
}
