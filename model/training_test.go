package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var testCalendar = Calendar{Weeks: 18, Days: []string{"mon", "tue", "wed", "thu", "fri", "sat"}, Periods: []string{"am", "pm", "eve"}}

const (
	basesHeader   = "base_id,name,district,equipment,stations,open_periods"
	cohortsHeader = "cohort_id,kind,owner_id,equipment,headcount,sessions,earliest_week,latest_week,district,days,periods"
)

// trainingFiles is validFiles plus bases.csv and cohorts.csv: bases on
// lines 2 and 3, cohorts on lines 2 and 3.
func trainingFiles() map[string]string {
	f := validFiles()
	f["bases.csv"] = basesHeader + `
B1,Zhangdian Metal Base,ZD,metal,30,am;pm
B2,Boshan Electric Base,BS,electric,20,
`
	f["cohorts.csv"] = cohortsHeader + `
C1,students,SC1,metal,25,4,1,8,ZC,mon;WED,
C2,employees,E2,electric,12,2,3,18,BS,sat,eve;am
`
	return f
}

var trainingPaths = func() DataPaths {
	p := testPaths
	p.Bases, p.Cohorts = "bases.csv", "cohorts.csv"
	return p
}()

func loadTraining(t *testing.T, files map[string]string) ([]Base, []Cohort, Problems) {
	t.Helper()
	open := memOpener(files)
	r, ps := LoadRoster(open, trainingPaths, DefaultPolicy())
	if ps.Err() != nil {
		t.Fatalf("roster: %v", ps.Err())
	}
	return LoadTraining(open, trainingPaths, r, testCalendar)
}

func TestLoadTrainingReadsBasesAndCohortsFillingCalendarDefaults(t *testing.T) {
	bases, cohorts, ps := loadTraining(t, trainingFiles())
	if ps.Err() != nil {
		t.Fatal(ps.Err())
	}
	wantBases := []Base{
		{ID: "B1", Name: "Zhangdian Metal Base", District: "ZD", Equipment: "metal", Stations: 30,
			OpenPeriods: []string{"am", "pm"}, Pos: Pos{"bases.csv", 2}},
		{ID: "B2", Name: "Boshan Electric Base", District: "BS", Equipment: "electric", Stations: 20,
			OpenPeriods: []string{"am", "pm", "eve"}, Pos: Pos{"bases.csv", 3}},
	}
	wantCohorts := []Cohort{
		{ID: "C1", Kind: CohortStudents, OwnerID: "SC1", Equipment: "metal", Headcount: 25, Sessions: 4,
			EarliestWeek: 1, LatestWeek: 8, District: "ZC", Days: []string{"mon", "wed"},
			Periods: []string{"am", "pm", "eve"}, Pos: Pos{"cohorts.csv", 2}},
		{ID: "C2", Kind: CohortEmployees, OwnerID: "E2", Equipment: "electric", Headcount: 12, Sessions: 2,
			EarliestWeek: 3, LatestWeek: 18, District: "BS", Days: []string{"sat"},
			Periods: []string{"am", "eve"}, Pos: Pos{"cohorts.csv", 3}},
	}
	if d := cmp.Diff(wantBases, bases); d != "" {
		t.Errorf("bases (-want +got):\n%s", d)
	}
	if d := cmp.Diff(wantCohorts, cohorts); d != "" {
		t.Errorf("cohorts (-want +got):\n%s", d)
	}
}

func TestLoadTrainingWarnsWhenCohortsHaveNoBases(t *testing.T) {
	files := trainingFiles()
	open := memOpener(files)
	r, _ := LoadRoster(open, trainingPaths, DefaultPolicy())
	p := trainingPaths
	p.Bases = ""
	_, cohorts, ps := LoadTraining(open, p, r, testCalendar)
	if ps.Err() != nil || len(cohorts) != 2 || len(ps.Warnings()) != 1 {
		t.Errorf("got %d cohorts, problems %v", len(cohorts), ps)
	}
}

func TestLoadTrainingWarnsWhenBasesHaveNoCohorts(t *testing.T) {
	files := trainingFiles()
	open := memOpener(files)
	r, _ := LoadRoster(open, trainingPaths, DefaultPolicy())
	p := trainingPaths
	p.Cohorts = ""
	bases, _, ps := LoadTraining(open, p, r, testCalendar)
	if ps.Err() != nil || len(bases) != 2 || len(ps.Warnings()) != 1 {
		t.Errorf("got %d bases, problems %v", len(bases), ps)
	}
}

