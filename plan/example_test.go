package plan_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"placement/plan"
)

// Load a scenario, solve every stage it has and write the plan directory.
func Example() {
	ctx := context.Background()
	sc, problems := plan.Load(ctx, plan.Source{Path: "testdata/tiny/scenario.yaml"})
	if err := problems.Err(); err != nil {
		log.Fatal(err) // each problem names file, line and column
	}
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "plan-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := plan.Write(ctx, filepath.Join(dir, "out"), res, plan.WriteOptions{}); err != nil {
		log.Fatal(err)
	}

	a := res.Assign
	fmt.Printf("stage 1: placed %d, unassigned %d, Z = %d (optimal: %v)\n",
		len(a.Assignments), len(a.Unassigned), a.Z, a.Optimal)
	fmt.Printf("stage 2: P = %d, bound %d\n", res.Schedule.P, res.Schedule.Bound)
	fmt.Printf("stage 3: M = %d, bound %d\n", res.Mentor.M, res.Mentor.Bound)
	for _, f := range res.Files {
		fmt.Println(f.Name)
	}
	// Output:
	// stage 1: placed 2, unassigned 1, Z = 1096 (optimal: true)
	// stage 2: P = 48, bound 48
	// stage 3: M = 50, bound 50
	// assignments.csv
	// unassigned.csv
	// enterprises.csv
	// fairness.csv
	// training_schedule.csv
	// training_unscheduled.csv
	// bases_utilization.csv
	// mentor_pairs.csv
	// mentor_load.csv
	// mentor_missing.csv
	// summary.json
}
