package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/model"
	"placement/scenarios"
	"placement/solver/assign"
)

// handMade is a plan small enough to sum by hand: three students, two
// enterprises; s1 (order class of e1) placed at e1 exactly, s2 (order
// class of e1) placed at e2 by relation, s3 unassigned.
func handMade() (*scenarios.Scenario, *assign.Result) {
	r := &model.Roster{
		Students: []model.Student{
			{ID: "s1", SchoolID: "sch", Specialty: "cnc", OrderEnterpriseID: "e1"},
			{ID: "s2", SchoolID: "sch", Specialty: "weld", OrderEnterpriseID: "e1"},
			{ID: "s3", SchoolID: "sch", Specialty: "cnc"},
		},
		Enterprises: []model.Enterprise{
			{ID: "e1", Name: "One, Ltd", AboveScale: true, Employees: 100},
			{ID: "e2", Name: "Two", Employees: 10},
		},
		Posts: []model.Post{{ID: "p1", EnterpriseID: "e1"}, {ID: "p2", EnterpriseID: "e2"}},
	}
	pol := model.DefaultPolicy()
	sc := &scenarios.Scenario{Config: &scenarios.Config{Name: "hand", Term: "t", Policy: pol}, Roster: r}
	res := &assign.Result{
		Z: 900, Bound: 900, Optimal: true,
		Assignments: []assign.Assignment{
			{Student: 0, Post: 0, Enterprise: 0, Specialty: model.MatchExact, PrefRank: 1, Km: 3, Value: 500},
			{Student: 1, Post: 1, Enterprise: 1, Specialty: model.MatchRelated, Pinned: true, Km: 7, Value: 400},
		},
		Unassigned: []assign.Unplaced{{Student: 2, Reason: assign.ReasonCapacity}},
		Enterprises: []assign.EnterpriseOutcome{
			{Enterprise: 0, Quota: 2, Offered: 1, Filled: 1, Shortfall: 1},
			{Enterprise: 1, Quota: 0, Offered: 1, Filled: 1, Compliant: true, SubsidyYuan: 300},
		},
		Stats: assign.Stats{Pinned: 1, StudentKinds: 3, PostKinds: 2, Nodes: 9, Arcs: 12, Pivots: 5},
	}
	return sc, res
}

func TestNewSummary(t *testing.T) {
	sc, res := handMade()
	want := &Summary{
		Scenario: "hand", Term: "t",
		Inputs: Inputs{Students: 3, Enterprises: 2, Posts: 2},
		Stages: Stages{Assignment: AssignmentStage{
			ObjectiveZ: 900, Bound: 900, Status: "optimal", Placed: 2, Unassigned: 1, Pinned: 1,
			StudentKinds: 3, PostKinds: 2, Nodes: 9, Arcs: 12, Pivots: 5,
		}},
		PlacementRate: 0.6667, ExactShare: 0.5, RelatedShare: 0.5,
		QuotaEnterprises: 1, CompliantEnterprises: 0, TotalShortfall: 1,
		OrderClassAtSponsor: 1,
		Subsidies:           Subsidies{InternshipYuan: 300, OrderClassYuan: 10000, TotalYuan: 10300},
	}
	if diff := cmp.Diff(want, NewSummary(sc, res)); diff != "" {
		t.Errorf("NewSummary (-want +got):\n%s", diff)
	}
}

// The summary reports the solver's status and gap (to 4 decimals); it
// does not recompute them.
func TestNewSummaryGapWhenNotProven(t *testing.T) {
	sc, res := handMade()
	res.Bound, res.Gap, res.Optimal = 1000, 0.100004, false
	a := NewSummary(sc, res).Stages.Assignment
	if a.Status != "feasible" || a.Gap != 0.1 {
		t.Errorf("status %q gap %v, want feasible 0.1", a.Status, a.Gap)
	}
}

func TestBuild(t *testing.T) {
	sc, res := handMade()
	files, sum, err := Build(sc, res)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		AssignmentsFile: "student_id,post_id,enterprise_id,school_id,specialty_match,preference_rank,km,value,student_name,school_name,enterprise_name,specialty,specialty_name\n" +
			"s1,p1,e1,sch,exact,1,3,500,,,\"One, Ltd\",cnc,\n" +
			"s2,p2,e2,sch,pinned,0,7,400,,,Two,weld,\n",
		UnassignedFile: "student_id,school_id,specialty,reason,student_name,school_name,specialty_name,threshold,best_post_id\n" +
			"s3,sch,cnc,capacity,,,,,\n",
		EnterprisesFile: "enterprise_id,name,above_scale,employees,quota,offered,filled,shortfall,compliant,subsidy_yuan\n" +
			"e1,\"One, Ltd\",true,100,2,1,1,1,false,0\n" +
			"e2,Two,false,10,0,1,1,0,true,300\n",
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	if diff := cmp.Diff([]string{AssignmentsFile, UnassignedFile, EnterprisesFile, SummaryFile}, names); diff != "" {
		t.Fatalf("file order (-want +got):\n%s", diff)
	}
	for i, f := range files[:3] {
		if diff := cmp.Diff(want[f.Name], string(f.Data)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", f.Name, diff)
		}
		h := sha256.Sum256(f.Data)
		if e := sum.Files[i]; e.Name != f.Name || e.SHA256 != hex.EncodeToString(h[:]) || e.Rows != f.Rows {
			t.Errorf("summary lists %+v for %s (%d rows)", e, f.Name, f.Rows)
		}
	}

	// summary.json is the indented Summary, keys in struct order.
	js := files[3].Data
	var back Summary
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(*sum, back); diff != "" {
		t.Errorf("summary.json round trip (-want +got):\n%s", diff)
	}
	if !bytes.HasPrefix(js, []byte("{\n  \"scenario\": \"hand\",\n  \"term\": \"t\",\n  \"inputs\": {")) || !bytes.HasSuffix(js, []byte("}\n")) {
		t.Errorf("summary.json is not laid out as expected:\n%s", js)
	}
}
