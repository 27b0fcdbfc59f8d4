package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/output"
)

// tinyTraining is the scenarios package's tiny scenario with its bases and
// cohorts switched on.
var tinyTraining = []string{"--scenario", "../../scenarios/testdata/tiny/scenario.yaml",
	"--set", "data.bases=bases.csv", "--set", "data.cohorts=cohorts.csv", "--set", "calendar.weeks=10"}

func TestScheduleWritesStageTwoAlone(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, _, stderr := placement(t, nil, append([]string{"schedule", "--out", out, "--log-format", "json"}, tinyTraining...)...)
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	files := readDir(t, out)
	want := `cohort_id,session,base_id,week,day,period,headcount,km
c1,1,b1,1,mon,am,25,12
c1,2,b1,1,wed,am,25,12
c1,3,b1,2,mon,am,25,12
c1,4,b1,2,wed,am,25,12
c2,1,b1,1,sat,am,10,0
c2,2,b1,2,sat,am,10,0
`
	if d := cmp.Diff(want, files[output.TrainingScheduleFile]); d != "" {
		t.Errorf("training_schedule.csv (-want +got):\n%s", d)
	}
	if got := files[output.BasesUtilizationFile]; !strings.Contains(got, "b1,30,3600,120,0.0333\n") {
		t.Errorf("bases_utilization.csv:\n%s", got)
	}
	if _, ok := files[output.AssignmentsFile]; ok {
		t.Errorf("schedule wrote stage-1 files")
	}
	var sum output.Summary
	if err := json.Unmarshal([]byte(files[output.SummaryFile]), &sum); err != nil {
		t.Fatal(err)
	}
	tr := sum.Stages.Training
	if tr == nil || tr.PenaltyP != 48 || tr.Bound != 48 || tr.Status != "optimal" || tr.TrainedEmployees != 10 {
		t.Errorf("training stage %+v", tr)
	}
	if sum.Stages.Assignment.Status != "not_run" || sum.Subsidies.TrainingYuan != 6500 || sum.Subsidies.TotalYuan != 6500 {
		t.Errorf("assignment status %q, subsidies %+v", sum.Stages.Assignment.Status, sum.Subsidies)
	}
}

func TestSolveRunsStageTwoWhenTheScenarioHasBasesAndCohorts(t *testing.T) {
	t.Parallel()
	a, b := t.TempDir(), t.TempDir()
	solveOK(t, nil, append([]string{"--out", a, "--log-format", "json"}, tinyTraining...)...)
	solveOK(t, nil, append([]string{"--out", b, "--log-format", "json"}, tinyTraining...)...)
	fa, fb := readDir(t, a), readDir(t, b)
	if d := cmp.Diff(fa, fb); d != "" {
		t.Errorf("two runs differ:\n%s", d)
	}
	for _, f := range []string{output.AssignmentsFile, output.TrainingScheduleFile, output.TrainingUnscheduledFile, output.BasesUtilizationFile} {
		if _, ok := fa[f]; !ok {
			t.Errorf("%s not written", f)
		}
	}
	var sum output.Summary
	if err := json.Unmarshal([]byte(fa[output.SummaryFile]), &sum); err != nil {
		t.Fatal(err)
	}
	if sum.Stages.Training == nil || sum.Subsidies.TrainingYuan != 6500 || len(sum.Files) != 8 { // 3 of stage 1, fairness.csv, 3 of stage 2, plan.xlsx
		t.Errorf("training %+v, subsidies %+v, %d files listed", sum.Stages.Training, sum.Subsidies, len(sum.Files))
	}
}

func TestScheduleWithoutBasesIsAnInputError(t *testing.T) {
	t.Parallel()
	code, _, stderr := placement(t, nil, "schedule", "--out", t.TempDir(), "--scenario", "../../scenarios/testdata/tiny/scenario.yaml")
	if code != exitInput || !strings.Contains(stderr, "no bases and cohorts") {
		t.Errorf("exit %d; stderr:\n%s", code, stderr)
	}
}
