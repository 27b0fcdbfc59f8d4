package scenarios

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLoadReadsMentorsWhenTheScenarioNamesThem(t *testing.T) {
	path := filepath.Join("testdata", "tiny", "scenario.yaml")
	sc, ps := Load(path, Options{Set: []string{"data.mentors=mentors.csv"}})
	if len(ps) > 0 || sc == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	var ids []string
	for _, m := range sc.Mentors {
		ids = append(ids, m.ID+"@"+m.OrgID)
	}
	if diff := cmp.Diff([]string{"t1@sch1", "x1@ent1"}, ids); diff != "" {
		t.Errorf("mentors (-want +got):\n%s", diff)
	}

	sc, ps = Load(path, Options{})
	if len(ps) > 0 || sc == nil {
		t.Fatalf("unexpected problems:\n%s", ps.Error())
	}
	if sc.Mentors != nil {
		t.Errorf("mentors %v without data.mentors, want none", sc.Mentors)
	}
}

func TestLoadReportsMentorProblemsAndReturnsNoScenario(t *testing.T) {
	root := writeFiles(t, map[string]string{
		"mentors.csv": "mentor_id,role,org_id,specialties,capacity\nt1,teacher,ent1,cnc,10\n",
	})
	tiny, err := filepath.Abs(filepath.Join("testdata", "tiny", "scenario.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	mentors := filepath.Join(root, "mentors.csv")
	sc, ps := Load(tiny, Options{Set: []string{"data.mentors=" + mentors}})
	if sc != nil {
		t.Errorf("got a scenario despite a bad mentors file")
	}
	errs := ps.Errors()
	if len(errs) != 1 || errs[0].File != mentors || errs[0].Line != 2 || errs[0].Col != 3 {
		t.Errorf("errors:\n%s\nwant one at %s:2:3", errs.Error(), mentors)
	}
}
