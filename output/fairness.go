package output

import (
	"placement/explain"
	"placement/scenarios"
)

// FairnessFile is the fairness audit: every case of justified envy.
const FairnessFile = "fairness.csv"

// FairnessSummary is the audit in summary.json.
type FairnessSummary struct {
	JustifiedEnvy int `json:"justified_envy"` // every (A, P, B) case
	Students      int `json:"students"`       // distinct students A with a case
	Listed        int `json:"listed"`         // rows of fairness.csv: the first cases, up to the cap
	// CostKnown counts the listed cases with a cost_to_plan (all but
	// pinned students' in an optimal plan of a small city; none for a plan
	// that is not optimal, see docs).
	CostKnown int `json:"cost_known"`
}

// Fairness is the audit's contribution: fairness.csv and the summary's
// "fairness" figures. Columns: student_id (A), post_id (P), holder_id (B),
// student_value (A's value at P), holder_value (B's), cost_to_plan (what
// placing A at P would cost Z, the rest re-optimized; empty when unknown),
// student_post_id (A's post, empty unplaced), student_post_value,
// holder_pinned. ex, the plan audited, also gives unassigned.csv its
// threshold and best_post_id columns (empty without prices).
func Fairness(sc *scenarios.Scenario, ex *explain.Plan, au *explain.Audit) Extra {
	envy := au.Rows
	r := sc.Roster
	t := newTable("student_id", "post_id", "holder_id", "student_value", "holder_value", "cost_to_plan",
		"student_post_id", "student_post_value", "holder_pinned")
	// About 50 bytes a row: room up front rather than a buffer doubled
	// from nothing (twice the memory touched, in a fresh process page by
	// page).
	t.buf.Grow(56 * len(envy))
	fs := FairnessSummary{JustifiedEnvy: au.Cases, Students: au.Students, Listed: len(envy)}
	for _, e := range envy {
		cost, own, ownValue := "", "", ""
		if e.HasCost {
			cost = i64toa(e.Cost)
			fs.CostKnown++
		}
		if e.StudentPost >= 0 {
			own, ownValue = r.Posts[e.StudentPost].ID, i64toa(e.StudentCurrentValue)
		}
		t.row(r.Students[e.Student].ID, r.Posts[e.Post].ID, r.Students[e.Holder].ID,
			i64toa(e.StudentValue), i64toa(e.HolderValue), cost, own, ownValue, btoa(e.HolderPinned))
	}
	return Extra{
		Files:   []File{t.file(FairnessFile)},
		Apply:   func(s *Summary) { f := fs; s.Fairness = &f },
		answers: ex,
	}
}
