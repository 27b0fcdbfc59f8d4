package whatif_test

import (
	"context"
	"fmt"
	"log"

	"placement/plan"
	"placement/scenarios"
	"placement/whatif"
)

// Vary the commute limit of a scenario and compare the variants.
func ExampleRun() {
	axis, err := whatif.ParseAxis("policy.max_commute_km=0,10", scenarios.IsListKey)
	if err != nil {
		log.Fatal(err)
	}
	results, problems, err := whatif.Run(context.Background(), whatif.Options{
		Base: plan.Source{Path: "../plan/testdata/tiny/scenario.yaml"},
		Axes: []whatif.Axis{axis},
		Jobs: 2, // the results do not depend on it
	})
	if err != nil {
		log.Fatal(err, problems)
	}
	for _, r := range results {
		fmt.Printf("%s: placed %d of %d, Z = %d\n",
			r.Variant.Label([]whatif.Axis{axis}), r.Row.Placed, r.Row.Students, r.Row.Z)
	}
	// Output:
	// policy.max_commute_km=0: placed 2 of 3, Z = 1096
	// policy.max_commute_km=10: placed 1 of 3, Z = 460
}
