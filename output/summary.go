package output

import (
	"math"
	"slices"

	"placement/explain"
	"placement/model"
	"placement/scenarios"
	"placement/solver/assign"
)

// Summary is summary.json: the figures of SPEC.md "Summary" for the stages
// built so far. It is a struct, not a map, so the keys come out in this
// fixed order.
//
// Wall times are deliberately NOT in it: they differ from run to run and
// would break "same input, byte-identical output". The log has them.
type Summary struct {
	Scenario string `json:"scenario"`
	Term     string `json:"term"`
	Inputs   Inputs `json:"inputs"`
	Stages   Stages `json:"stages"`

	PlacementRate float64 `json:"placement_rate"` // placed / students, 4 decimals; 0 without students
	ExactShare    float64 `json:"exact_share"`    // among placed (pins included), by specialty: 4 decimals
	RelatedShare  float64 `json:"related_share"`  // likewise

	QuotaEnterprises     int `json:"quota_enterprises"`      // enterprises with quota > 0
	CompliantEnterprises int `json:"compliant_enterprises"`  // of those, filled ≥ quota
	TotalShortfall       int `json:"total_shortfall"`        // Σ max(0, quota − filled)
	OrderClassAtSponsor  int `json:"order_class_at_sponsor"` // order-class students placed at their sponsor

	Subsidies Subsidies `json:"subsidies"`

	// Fairness is the audit of justified envy (fairness.csv); nil for a
	// plan without stage 1.
	Fairness *FairnessSummary `json:"fairness,omitempty"`

	// Files lists the files written with this summary (the CSV files and
	// plan.xlsx), with their data rows and SHA-256, so a reader can check
	// that the files next to summary.json are the ones it describes (see
	// WriteDir).
	Files []FileEntry `json:"files"`
}

// Inputs are the record counts of the scenario's files.
type Inputs struct {
	Schools     int `json:"schools"`
	Students    int `json:"students"`
	Enterprises int `json:"enterprises"`
	Posts       int `json:"posts"`
	Specialties int `json:"specialties"`
	Districts   int `json:"districts"`
	Pins        int `json:"pins"`
}

// Stages holds one entry a stage that ran.
type Stages struct {
	Assignment AssignmentStage `json:"assignment"`
	Training   *TrainingStage  `json:"training,omitempty"` // stage 2, when the scenario has bases and cohorts
	Mentors    *MentorStage    `json:"mentors,omitempty"`  // stage 3, when the scenario has mentors
	Replan     *ReplanStage    `json:"replan,omitempty"`   // replan: what changed against the previous plan
}

// AssignmentStage is stage 1: the objective, its proven bound, and the
// size of the network the solver built.
type AssignmentStage struct {
	ObjectiveZ int64   `json:"objective_z"`
	Bound      int64   `json:"bound"`  // proven upper bound on Z
	Gap        float64 `json:"gap"`    // (bound − Z) / max(1, |bound|); 0 when proven optimal
	Status     string  `json:"status"` // "optimal" when bound == Z
	Placed     int     `json:"placed"`
	Unassigned int     `json:"unassigned"`
	Pinned     int     `json:"pinned"`

	StudentKinds int   `json:"student_kinds"`
	PostKinds    int   `json:"post_kinds"`
	Nodes        int   `json:"nodes"`
	Arcs         int   `json:"arcs"`
	Pivots       int64 `json:"pivots"`
}

// Subsidies are the yuan the plan earns (SPEC.md "Summary").
type Subsidies struct {
	InternshipYuan int64 `json:"internship_yuan"` // Σ enterprises.csv subsidy_yuan
	TrainingYuan   int64 `json:"training_yuan"`   // 0 when stage 2 did not run
	OrderClassYuan int64 `json:"order_class_yuan"`
	TotalYuan      int64 `json:"total_yuan"`
}

// FileEntry describes one file written with the summary (Rows is 0 for a workbook).
type FileEntry struct {
	Name   string `json:"name"`
	Rows   int    `json:"rows"`
	SHA256 string `json:"sha256"`
}

