package whatif

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/plan"
)

func TestParseShard(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want Shard
		err  string
	}{
		{in: "0/1", want: Shard{0, 1}},
		{in: "3/8", want: Shard{3, 8}},
		{in: " 11 / 12 ", want: Shard{11, 12}},
		{in: "8/8", err: "K must be 0 … 7"},
		{in: "-1/4", err: "K must be 0 … 3"},
		{in: "0/0", err: "N must be at least 1"},
		{in: "1/1001", err: "N must be at most 1000"},
		{in: "3", err: "expected K/N"},
		{in: "a/4", err: "expected K/N"},
		{in: "", err: "expected K/N"},
	} {
		got, err := ParseShard(tc.in)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("ParseShard(%q): %v", tc.in, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ParseShard(%q) = %v, %v; want an error with %q", tc.in, got, err, tc.err)
		case tc.err == "" && got != tc.want:
			t.Errorf("ParseShard(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// The shards of any N hold every variant exactly once, K counting the
// index (number − 1) modulo N.
func TestShardsPartitionTheGrid(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 3, 5, 12, 13} {
		seen := map[int]int{}
		for k := range n {
			for _, v := range (Shard{k, n}).Numbers(12) {
				seen[v]++
				if (v-1)%n != k {
					t.Errorf("N=%d: variant %d in shard %d", n, v, k)
				}
			}
		}
		for v := 1; v <= 12; v++ {
			if seen[v] != 1 {
				t.Errorf("N=%d: variant %d in %d shards", n, v, seen[v])
			}
		}
	}
	if got := (Shard{1, 4}).Numbers(12); !cmp.Equal(got, []int{2, 6, 10}) {
		t.Errorf("shard 1/4 of 12 = %v, want [2 6 10]", got)
	}
}

// twelve is a 12-variant grid over the tiny all-stage scenario.
func twelve(t *testing.T) Options {
	return Options{
		Base: plan.Source{Path: tiny},
		Axes: axes(t, "policy.max_commute_km=0,10,20", "weights.quota_bonus=0,500", "weights.per_km=0,3"),
		Jobs: 2, Keep: true,
	}
}

var reportOptions = WriteOptions{Scenario: tiny, Command: "placement whatif --set …"}

// runShard runs shard k/n of o and writes it into dir, as
// `placement whatif --shard k/n` does.
func runShard(t *testing.T, o Options, wo WriteOptions, sh Shard, dir string) {
	t.Helper()
	ctx := context.Background()
	o.Shard = sh
	res, ps, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err, ps)
	}
	key, ps, err := Key(ctx, o, wo)
	if err != nil {
		t.Fatal(err, ps)
	}
	if err := WriteShard(ctx, dir, key, sh, o.Axes, res); err != nil {
		t.Fatal(err)
	}
}

// readTree is every file under dir by relative path, without the wall
// times (whatif_timings.csv), the one file that differs between runs.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == TimingsFile {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Merging the shards of any N gives the files of the unsharded run byte
// for byte: whatif.csv, the chart and the report for N = 1, 2, 3, 5 and 12,
// and every kept plan too for N = 3 (kept plans are written twice a shard
// run, so one N carries them; --excel with shards and kept plans is the
// CLI's test, TestWhatifShardsMergeToTheUnshardedRun in cmd/placement).
func TestMergedShardsAreTheUnshardedRun(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, keep := range []bool{false, true} {
		o := twelve(t)
		o.Keep = keep
		wo := reportOptions
		whole := t.TempDir()
		res, ps, err := Run(ctx, o)
		if err != nil {
			t.Fatal(err, ps)
		}
		if _, err := Write(ctx, whole, o.Axes, res, wo); err != nil {
			t.Fatal(err)
		}
		want := readTree(t, whole)
		_, kept := want["01_policy.max_commute_km-0_weights.quota_bonus-0_weights.per_km-0/summary.json"]
		if kept != keep {
			t.Fatalf("keep %v: a kept plan in the unsharded run: %v (%v)", keep, kept, keys(want))
		}
		ns := []int{1, 2, 3, 5, 12}
		if keep {
			ns = []int{3}
		}
		for _, n := range ns {
			t.Run(fmt.Sprintf("keep=%v/N=%d", keep, n), func(t *testing.T) {
				t.Parallel() // the time goes to the file system, not to the CPU
				shards := t.TempDir()
				var dirs []string
				for k := range n {
					dir := filepath.Join(shards, fmt.Sprint(k))
					runShard(t, o, wo, Shard{k, n}, dir)
					dirs = append(dirs, dir)
				}
				merged := t.TempDir()
				mg, names, err := Merge(ctx, merged, dirs)
				if err != nil {
					t.Fatal(err)
				}
				if mg.Shards != n || len(mg.Results) != 12 || len(names) != 4 {
					t.Errorf("merged %d shards, %d results, files %v", mg.Shards, len(mg.Results), names)
				}
				got := readTree(t, merged)
				if diff := cmp.Diff(keys(want), keys(got)); diff != "" {
					t.Fatalf("files (-unsharded +merged):\n%s", diff)
				}
				for name, w := range want {
					if !bytes.Equal(w, got[name]) {
						t.Errorf("%s differs from the unsharded run's", name)
					}
				}
				// The timings are there, one row a variant.
				tm, err := os.ReadFile(filepath.Join(merged, TimingsFile))
				if err != nil || bytes.Count(tm, []byte("\n")) != 13 {
					t.Errorf("%s: %d lines, %v", TimingsFile, bytes.Count(tm, []byte("\n")), err)
				}
			})
		}
	}
}

