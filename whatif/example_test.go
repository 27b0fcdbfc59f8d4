package whatif_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"

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

// Split a grid into two shards — on a cluster, two jobs on two machines —
// and put them back together.
func ExampleMerge() {
	ctx := context.Background()
	axis, err := whatif.ParseAxis("policy.max_commute_km=0,10,20", scenarios.IsListKey)
	if err != nil {
		log.Fatal(err)
	}
	tmp, err := os.MkdirTemp("", "shards")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	opts := whatif.Options{
		Base: plan.Source{Path: "../plan/testdata/tiny/scenario.yaml"},
		Axes: []whatif.Axis{axis},
	}
	report := whatif.WriteOptions{Scenario: "tiny", Command: "placement whatif --set policy.max_commute_km=0,10,20"}
	var dirs []string
	for k := range 2 {
		shard := whatif.Shard{K: k, N: 2}
		opts.Shard = shard
		results, problems, err := whatif.Run(ctx, opts)
		if err != nil {
			log.Fatal(err, problems)
		}
		key, problems, err := whatif.Key(ctx, opts, report)
		if err != nil {
			log.Fatal(err, problems)
		}
		dir := filepath.Join(tmp, fmt.Sprint(k))
		if err := whatif.WriteShard(ctx, dir, key, shard, opts.Axes, results); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("shard %s: variants %v\n", shard, shard.Numbers(key.Variants))
		dirs = append(dirs, dir)
	}
	merged, files, err := whatif.Merge(ctx, filepath.Join(tmp, "merged"), dirs)
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range merged.Results {
		fmt.Printf("%d %s: placed %d\n", r.Variant.Number, r.Variant.Label(merged.Axes), r.Row.Placed)
	}
	fmt.Println(files)
	// Output:
	// shard 0/2: variants [1 3]
	// shard 1/2: variants [2]
	// 1 policy.max_commute_km=0: placed 2
	// 2 policy.max_commute_km=10: placed 1
	// 3 policy.max_commute_km=20: placed 2
	// [whatif.svg whatif.md whatif_timings.csv whatif.csv]
}