func TestLoadTrainingReportsBadInput(t *testing.T) {
	tests := []struct {
		name string
		edit func(files map[string]string)
		want []wantProblem
	}{
		{"a missing required column is named",
			func(f map[string]string) {
				f["bases.csv"] = "base_id,district,equipment\nB1,ZD,metal\n"
			},
			[]wantProblem{{"bases.csv", 1, 0, `missing required column "stations"`}}},
		{"a duplicate base id points at the first",
			func(f map[string]string) { f["bases.csv"] += "B1,again,ZD,metal,5,\n" },
			[]wantProblem{{"bases.csv", 4, 1, `duplicate base_id "B1" (first at line 2)`}}},
		{"a duplicate cohort id points at the first",
			func(f map[string]string) { f["cohorts.csv"] += "C1,students,SC1,metal,5,1,1,2,ZD,,\n" },
			[]wantProblem{{"cohorts.csv", 4, 1, `duplicate cohort_id "C1" (first at line 2)`}}},
		{"an unknown kind",
			func(f map[string]string) { f["cohorts.csv"] += "C3,teachers,SC1,metal,5,1,1,2,ZD,,\n" },
			[]wantProblem{{"cohorts.csv", 4, 2, `kind "teachers" is not one of students, employees`}}},
		{"a students cohort owned by an enterprise",
			func(f map[string]string) { f["cohorts.csv"] += "C3,students,E1,metal,5,1,1,2,ZD,,\n" },
			[]wantProblem{{"cohorts.csv", 4, 3, `owner_id "E1" of a students cohort is not a school`}}},
		{"an employees cohort owned by a school",
			func(f map[string]string) { f["cohorts.csv"] += "C3,employees,SC1,metal,5,1,1,2,ZD,,\n" },
			[]wantProblem{{"cohorts.csv", 4, 3, `owner_id "SC1" of an employees cohort is not an enterprise`}}},
		{"equipment that is not a specialty group",
			func(f map[string]string) {
				f["bases.csv"] += "B3,x,ZD,WELD,5,\n"
				f["cohorts.csv"] += "C3,students,SC1,wood,5,1,1,2,ZD,,\n"
			},
			[]wantProblem{
				{"bases.csv", 4, 4, `equipment "WELD" is not a specialty group of specialties.csv`},
				{"cohorts.csv", 4, 4, `equipment "wood" is not a specialty group`},
			}},
		{"stations, headcount and sessions must be at least 1",
			func(f map[string]string) {
				f["bases.csv"] += "B3,x,ZD,metal,0,\n"
				f["cohorts.csv"] += "C3,students,SC1,metal,0,x,1,2,ZD,,\n"
			},
			[]wantProblem{
				{"bases.csv", 4, 5, `stations "0" must be at least 1`},
				{"cohorts.csv", 4, 5, `headcount "0" must be at least 1`},
				{"cohorts.csv", 4, 6, `sessions "x" is not a whole number`},
			}},
		{"weeks outside the calendar or out of order",
			func(f map[string]string) {
				f["cohorts.csv"] += "C3,students,SC1,metal,5,1,0,19,ZD,,\n"
				f["cohorts.csv"] += "C4,students,SC1,metal,5,1,9,3,ZD,,\n"
			},
			[]wantProblem{
				{"cohorts.csv", 4, 7, `earliest_week "0" must be at least 1`},
				{"cohorts.csv", 4, 8, `latest_week 19 is after the calendar's last week 18`},
				{"cohorts.csv", 5, 8, `latest_week 3 is before earliest_week 9`},
			}},
		{"unknown and repeated day and period names",
			func(f map[string]string) {
				f["bases.csv"] += "B3,x,ZD,metal,5,am;night\n"
				f["cohorts.csv"] += "C3,students,SC1,metal,5,1,1,2,ZD,mon;sun,pm;PM\n"
			},
			[]wantProblem{
				{"bases.csv", 4, 6, `open_periods: "night" is not a calendar period (am, pm, eve)`},
				{"cohorts.csv", 4, 10, `days: "sun" is not a calendar day`},
				{"cohorts.csv", 4, 11, `periods: "PM" is listed twice`},
			}},
		{"an unknown district",
			func(f map[string]string) {
				f["bases.csv"] += "B3,x,LZ,metal,5,\n"
				f["cohorts.csv"] += "C3,students,SC1,metal,5,1,1,2,HT,,\n"
			},
			[]wantProblem{
				{"bases.csv", 4, 3, `district "LZ" is not in districts.csv`},
				{"cohorts.csv", 4, 9, `district "HT" is not in districts.csv`},
			}},
		{"a cohort-base distance that is missing",
			func(f map[string]string) {
				f["distances.csv"] = "from,to,km\nZD,ZC,12\n"
				f["cohorts.csv"] += "C3,students,SC1,electric,5,1,1,2,ZD,,\n"
			},
			[]wantProblem{{"cohorts.csv", 4, 9, `no distance between districts "ZD" and "BS" in distances.csv (needed: cohort "C3" in "ZD" could train at base "B2" in "BS")`}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files := trainingFiles()
			tc.edit(files)
			open := memOpener(files)
			r, rps := LoadRoster(open, trainingPaths, DefaultPolicy())
			_, _, ps := LoadTraining(open, trainingPaths, r, testCalendar)
			if strings.Contains(tc.name, "distance") {
				rps = nil // the edited distances may trouble the roster too
			}
			checkProblems(t, append(rps.Errors(), ps.Errors()...), tc.want)
		})
	}
}
