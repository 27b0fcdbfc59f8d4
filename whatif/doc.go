// Package whatif is the arithmetic and the reporting of `placement whatif`:
// it expands --set flags into a grid of variants, turns each solved
// variant's summary into one row, and writes the rows as whatif.csv,
// whatif_timings.csv, a chart (whatif.svg, drawn with gonum/plot) and a
// short markdown report (whatif.md). It solves nothing and reads no
// file: cmd/placement loads and solves every variant through the same
// function as `placement solve` and hands the summaries here.
//
// # The --set grammar
//
// Each --set flag is one axis of the grid, "key=alternatives":
//
//   - a scalar key takes comma-separated alternatives:
//     policy.quota_rate=0.01,0.02,0.03 is three variants;
//   - a list key (weights.preference, calendar.days, calendar.periods)
//     takes bracketed alternatives separated by commas:
//     weights.preference=[30,20,10],[0,0,0] is two variants, while an
//     unbracketed list, weights.preference=30,20,10, is one (exactly what
//     `placement solve --set` means by it);
//   - any key takes ;-separated alternatives, for values that hold commas
//     themselves: weights.preference=30,20,10;0,0,0 is two variants,
//     name=north,east;west is the two names "north,east" and "west".
//
// A key given in no --set keeps its value from the scenario (or the
// PLACEMENT_ environment, as for solve). The grid is every combination,
// the first --set varying slowest: --set a=1,2 --set b=x,y gives the
// variants (1,x), (1,y), (2,x), (2,y), numbered 1 to 4 in that order.
// Every row, file and folder follows that order, whatever the number of
// parallel jobs.
//
// # Shards
//
// A grid too large for one machine is cut into N shards (Shard): shard K
// holds the variants whose index, number − 1, is K modulo N, numbered as
// in the whole grid. Run with Options.Shard solves one; WriteShard writes
// its rows and kept plans with a manifest (shard.json, written last) that
// names the grid by its GridKey — the base scenario's digest, the --set
// flags, the settings — and the shard. Merge checks that a set of shard
// directories is every shard of one grid exactly once, naming the missing
// ones, and writes what Write writes for the unsharded grid, byte for byte
// (the wall times aside). Package deploy writes the Slurm and Kubernetes
// jobs that run the shards.
//
// # Determinism
//
// whatif.csv, whatif.svg and whatif.md hold no wall time: the same
// scenario and flags give byte-identical files. Wall times go to the log
// and to whatif_timings.csv, the one file that differs from run to run.
package whatif
