package output

// ChangesFile is replan's list of what changed for whom.
const ChangesFile = "changes.csv"

// Change is one row of changes.csv: a student whose post, teacher, expert
// or training schedule changed in a re-plan, with the old and new values
// ("" for none) and why.
type Change struct {
	StudentID string
	What      string // "post", "teacher", "expert" or "schedule"
	Old, New  string
	Cause     string
}

// Causes written to changes.csv.
const (
	CauseLeft          = "left"               // the student is no longer in students.csv
	CausePostRemoved   = "post_removed"       // the previous post is no longer in posts.csv
	CausePinned        = "pinned"             // an officer pinned the student elsewhere
	CauseNotEligible   = "no_longer_eligible" // the student no longer passes the filters for the previous post
	CauseDisplacedPin  = "displaced_by_pin"   // a new pin took the previous post's seat
	CauseCapacityCut   = "capacity_cut"       // the previous post now holds fewer students than it had
	CauseNewlyPlaced   = "newly_placed"       // unplaced (or new) before, placed now
	CauseTradedOff     = "traded_off"         // moved because a smaller replan.keep_bonus made another plan worth more
	CauseMoved         = "moved"              // mentors: the student is at another enterprise now
	CauseUnplaced      = "unplaced"           // mentors: the student has no post any more
	CauseMentorRemoved = "mentor_removed"     // mentors: the previous mentor is gone or no longer valid
	CauseRepaired      = "repaired"           // mentors: paired again with the others
	// Schedule rows: the student's cohort was scheduled again.
	CauseCohortChanged  = "cohort_changed"  // its previous sessions are no longer valid (the cohort, a base or the calendar changed)
	CauseBaseRemoved    = "base_removed"    // a base of its previous sessions is no longer in bases.csv
	CauseNewlyScheduled = "newly_scheduled" // the cohort had no sessions before
)

// ReplanStage is replan in summary.json: the previous plan it started
// from, the keep bonus, Z' and the counts of changes.
type ReplanStage struct {
	Previous   string `json:"previous"`
	KeepBonus  int64  `json:"keep_bonus"`
	ObjectiveZ int64  `json:"objective_z_keep"` // Z' = Z + keep_bonus × kept
	// Kept: placed at the same post as before; Moved: placed before and
	// now at another post; NewlyPlaced: not placed before (or new), placed
	// now; Removed: placed before, not placed now (left, or unplaced).
	Kept        int `json:"kept"`
	Moved       int `json:"moved"`
	NewlyPlaced int `json:"newly_placed"`
	Removed     int `json:"removed"`
	Changes     int `json:"changes"` // rows of changes.csv
	// Stage 2: cohorts whose previous sessions were all kept, and the
	// others (scheduled again). Both 0 without stage 2.
	CohortsKept        int `json:"cohorts_kept"`
	CohortsRescheduled int `json:"cohorts_rescheduled"`
}

// Replan is replan's contribution: changes.csv and the "replan" stage of
// the summary.
func Replan(stage ReplanStage, changes []Change) Extra {
	t := newTable("student_id", "what", "old", "new", "cause")
	for _, c := range changes {
		t.row(c.StudentID, c.What, c.Old, c.New, c.Cause)
	}
	stage.Changes = len(changes)
	return Extra{
		Files: []File{t.file(ChangesFile)},
		Apply: func(s *Summary) { st := stage; s.Stages.Replan = &st },
	}
}
