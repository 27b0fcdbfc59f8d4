package gen

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"placement/model"
	"placement/solver/schedule"
)

var specCalendar = model.Calendar{Weeks: 18, Days: []string{"mon", "tue", "wed", "thu", "fri", "sat"}, Periods: []string{"am", "pm", "eve"}}

// TestLoaderReadsTheTrainingBack writes a city and reads its bases and
// cohorts with model.LoadTraining: no problems, the same values.
func TestLoaderReadsTheTrainingBack(t *testing.T) {
	c := generate(t, Options{})
	dir := writeDir(t, c)
	open := func(name string) (io.ReadCloser, error) { return os.Open(filepath.Join(dir, name)) }
	bases, cohorts, probs := model.LoadTraining(open, model.DataPaths{
		Schools: SchoolsFile, Enterprises: EnterprisesFile, Specialties: SpecialtiesFile,
		Districts: DistrictsFile, Distances: DistancesFile, Bases: BasesFile, Cohorts: CohortsFile,
	}, c.Roster, specCalendar)
	if len(probs) > 0 {
		t.Fatalf("loader problems:\n%v", probs)
	}
	if !reflect.DeepEqual(bases, c.Bases) || !reflect.DeepEqual(cohorts, c.Cohorts) {
		t.Errorf("bases or cohorts read back differ")
	}
}

// TestTrainingIsRealistic checks the shape ISSUE 3 asks for and that the
// default city can be scheduled whole.
func TestTrainingIsRealistic(t *testing.T) {
	c := generate(t, Options{})
	groups := map[string]int{}
	closed := 0
	for _, b := range c.Bases {
		groups[b.Equipment]++
		if b.Stations < minStations || b.Stations > maxStations {
			t.Errorf("base %s has %d stations", b.ID, b.Stations)
		}
		if len(b.OpenPeriods) < 3 {
			closed++
		}
	}
	for _, s := range c.Roster.Specialties {
		if groups[s.Group] == 0 {
			t.Errorf("no base for equipment %s", s.Group)
		}
	}
	if closed == 0 || closed == len(c.Bases) {
		t.Errorf("%d of %d bases closed in the evening; want some", closed, len(c.Bases))
	}
	var students, employees int
	for _, k := range c.Cohorts {
		switch k.Kind {
		case model.CohortStudents:
			students++
			if k.Periods[len(k.Periods)-1] == "eve" || k.Days[len(k.Days)-1] == "sat" {
				t.Errorf("student cohort %s trains at %v %v", k.ID, k.Days, k.Periods)
			}
		case model.CohortEmployees:
			employees++
			if !reflect.DeepEqual(k.Days, []string{"sat"}) && !reflect.DeepEqual(k.Periods, []string{"eve"}) {
				t.Errorf("employee cohort %s trains at %v %v", k.ID, k.Days, k.Periods)
			}
		}
	}
	if students < 100 || employees < 20 {
		t.Errorf("%d student and %d employee cohorts", students, employees)
	}
	res, err := schedule.Solve(context.Background(), c.Bases, c.Cohorts, model.NewDistanceTable(c.Roster), specCalendar,
		model.Training{MaxSessionsPerDay: 1, MaxSessionsPerWeek: 2}, c.Weights, schedule.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Unscheduled) > 0 || res.Gap > 0.02 {
		t.Errorf("default city: %d shortfall rows, P %d, bound %d, gap %.4f", len(res.Unscheduled), res.P, res.Bound, res.Gap)
	}
	t.Logf("default city: %d bases, %d cohorts, %d sessions: P %d, bound %d, gap %.4f", len(c.Bases), len(c.Cohorts),
		res.Stats.Sessions, res.P, res.Bound, res.Gap)
}
