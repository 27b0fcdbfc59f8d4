package whatif

import (
	"math"
	"time"

	"placement/output"
	"placement/plan"
	"placement/solver/assign"
)

// Row is one variant's key figures (in JSON, under whatif.csv's column
// names, as a shard's manifest holds it): the summary.json figures of SPEC.md
// "Summary" that a planner compares, taken from the summary itself so
// that they are exactly what `placement solve` reports.
type Row struct {
	Scenario string `json:"scenario"` // the variant's scenario name (it may be overridden)

	Students      int     `json:"students"`
	Placed        int     `json:"placed"`
	PlacementRate float64 `json:"placement_rate"` // summary.json placement_rate
	// MeanValue is Σ v(i,p) / placed over assignments.csv's value column,
	// rounded to 2 decimals; 0 when nobody is placed. The quota bonus is
	// not in it (it is in Z).
	MeanValue  float64 `json:"mean_value_per_placement"`
	ExactShare float64 `json:"exact_specialty_share"` // summary.json exact_share

	QuotaEnterprises     int `json:"quota_enterprises"`
	CompliantEnterprises int `json:"compliant_enterprises"`
	TotalShortfall       int `json:"total_shortfall"`

	InternshipYuan int64 `json:"internship_subsidy_yuan"`
	TrainingYuan   int64 `json:"training_subsidy_yuan"`
	OrderClassYuan int64 `json:"order_class_subsidy_yuan"`
	TotalYuan      int64 `json:"total_subsidy_yuan"`

	Z int64  `json:"objective_z"`
	P *int64 `json:"objective_p"` // stage 2's penalty; nil when the scenario has no training
	M *int64 `json:"objective_m"` // stage 3's penalty; nil when the scenario has no mentors
}

// NewRow reads a row off a solved variant's summary and stage-1 result.
func NewRow(sum *output.Summary, res *assign.Result) Row {
	r := Row{
		Scenario:             sum.Scenario,
		Students:             sum.Inputs.Students,
		Placed:               sum.Stages.Assignment.Placed,
		PlacementRate:        sum.PlacementRate,
		ExactShare:           sum.ExactShare,
		QuotaEnterprises:     sum.QuotaEnterprises,
		CompliantEnterprises: sum.CompliantEnterprises,
		TotalShortfall:       sum.TotalShortfall,
		InternshipYuan:       sum.Subsidies.InternshipYuan,
		TrainingYuan:         sum.Subsidies.TrainingYuan,
		OrderClassYuan:       sum.Subsidies.OrderClassYuan,
		TotalYuan:            sum.Subsidies.TotalYuan,
		Z:                    sum.Stages.Assignment.ObjectiveZ,
	}
	if len(res.Assignments) > 0 {
		var total int64
		for _, a := range res.Assignments {
			total += a.Value
		}
		r.MeanValue = math.Round(float64(total)/float64(len(res.Assignments))*100) / 100
	}
	if t := sum.Stages.Training; t != nil {
		p := t.PenaltyP
		r.P = &p
	}
	if m := sum.Stages.Mentors; m != nil {
		v := m.PenaltyM
		r.M = &v
	}
	return r
}

// Times are the wall times of one variant, for whatif_timings.csv.
type Times struct {
	Load       time.Duration `json:"load_ns"`
	Assignment time.Duration `json:"assignment_ns"`
	Training   time.Duration `json:"training_ns"`
	Mentors    time.Duration `json:"mentors_ns"`
	Total      time.Duration `json:"total_ns"`
}

// Result is a solved variant.
type Result struct {
	Variant Variant
	Row     Row
	Times   Times
	Plan    *plan.Result // the variant's whole plan, with Options.Keep; else nil
}
