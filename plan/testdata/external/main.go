// Command officetool is a program outside the placement module that uses
// only its public packages: TestAProgramOutsideTheModule builds and runs it
// with a replace directive, as another team's tool would.
package main

import (
	"context"
	"fmt"
	"os"

	"placement/plan"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: officetool SCENARIO OUTDIR")
		os.Exit(2)
	}
	ctx := context.Background()
	sc, problems := plan.Load(ctx, plan.Source{Path: os.Args[1]})
	if err := problems.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	res, err := plan.Solve(ctx, sc, plan.Settings{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := plan.Write(ctx, os.Args[2], res, plan.WriteOptions{}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("placed %d of %d, Z = %d\n", len(res.Assign.Assignments), len(sc.Roster.Students), res.Assign.Z)
}
