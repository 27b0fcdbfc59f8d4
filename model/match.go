package model

// Match is how a student's specialty meets a post's or a mentor's: the same
// specialty (exact), another specialty of the same group where related ones
// are accepted (related), or neither. Stage 1 (post eligibility and value)
// and stage 3 (mentor pairing) both read it.
type Match int8

// Matches.
const (
	MatchNone    Match = iota // not eligible by specialty
	MatchExact                // same specialty
	MatchRelated              // same specialty group, and related ones are accepted
)

func (m Match) String() string {
	switch m {
	case MatchExact:
		return "exact"
	case MatchRelated:
		return "related"
	}
	return "none"
}
