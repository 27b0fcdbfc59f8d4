package model

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Upper bounds on the counts and distances of the data files.
//
// Every whole number read from a CSV file has a documented upper bound
// (docs/input-safety.md), refused with a message that names the cell. The
// bounds are far above any city and are chosen so that every sum the
// program computes fits in an int64 with room to spare — together with
// the bounds on the scenario's integers (scenarios: weights and yuan
// ≤ 1,000,000) and on the number of records (MaxRecords):
//
//   - quota = ⌈employees × rate⌉ ≤ 10⁷ (Quota never multiplies past 10¹¹);
//   - an enterprise's offered places, Σ capacity over its posts,
//     ≤ 10⁶ posts × 10⁶ = 10¹²;
//   - a placement's value ≤ 5 × 10⁶ + per_km × km ≤ 10⁶ × 10⁵ ≈ 10¹¹, so
//     stage 1's Z over 10⁶ students stays below 2 × 10¹⁷;
//   - km fits the int32 of DistanceTable;
//   - stage 2's penalty ≤ Σ sessions (≤ MaxTotalSessions) × (unscheduled,
//     plus train_per_km × km, plus base_switch) ≤ 10⁷ × 1.1 × 10¹¹ ≈ 10¹⁸;
//   - trained employees ≤ 10⁶ cohorts × 10⁵, times a subsidy ≤ 10⁶ yuan,
//     ≤ 10¹⁷ yuan.
const (
	MaxEmployees      = 10_000_000 // enterprises.csv employees
	MaxCapacity       = 1_000_000  // posts.csv capacity
	MaxKm             = 100_000    // distances.csv km
	MaxDistricts      = 4_096      // rows of districts.csv (the distance matrix is districts²)
	MaxStations       = 100_000    // bases.csv stations
	MaxHeadcount      = 100_000    // cohorts.csv headcount
	MaxSessions       = 1_000      // cohorts.csv sessions of one cohort
	MaxTotalSessions  = 10_000_000 // cohorts.csv sessions of all cohorts together
	MaxMentorCapacity = 10_000     // mentors.csv capacity
)

// Every sum above is taken in int, which must be 64 bits wide: this
// constant does not compile on a 32-bit platform.
const _ uint = math.MaxInt>>62 - 1

// MaxExcerpt is the most bytes of a file's text that one message echoes;
// a longer value is cut (at a character boundary) and marked with "…".
const MaxExcerpt = 64

// Excerpt is s quoted and escaped as %q would, cut to at most MaxExcerpt
// bytes of s: what a message shows of text read from a file, so that a
// huge cell or a file that is not what it should be (extends:
// /etc/shadow) is never echoed at length.
func Excerpt(s string) string {
	if len(s) <= MaxExcerpt {
		return strconv.Quote(s)
	}
	return strconv.Quote(cut(s, MaxExcerpt)) + "…"
}

// cut returns the longest prefix of s of at most n bytes that does not
// split a UTF-8 character.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// maxArg bounds every string argument of a problem message (see
// capArgs), whatever the format: a safety net under Excerpt, wide enough
// for the file paths that messages name.
const maxArg = 256

// capArgs returns args with every string longer than maxArg cut to it and
// marked with "…", so that no message, however it is formatted, carries
// more than a short piece of a file.
func capArgs(args []any) []any {
	var out []any
	for i, a := range args {
		s, ok := a.(string)
		if !ok || len(s) <= maxArg {
			continue
		}
		if out == nil {
			out = append([]any(nil), args...)
		}
		out[i] = cut(s, maxArg) + "…"
	}
	if out == nil {
		return args
	}
	return out
}
