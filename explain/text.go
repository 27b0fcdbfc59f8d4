package explain

import (
	"fmt"
	"io"
)

// MaxTextEligible is how many eligible posts the text form lists.
const MaxTextEligible = 15

// WriteText writes the answer for a person to read.
func (a *StudentAnswer) WriteText(w io.Writer) {
	if a.Status == "assigned" {
		fmt.Fprintf(w, "Student %s: assigned to post %s at %s (%s).\n", a.StudentID, a.PostID, a.EnterpriseID, a.Reason)
		t := a.Terms
		fmt.Fprintf(w, "Value %d = placement %d + award %d + specialty %d + preference %d + km %d + order %d.\n",
			t.Value, t.Placement, t.Award, t.Specialty, t.Preference, t.Km, t.Order)
	} else {
		fmt.Fprintf(w, "Student %s: unassigned (%s).\n", a.StudentID, a.Reason)
		switch {
		case a.Threshold != nil && *a.Threshold == 0:
			fmt.Fprintf(w, "Threshold 0: the student ties with an identical student who has a better score and holds post %s; one point more value would place it.\n",
				a.ThresholdPostID)
		case a.Threshold != nil:
			fmt.Fprintf(w, "Threshold %d: with %d more value (e.g. as preference points) the student would be placed, first at post %s; with %d more, not.\n",
				*a.Threshold, *a.Threshold+1, a.ThresholdPostID, *a.Threshold-1)
		}
	}
	if a.NoPrices != "" {
		fmt.Fprintf(w, "No prices: %s.\n", a.NoPrices)
	}
	fmt.Fprintf(w, "Eligible posts: %d.\n", len(a.Eligible))
	for k, e := range a.Eligible {
		if k == MaxTextEligible {
			fmt.Fprintf(w, "  … and %d more (--format json lists all)\n", len(a.Eligible)-k)
			break
		}
		fmt.Fprintf(w, "  %-12s %-10s value %6d  %s\n", e.PostID, e.EnterpriseID, e.Value, e.Why)
	}
}

// WriteText writes the answer for a person to read.
func (a *EnterpriseAnswer) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Enterprise %s: quota %d, offered %d, filled %d, shortfall %d.\n", a.EnterpriseID, a.Quota, a.Offered, a.Filled, a.Shortfall)
	fmt.Fprintf(w, "Eligible students: %d (placed here %d, elsewhere %d, unplaced %d).\n", a.EligibleStudents, a.PlacedHere, a.PlacedElsewhere, a.Unplaced)
	fmt.Fprintf(w, "Why: %s.\n", a.Why)
	if a.NoPrices != "" {
		fmt.Fprintf(w, "No prices: %s.\n", a.NoPrices)
	}
}

// WriteText writes the answer for a person to read.
func (a *PostAnswer) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Post %s at %s: capacity %d, held by %d.\n", a.PostID, a.EnterpriseID, a.Capacity, len(a.Holders))
	for _, h := range a.Holders {
		pin := ""
		if h.Pinned {
			pin = " (pinned)"
		}
		fmt.Fprintf(w, "  %-14s value %6d%s\n", h.StudentID, h.Value, pin)
	}
	fmt.Fprintf(w, "Best students who listed %s and are not here: %d shown.\n", a.EnterpriseID, len(a.Wanted))
	for _, s := range a.Wanted {
		where := "unplaced"
		if s.PostID != "" {
			where = fmt.Sprintf("at %s (value %d)", s.PostID, s.OwnValue)
		}
		cost := ""
		if s.CostToPlan != nil {
			cost = fmt.Sprintf("; moving here would cost the plan %d", *s.CostToPlan)
		}
		fmt.Fprintf(w, "  %-14s value %6d here, rank %d, %s%s\n", s.StudentID, s.Value, s.Rank, where, cost)
	}
	if a.NoPrices != "" {
		fmt.Fprintf(w, "No prices: %s.\n", a.NoPrices)
	}
}
