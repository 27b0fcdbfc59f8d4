package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	"placement/explain"
	"placement/model"
	"placement/scenarios"
	"placement/solver/schedule"
)

// Names of the stage-2 files (SPEC.md, "Stage 2").
const (
	TrainingScheduleFile    = "training_schedule.csv"
	TrainingUnscheduledFile = "training_unscheduled.csv"
	BasesUtilizationFile    = "bases_utilization.csv"
)

// TrainingStage is stage 2 in summary.json: the penalty P, the lower bound
// the solver proved, the gap, and the counts behind them.
type TrainingStage struct {
	PenaltyP           int64   `json:"penalty_p"`
	Bound              int64   `json:"bound"`  // proven lower bound on P
	Gap                float64 `json:"gap"`    // (P − bound) / P, 4 decimals; 0 when P is 0
	Status             string  `json:"status"` // "optimal" when bound == P, else "feasible"
	KmPenalty          int64   `json:"km_penalty"`
	SwitchPenalty      int64   `json:"switch_penalty"`
	UnscheduledPenalty int64   `json:"unscheduled_penalty"`
	Bases              int     `json:"bases"`
	Cohorts            int     `json:"cohorts"`
	Sessions           int     `json:"sessions"`             // asked for
	Scheduled          int     `json:"scheduled"`            // placed
	Unscheduled        int     `json:"unscheduled_sessions"` // Σ sessions_missing
	CohortsComplete    int     `json:"cohorts_complete"`     // every session scheduled
	TrainedEmployees   int     `json:"trained_employees"`    // headcount of complete employee cohorts
	Moves              int     `json:"moves"`
	StoppedBy          string  `json:"stopped_by"` // moves | time | stall | bound
}

// Extra is what a later stage adds to the output: its files, and its
// changes to the summary (made before summary.json is encoded).
type Extra struct {
	Files []File
	Apply func(*Summary)
	// answers, from the fairness audit, give unassigned.csv its threshold
	// and best_post_id columns.
	answers *explain.Plan
}

// Training is stage 2's contribution: training_schedule.csv,
// training_unscheduled.csv, bases_utilization.csv, the "training" stage
// of the summary and the training subsidy (training_subsidy_yuan × the
// headcount of employee cohorts with every session scheduled).
func Training(sc *scenarios.Scenario, res *schedule.Result) Extra {
	st := trainingStage(sc, res)
	subsidy := int64(sc.Config.Policy.TrainingSubsidyYuan) * int64(st.TrainedEmployees)
	return Extra{
		Files: []File{
			trainingScheduleCSV(sc, res),
			trainingUnscheduledCSV(sc, res),
			basesUtilizationCSV(sc, res),
		},
		Apply: func(s *Summary) {
			s.Stages.Training = st
			s.Subsidies.TrainingYuan = subsidy
			s.Subsidies.TotalYuan = s.Subsidies.InternshipYuan + s.Subsidies.TrainingYuan + s.Subsidies.OrderClassYuan
		},
	}
}

// BuildTraining makes the files of stage 2 run alone (placement schedule):
// the three stage-2 CSV files and a summary.json whose assignment stage
// has status "not_run".
func BuildTraining(sc *scenarios.Scenario, res *schedule.Result) ([]File, *Summary, error) {
	sum := newSummary(sc)
	sum.Stages.Assignment.Status = "not_run"
	return finish(nil, sum, Training(sc, res))
}

// finish applies the extras to the summary, lists every file in it and
// appends summary.json, last.
func finish(files []File, sum *Summary, extras ...Extra) ([]File, *Summary, error) {
	for _, e := range extras {
		files = append(files, e.Files...)
		if e.Apply != nil {
			e.Apply(sum)
		}
	}
	for _, f := range files {
		h := sha256.Sum256(f.Data)
		sum.Files = append(sum.Files, FileEntry{Name: f.Name, Rows: f.Rows, SHA256: hex.EncodeToString(h[:])})
	}
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return nil, nil, fmt.Errorf("output: %s: %w", SummaryFile, err)
	}
	files = append(files, File{Name: SummaryFile, Data: append(data, '\n')})
	return files, sum, nil
}

func trainingStage(sc *scenarios.Scenario, res *schedule.Result) *TrainingStage {
	st := &TrainingStage{
		PenaltyP: res.P, Bound: res.Bound, Gap: round4(res.Gap), Status: status(res.Optimal),
		KmPenalty: res.KmPenalty, SwitchPenalty: res.SwitchPenalty, UnscheduledPenalty: res.UnscheduledPenalty,
		Bases: len(sc.Bases), Cohorts: len(sc.Cohorts),
		Sessions: res.Stats.Sessions, Scheduled: len(res.Sessions),
		Moves: res.Stats.Moves, StoppedBy: res.Stats.StoppedBy,
	}
	short := make([]bool, len(sc.Cohorts))
	for _, u := range res.Unscheduled {
		st.Unscheduled += u.Missing
		short[u.Cohort] = true
	}
	for i, c := range sc.Cohorts {
		if short[i] {
			continue
		}
		st.CohortsComplete++
		if c.Kind == model.CohortEmployees {
			st.TrainedEmployees += c.Headcount
		}
	}
	return st
}

// trainingScheduleCSV is training_schedule.csv: one row a session, by
// cohort (file order), then session number (chronological).
func trainingScheduleCSV(sc *scenarios.Scenario, res *schedule.Result) File {
	cal := sc.Config.Calendar
	t := newTable("cohort_id", "session", "base_id", "week", "day", "period", "headcount", "km")
	for _, s := range res.Sessions {
		c := &sc.Cohorts[s.Cohort]
		t.row(c.ID, itoa(s.Session), sc.Bases[s.Base].ID, itoa(s.Week), cal.Days[s.Day], cal.Periods[s.Period],
			itoa(c.Headcount), itoa(s.Km))
	}
	return t.file(TrainingScheduleFile)
}

// trainingUnscheduledCSV is training_unscheduled.csv: one row a cohort and
// reason (a cohort short for two reasons has two rows).
func trainingUnscheduledCSV(sc *scenarios.Scenario, res *schedule.Result) File {
	t := newTable("cohort_id", "sessions_missing", "reason")
	for _, u := range res.Unscheduled {
		t.row(sc.Cohorts[u.Cohort].ID, itoa(u.Missing), string(u.Reason))
	}
	return t.file(TrainingUnscheduledFile)
}

// basesUtilizationCSV is bases_utilization.csv, one row a base in file
// order; utilization is used/open with 4 decimals.
func basesUtilizationCSV(sc *scenarios.Scenario, res *schedule.Result) File {
	t := newTable("base_id", "stations", "station_periods_open", "station_periods_used", "utilization")
	for _, u := range res.Bases {
		t.row(sc.Bases[u.Base].ID, itoa(u.Stations), i64toa(u.StationPeriodsOpen), i64toa(u.StationPeriodsUsed),
			strconv.FormatFloat(round4(u.Utilization()), 'f', 4, 64))
	}
	return t.file(BasesUtilizationFile)
}