// Build makes the stage-1 files of a solved scenario: assignments.csv,
// unassigned.csv, enterprises.csv and, last, summary.json. The order
// matters to WriteDir, which commits the last file last.
// Later stages add their files and summary figures as extras; the
// fairness extra's plan gives unassigned.csv its threshold columns.
func Build(sc *scenarios.Scenario, res *assign.Result, extras ...Extra) ([]File, *Summary, error) {
	var answers *explain.Plan
	for _, x := range extras {
		if x.answers != nil {
			answers = x.answers
		}
	}
	return BuildFrom(sc, res, AssignmentFiles(sc, res, answers), extras...)
}

// AssignmentFiles are stage 1's three files: assignments.csv,
// unassigned.csv and enterprises.csv. answers, when not nil, give
// unassigned.csv its threshold and best_post_id columns
// (explain.Plan.Threshold); they are the costly part, which is why a
// caller may build these files on their own, while later stages run, and
// hand them to BuildFrom.
func AssignmentFiles(sc *scenarios.Scenario, res *assign.Result, answers *explain.Plan) []File {
	r := sc.Roster
	return []File{assignmentsCSV(r, res), unassignedCSV(r, res, answers), enterprisesCSV(r, res)}
}

// BuildFrom is Build with stage 1's files already built (AssignmentFiles
// of the same result); the extras' plan, if any, is not used. The files
// are the same bytes as Build's.
func BuildFrom(sc *scenarios.Scenario, res *assign.Result, stage1 []File, extras ...Extra) ([]File, *Summary, error) {
	return finish(slices.Clone(stage1), NewSummary(sc, res), extras...)
}

// newSummary starts a summary: the scenario's name, term and input counts.
func newSummary(sc *scenarios.Scenario) *Summary {
	r, cfg := sc.Roster, sc.Config
	return &Summary{
		Scenario: cfg.Name,
		Term:     cfg.Term,
		Inputs: Inputs{
			Schools: len(r.Schools), Students: len(r.Students), Enterprises: len(r.Enterprises),
			Posts: len(r.Posts), Specialties: len(r.Specialties), Districts: len(r.Districts),
			Pins: len(r.Pins),
		},
	}
}

// NewSummary computes the summary figures of a solved scenario, without
// the file list.
func NewSummary(sc *scenarios.Scenario, res *assign.Result) *Summary {
	r, cfg := sc.Roster, sc.Config
	s := newSummary(sc)

	st := res.Stats
	a := AssignmentStage{
		ObjectiveZ: res.Z, Bound: res.Bound, Gap: round4(res.Gap), Status: status(res.Optimal),
		Placed: len(res.Assignments), Unassigned: len(res.Unassigned), Pinned: st.Pinned,
		StudentKinds: st.StudentKinds, PostKinds: st.PostKinds,
		Nodes: st.Nodes, Arcs: st.Arcs, Pivots: st.Pivots,
	}
	s.Stages.Assignment = a

	var exact, related int
	for _, as := range res.Assignments {
		switch as.Specialty {
		case model.MatchExact:
			exact++
		case model.MatchRelated:
			related++
		}
		st := &r.Students[as.Student]
		if st.OrderEnterpriseID != "" && st.OrderEnterpriseID == r.Enterprises[as.Enterprise].ID {
			s.OrderClassAtSponsor++
		}
	}
	s.PlacementRate = ratio(a.Placed, len(r.Students))
	s.ExactShare = ratio(exact, a.Placed)
	s.RelatedShare = ratio(related, a.Placed)

	for _, o := range res.Enterprises {
		if o.Quota > 0 {
			s.QuotaEnterprises++
			if o.Filled >= o.Quota {
				s.CompliantEnterprises++
			}
		}
		s.TotalShortfall += o.Shortfall
		s.Subsidies.InternshipYuan += o.SubsidyYuan
	}
	s.Subsidies.OrderClassYuan = int64(cfg.Policy.OrderClassSubsidyYuan) * int64(s.OrderClassAtSponsor)
	s.Subsidies.TotalYuan = s.Subsidies.InternshipYuan + s.Subsidies.TrainingYuan + s.Subsidies.OrderClassYuan
	return s
}

// status is a stage's status in summary.json: "optimal" when the solver
// proved its plan optimal (value = bound), else "feasible".
func status(optimal bool) string {
	if optimal {
		return "optimal"
	}
	return "feasible"
}

// ratio is n/d rounded to 4 decimals, 0 when d is 0.
func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return round4(float64(n) / float64(d))
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
