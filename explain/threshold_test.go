package explain

import (
	"context"
	"testing"

	"placement/scenarios"
	"placement/solver/assign"
)

// Threshold remembers its answer by student kind: on the demo every
// unplaced student gets exactly assign.Duals.Threshold's answer, asked
// twice and from a fresh plan, and some kind has several unplaced
// students, so the remembered answers are used.
func TestThresholdByKindIsDualsThreshold(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sc, ps := scenarios.Demo(scenarios.Options{Set: []string{"data.bases=", "data.cohorts=", "data.mentors="}})
	if ps.Err() != nil {
		t.Fatal(ps.Err())
	}
	res, err := assign.Solve(ctx, sc.Roster, sc.Config.Policy, sc.Config.Weights, assign.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := FromResult(ctx, sc, res)
	if err != nil || p.duals == nil {
		t.Fatalf("no prices: %v %s", err, p.NoPrices)
	}
	perKind := map[int]int{}
	answered := 0
	for round := 0; round < 2; round++ {
		for _, u := range res.Unassigned {
			i := u.Student
			th, q, ok := p.Threshold(i)
			wth, wq, wok := p.duals.Threshold(i)
			if th != wth || q != wq || ok != wok {
				t.Fatalf("student %d, round %d: Threshold (%d, %d, %v), Duals.Threshold (%d, %d, %v)", i, round, th, q, ok, wth, wq, wok)
			}
			if round == 0 && ok {
				answered++
				perKind[p.duals.Kind(i)]++
			}
		}
	}
	shared := 0
	for _, n := range perKind {
		if n > 1 {
			shared += n
		}
	}
	if answered == 0 || shared == 0 {
		t.Fatalf("%d thresholds, %d of them in kinds with several unplaced students: the test checks nothing", answered, shared)
	}
	t.Logf("%d thresholds in %d kinds (%d in shared kinds)", answered, len(perKind), shared)
	for i := range res.Assignments[:10] {
		if _, _, ok := p.Threshold(res.Assignments[i].Student); ok {
			t.Errorf("placed student %d has a threshold", res.Assignments[i].Student)
		}
	}
}
