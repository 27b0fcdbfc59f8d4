package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func loadAssignmentsFor(t *testing.T, csv string) ([]Placed, Problems) {
	t.Helper()
	r, ps := LoadRoster(memOpener(validFiles()), testPaths, DefaultPolicy())
	if err := ps.Err(); err != nil {
		t.Fatalf("roster: %v", err)
	}
	return LoadAssignments(memOpener(map[string]string{"assignments.csv": csv}), "assignments.csv", r)
}

const assignmentsHeader = "student_id,post_id,enterprise_id,school_id,specialty_match,preference_rank,km,value"

func TestLoadAssignmentsReadsWhatStage1Writes(t *testing.T) {
	got, ps := loadAssignmentsFor(t, assignmentsHeader+"\nS1,P1,E1,SC1,exact,1,0,430\nS3,P3,E2,SC2,pinned,1,0,500\n")
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	want := []Placed{
		{Student: 0, Post: 0, Enterprise: 0, Pos: Pos{File: "assignments.csv", Line: 2}},
		{Student: 2, Post: 2, Enterprise: 1, Pos: Pos{File: "assignments.csv", Line: 3}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// The name columns stage 1 writes after the ids are known (no "unknown
// column" warnings) and ignored: a name that disagrees with the roster
// changes nothing.
func TestLoadAssignmentsKnowsTheNameColumns(t *testing.T) {
	csv := assignmentsHeader + ",student_name,school_name,enterprise_name,specialty,specialty_name\n" +
		"S1,P1,E1,SC1,exact,1,0,430,Someone Else,Any School,\"Any, Ltd\",cnc,CNC\n"
	got, ps := loadAssignmentsFor(t, csv)
	if len(ps) != 0 {
		t.Fatalf("problems:\n%v", ps.Error())
	}
	want := []Placed{{Student: 0, Post: 0, Enterprise: 0, Pos: Pos{File: "assignments.csv", Line: 2}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestLoadAssignmentsLocatesEveryProblemOfAnEditedFile(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []wantProblem
	}{
		{
			name: "an unknown student and an unknown post",
			csv:  "student_id,post_id\nS9,P1\nS1,P9\n",
			want: []wantProblem{
				{"assignments.csv", 2, 1, `student_id "S9" is not in students.csv`},
				{"assignments.csv", 3, 2, `post_id "P9" is not in posts.csv`},
			},
		},
		{
			name: "a student listed twice points at the first row",
			csv:  "post_id,student_id\nP1,S1\nP3,S2\nP1,S1\n",
			want: []wantProblem{{"assignments.csv", 4, 2, `student "S1" is listed twice (first at line 2)`}},
		},
		{
			name: "a post over capacity is reported on the row that over-fills it",
			csv:  "student_id,post_id\nS1,P3\nS2,P3\nS3,P1\n",
			want: []wantProblem{{"assignments.csv", 3, 2, `post "P3" is over-filled: this is student 2 and its capacity is 1`}},
		},
		{
			name: "an enterprise that is not the post's",
			csv:  "student_id,post_id,enterprise_id\nS1,P1,E2\n",
			want: []wantProblem{{"assignments.csv", 2, 3, `enterprise_id "E2" is not the enterprise of post "P1" ("E1")`}},
		},
		{
			name: "a missing post column",
			csv:  "student_id,enterprise_id\nS1,E1\n",
			want: []wantProblem{{"assignments.csv", 1, 0, `missing required column "post_id"`}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ps := loadAssignmentsFor(t, tc.csv)
			checkProblems(t, ps, tc.want)
		})
	}
}

func TestLoadAssignmentsWarnsAboutAStaleSchool(t *testing.T) {
	_, ps := loadAssignmentsFor(t, "student_id,post_id,school_id\nS1,P1,SC2\n")
	if err := ps.Err(); err != nil {
		t.Fatal(err)
	}
	want := Problems{{File: "assignments.csv", Line: 2, Col: 3, Severity: Warning,
		Msg: `school_id "SC2" is not student "S1"'s school "SC1" (the column is ignored)`}}
	if diff := cmp.Diff(want, ps.Warnings()); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
