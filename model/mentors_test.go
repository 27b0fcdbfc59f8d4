package model

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const mentorsHeader = "mentor_id,name,role,org_id,specialties,capacity"

// validMentorsCSV has teachers on lines 2–3 and an expert on line 4.
const validMentorsCSV = mentorsHeader + `
T1,Zhao Lei,teacher,SC1,WELD;CNC,12
T2,Sun Li,Teacher,SC2, ELEC ,15
X1,Qian Gang,expert,E1,WELD,4
`

func loadMentorsFor(t *testing.T, csv string) ([]Mentor, Problems) {
	t.Helper()
	r, ps := LoadRoster(memOpener(validFiles()), testPaths, DefaultPolicy())
	if err := ps.Err(); err != nil {
		t.Fatalf("roster: %v", err)
	}
	return LoadMentors(memOpener(map[string]string{"mentors.csv": csv}), "mentors.csv", r)
}

func TestLoadMentorsReadsAValidFile(t *testing.T) {
	got, ps := loadMentorsFor(t, validMentorsCSV)
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	pos := func(line int) Pos { return Pos{File: "mentors.csv", Line: line} }
	want := []Mentor{
		{ID: "T1", Name: "Zhao Lei", Role: RoleTeacher, OrgID: "SC1", Specialties: []string{"WELD", "CNC"}, Capacity: 12, Pos: pos(2)},
		{ID: "T2", Name: "Sun Li", Role: RoleTeacher, OrgID: "SC2", Specialties: []string{"ELEC"}, Capacity: 15, Pos: pos(3)},
		{ID: "X1", Name: "Qian Gang", Role: RoleExpert, OrgID: "E1", Specialties: []string{"WELD"}, Capacity: 4, Pos: pos(4)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mentors (-want +got):\n%s", diff)
	}
}

func TestLoadMentorsLocatesEveryProblem(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []wantProblem
	}{
		{
			name: "a missing required column is named on the header line",
			csv:  "mentor_id,name,role,org_id,capacity\nT1,Zhao,teacher,SC1,3\n",
			want: []wantProblem{{"mentors.csv", 1, 0, `missing required column "specialties"`}},
		},
		{
			name: "a duplicate mentor id points at its first line",
			csv:  validMentorsCSV + "T1,Other,teacher,SC1,WELD,3\n",
			want: []wantProblem{{"mentors.csv", 5, 1, `duplicate mentor_id "T1" (first at line 2)`}},
		},
		{
			name: "an unknown role is named with the allowed ones",
			csv:  mentorsHeader + "\nT1,Zhao,coach,SC1,WELD,3\n",
			want: []wantProblem{{"mentors.csv", 2, 3, `role "coach" is not one of teacher, expert`}},
		},
		{
			name: "a teacher of an enterprise is told to name a school",
			csv:  mentorsHeader + "\nT1,Zhao,teacher,E1,WELD,3\n",
			want: []wantProblem{{"mentors.csv", 2, 4, `org_id "E1" is an enterprise, but a teacher's org_id must be a school id`}},
		},
		{
			name: "an expert of a school is told to name an enterprise",
			csv:  mentorsHeader + "\nX1,Qian,expert,SC1,WELD,3\n",
			want: []wantProblem{{"mentors.csv", 2, 4, `org_id "SC1" is a school, but an expert's org_id must be an enterprise id`}},
		},
		{
			name: "an unknown org is not in the file of its role",
			csv:  mentorsHeader + "\nX1,Qian,expert,E9,WELD,3\nT1,Zhao,teacher,SC9,WELD,3\n",
			want: []wantProblem{
				{"mentors.csv", 2, 4, `org_id "E9" is not in enterprises.csv`},
				{"mentors.csv", 3, 4, `org_id "SC9" is not in schools.csv`},
			},
		},
		{
			name: "an unknown specialty and an empty list are errors",
			csv:  mentorsHeader + "\nT1,Zhao,teacher,SC1,WELD;PAINT,3\nT2,Sun,teacher,SC1, ; ,3\nT3,Li,teacher,SC1,,3\n",
			want: []wantProblem{
				{"mentors.csv", 2, 5, `specialties: specialty "PAINT" is not in specialties.csv`},
				{"mentors.csv", 3, 5, `specialties lists no specialty`},
				{"mentors.csv", 4, 5, `specialties is empty (the column is required)`},
			},
		},
		{
			name: "a capacity below one or not a number is an error",
			csv:  mentorsHeader + "\nT1,Zhao,teacher,SC1,WELD,0\nT2,Sun,teacher,SC1,WELD,-2\nT3,Li,teacher,SC1,WELD,many\n",
			want: []wantProblem{
				{"mentors.csv", 2, 6, `capacity "0" must be at least 1`},
				{"mentors.csv", 3, 6, `capacity "-2" must be at least 1`},
				{"mentors.csv", 4, 6, `capacity "many" is not a whole number`},
			},
		},
		{
			name: "columns in another order are located by the header",
			csv:  "capacity,specialties,org_id,role,mentor_id\n0,WELD,SC1,teacher,T1\n",
			want: []wantProblem{{"mentors.csv", 2, 1, `capacity "0" must be at least 1`}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := loadMentorsFor(t, tc.csv)
			checkProblems(t, ps, tc.want)
		})
	}
}

func TestLoadMentorsWarnsAboutARepeatedSpecialtyAndKeepsItOnce(t *testing.T) {
	got, ps := loadMentorsFor(t, mentorsHeader+"\nT1,Zhao,teacher,SC1,WELD;CNC;WELD,3\n")
	if err := ps.Err(); err != nil {
		t.Fatalf("errors: %v", err)
	}
	want := Problems{{File: "mentors.csv", Line: 2, Col: 5, Severity: Warning, Msg: `specialties: specialty "WELD" is listed twice; it counts once`}}
	if diff := cmp.Diff(want, ps.Warnings()); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"WELD", "CNC"}, got[0].Specialties); diff != "" {
		t.Errorf("specialties (-want +got):\n%s", diff)
	}
}

func TestLoadMentorsReportsAMissingFile(t *testing.T) {
	_, ps := loadMentorsFor(t, "")
	if err := ps.Err(); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("err = %v, want the file is empty", err)
	}
	r := &Roster{}
	_, ps = LoadMentors(memOpener(nil), "mentors.csv", r)
	checkProblems(t, ps, []wantProblem{{"mentors.csv", 0, 0, "file not found"}})
}
