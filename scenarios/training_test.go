package scenarios

import (
	"path/filepath"
	"testing"
)

func TestLoadReadsBasesAndCohortsWhenTheScenarioNamesThem(t *testing.T) {
	sc, ps := Load(filepath.Join("testdata", "tiny", "scenario.yaml"), Options{Set: []string{
		"data.bases=bases.csv", "data.cohorts=cohorts.csv", "calendar.weeks=10",
	}})
	if ps.Err() != nil || sc == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	if len(sc.Bases) != 1 || len(sc.Cohorts) != 2 {
		t.Fatalf("%d bases, %d cohorts; want 1, 2", len(sc.Bases), len(sc.Cohorts))
	}
	if got := sc.Cohorts[1].Periods; len(got) != 3 {
		t.Errorf("cohort c2 periods %v, want the calendar's three", got)
	}
}

func TestLoadChecksCohortWeeksAgainstTheCalendar(t *testing.T) {
	sc, ps := Load(filepath.Join("testdata", "tiny", "scenario.yaml"), Options{Set: []string{
		"data.bases=bases.csv", "data.cohorts=cohorts.csv", "calendar.weeks=6",
	}})
	errs := ps.Errors()
	if sc != nil || len(errs) != 1 || errs[0].Line != 2 || errs[0].Col != 8 {
		t.Errorf("want one error at cohorts.csv:2:8 (latest_week 8 > 6 weeks); got:\n%s", ps.Error())
	}
}