func keys(m map[string][]byte) []string { return slices.Sorted(maps.Keys(m)) }

// Merge refuses shards that do not make one grid, names what is wrong, and
// writes nothing; running a failed shard again makes it whole.
func TestMergeRefusesAnIncompleteGrid(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	o := twelve(t)
	o.Keep = false
	shards := t.TempDir()
	dir := func(k int) string { return filepath.Join(shards, fmt.Sprint(k)) }
	for k := range 4 {
		if k != 2 {
			runShard(t, o, reportOptions, Shard{k, 4}, dir(k))
		}
	}
	// Shard 2 "failed": its directory exists (the scheduler made it) but
	// holds no manifest.
	if err := os.MkdirAll(dir(2), 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "merged")
	expectRefusal := func(t *testing.T, dirs []string, wants ...string) {
		t.Helper()
		_, _, err := Merge(ctx, out, dirs)
		if !errors.Is(err, ErrShards) {
			t.Fatalf("err = %v, want ErrShards", err)
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("the error does not say %q:\n%v", w, err)
			}
		}
		if _, serr := os.Stat(out); !errors.Is(serr, os.ErrNotExist) {
			t.Errorf("merge wrote %s though it refused", out)
		}
	}

	t.Run("a shard failed", func(t *testing.T) {
		expectRefusal(t, []string{dir(0), dir(1), dir(2), dir(3)},
			"missing shards: 2/4 (variants 3, 7, 11)", dir(2)+": no shard.json")
	})
	t.Run("a shard not given", func(t *testing.T) {
		expectRefusal(t, []string{dir(0), dir(3)}, "missing shards: 1/4 (variants 2, 6, 10), 2/4 (variants 3, 7, 11)")
	})
	t.Run("a shard given twice", func(t *testing.T) {
		expectRefusal(t, []string{dir(0), dir(1), dir(1), dir(3)}, "shard 1/4 is given twice")
	})
	t.Run("a shard of another split", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "x")
		runShard(t, o, reportOptions, Shard{2, 3}, other)
		expectRefusal(t, []string{dir(0), dir(1), other, dir(3)}, "the grid was split in two ways")
	})
	t.Run("a shard of another city", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "x")
		oe := o
		oe.Base.Env = []string{"PLACEMENT_WEIGHTS_PLACEMENT=999"} // the same flags, another base
		runShard(t, oe, reportOptions, Shard{2, 4}, other)
		expectRefusal(t, []string{dir(0), dir(1), other, dir(3)}, "another grid", "base scenario digest")
	})
	t.Run("a manifest that is not one", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad")
		if err := os.MkdirAll(bad, 0o755); err != nil {
			t.Fatal(err)
		}
		manifest := `{"format":"` + ShardFormat + `","shard":{"k":0,"n":1000000}}`
		if err := os.WriteFile(filepath.Join(bad, ShardFile), []byte(manifest), 0o644); err != nil {
			t.Fatal(err)
		}
		expectRefusal(t, []string{dir(0), bad}, bad+": shard.json names shard 0/1000000")
	})
	t.Run("the output is a shard", func(t *testing.T) {
		all := []string{dir(0), dir(1), dir(2), dir(3)}
		runShard(t, o, reportOptions, Shard{2, 4}, dir(2))
		defer os.RemoveAll(filepath.Join(dir(2), ShardFile)) // shard 2 "failed" again for the next cases
		_, _, err := Merge(ctx, dir(1), all)
		if !errors.Is(err, ErrShards) || !strings.Contains(err.Error(), "is the shard directory") {
			t.Errorf("merging into shard 1: %v", err)
		}
	})
	t.Run("a shard of other --set flags", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "x")
		oa := o
		oa.Axes = axes(t, "policy.max_commute_km=0,10,30", "weights.quota_bonus=0,500", "weights.per_km=0,3")
		runShard(t, oa, reportOptions, Shard{2, 4}, other)
		expectRefusal(t, []string{dir(0), dir(1), other, dir(3)}, "another grid", "--set flags")
	})

	// The scheduler retries shard 2, twice: the merge then succeeds, and is
	// the unsharded run.
	runShard(t, o, reportOptions, Shard{2, 4}, dir(2))
	runShard(t, o, reportOptions, Shard{2, 4}, dir(2))
	if _, _, err := Merge(ctx, out, []string{dir(3), dir(2), dir(1), dir(0)}); err != nil {
		t.Fatal(err)
	}
	whole := t.TempDir()
	res, ps, err := Run(ctx, o)
	if err != nil {
		t.Fatal(err, ps)
	}
	if _, err := Write(ctx, whole, o.Axes, res, reportOptions); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(readTree(t, whole), readTree(t, out)); diff != "" {
		t.Errorf("retried and merged vs unsharded (-want +got):\n%s", diff)
	}
}

// Check loads the whole grid whatever the shard, and finds a bad value
// that only one shard would meet.
func TestCheckLoadsEveryVariant(t *testing.T) {
	t.Parallel()
	o := Options{Base: plan.Source{Path: tiny}, Axes: axes(t, "policy.max_commute_km=0,10,-5,20"), Shard: Shard{0, 4}}
	n, ps, err := Check(context.Background(), o)
	if !errors.Is(err, ErrInput) || n != 0 || len(ps.Errors()) != 1 {
		t.Errorf("Check = %d, %v, %v; want ErrInput and one problem", n, ps, err)
	}
	o.Axes = axes(t, "policy.max_commute_km=0,10,20")
	if n, ps, err := Check(context.Background(), o); err != nil || n != 3 {
		t.Errorf("Check = %d, %v, %v; want 3 variants", n, ps, err)
	}
}
