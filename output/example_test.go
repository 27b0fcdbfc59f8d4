package output_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"placement/output"
	"placement/plan"
	"placement/solver/assign"
)

// Build the stage-1 tables of a solved scenario in memory, then write them
// into a directory all or nothing.
func ExampleBuild() {
	ctx := context.Background()
	sc, problems := plan.Load(ctx, plan.Source{Path: "../plan/testdata/tiny/scenario.yaml"})
	if err := problems.Err(); err != nil {
		log.Fatal(err)
	}
	res, err := assign.Solve(ctx, sc.Roster, sc.Config.Policy, sc.Config.Weights, assign.Settings{})
	if err != nil {
		log.Fatal(err)
	}
	files, sum, err := output.Build(sc, res)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fmt.Printf("%s: %d rows\n", f.Name, f.Rows)
	}
	fmt.Printf("placement rate %.4f, subsidies %d yuan\n", sum.PlacementRate, sum.Subsidies.TotalYuan)
	os.Stdout.Write(files[0].Data)

	dir, err := os.MkdirTemp("", "output-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	if err := output.WriteDirContext(ctx, dir, files); err != nil {
		log.Fatal(err)
	}
	// Output:
	// assignments.csv: 2 rows
	// unassigned.csv: 1 rows
	// enterprises.csv: 1 rows
	// summary.json: 0 rows
	// placement rate 0.6667, subsidies 600 yuan
	// student_id,post_id,enterprise_id,school_id,specialty_match,preference_rank,km,value,student_name,school_name,enterprise_name,specialty,specialty_name
	// st1,p1,ent1,sch1,exact,1,12,418,Ann,First Technician College,Works,cnc,CNC Machining
	// st3,p1,ent1,sch1,related,1,12,278,Cai,First Technician College,Works,welding,Welding
}
