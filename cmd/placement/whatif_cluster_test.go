package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"placement/deploy"
	"placement/whatif"
)

// tinyPlanScenario is the smallest scenario with all three stages.
const tinyPlanScenario = "../../plan/testdata/tiny/scenario.yaml"

// tinyGrid is a 6-variant question over the tiny all-stage scenario.
var tinyGrid = []string{"--scenario", tinyPlanScenario,
	"--set", "policy.max_commute_km=0,10,20", "--set", "weights.quota_bonus=0,500", "--keep", "--excel"}

// withoutTimings drops whatif_timings.csv, the one file that differs
// between runs.
func withoutTimings(tree map[string]string) map[string]string {
	delete(tree, whatif.TimingsFile)
	return tree
}

// `whatif --shard` then `whatif merge` writes what the unsharded whatif
// writes, byte for byte, kept plans and --excel included; PLACEMENT_
// variables are part of the question.
func TestWhatifShardsMergeToTheUnshardedRun(t *testing.T) {
	t.Parallel()
	env := []string{"PLACEMENT_WEIGHTS_PER_KM=2"}
	root := t.TempDir()
	whole := filepath.Join(root, "whole")
	if code, _, stderr := placement(t, env, append([]string{"whatif", "--out", whole, "--log-format", "json"}, tinyGrid...)...); code != exitOK {
		t.Fatalf("whatif: exit %d\n%s", code, stderr)
	}
	var dirs []string
	for k := range 3 {
		dir := filepath.Join(root, "shards", fmt.Sprint(k))
		code, stdout, stderr := placement(t, env, append([]string{"whatif", "--shard", fmt.Sprintf("%d/3", k), "--out", dir, "--log-format", "json"}, tinyGrid...)...)
		if code != exitOK {
			t.Fatalf("shard %d: exit %d\n%s", k, code, stderr)
		}
		if !strings.Contains(stdout, fmt.Sprintf("wrote shard %d/3 (2 of 6 variants)", k)) {
			t.Errorf("shard %d says:\n%s", k, stdout)
		}
		dirs = append(dirs, dir)
	}

	// One shard missing: merge refuses, names it, writes nothing.
	merged := filepath.Join(root, "merged")
	code, _, stderr := placement(t, nil, "whatif", "merge", "--out", merged, "--log-format", "json", dirs[0], dirs[2])
	if code != exitInput || !strings.Contains(stderr, "missing shards: 1/3 (variants 2, 5)") {
		t.Errorf("merge without shard 1: exit %d, stderr:\n%s", code, stderr)
	}
	if _, err := os.Stat(merged); err == nil {
		t.Errorf("a refused merge wrote %s", merged)
	}

	code, stdout, stderr := placement(t, nil, append([]string{"whatif", "merge", "--out", merged, "--log-format", "json"}, dirs...)...)
	if code != exitOK {
		t.Fatalf("merge: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "merged 3 shards") {
		t.Errorf("merge says:\n%s", stdout)
	}
	want, got := withoutTimings(whatifTree(t, whole)), withoutTimings(whatifTree(t, merged))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged vs unsharded (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(got[whatif.CSVFile], "\uFEFF") || !strings.Contains(got[whatif.ReportFile], "PLACEMENT_WEIGHTS_PER_KM=2 placement whatif") {
		t.Errorf("the merged what-if lost --excel or the environment")
	}
}

func TestWhatifShardFlagIsChecked(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	for _, bad := range []string{"3/3", "1", "0/0"} {
		code, _, stderr := placement(t, nil, "whatif", "--scenario", tinyPlanScenario, "--shard", bad, "--out", out)
		if code != exitInput || !strings.Contains(stderr, "--shard") {
			t.Errorf("--shard %s: exit %d, stderr:\n%s", bad, code, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a bad --shard wrote %s", out)
	}
}

// whatif plan checks every variant, prints the grid's size and writes the
// job descriptions of both schedulers, carrying the question's flags.
func TestWhatifPlanWritesTheJobs(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "jobs")
	code, stdout, stderr := placement(t, []string{"PLACEMENT_WEIGHTS_PER_KM=2"},
		append([]string{"whatif", "plan", "--shards", "3", "--out", out, "--log-format", "json"}, tinyGrid...)...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "grid: 6 variants in 3 shards") {
		t.Errorf("stdout:\n%s", stdout)
	}
	tree := whatifTree(t, out)
	names := []string{deploy.SlurmShards, deploy.SlurmMerge, deploy.SlurmSubmit,
		deploy.KubeVolume, deploy.KubeShards, deploy.KubeMerge, deploy.KubeSubmit}
	if diff := cmp.Diff(sorted(names), sorted(keys(tree))); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	sbatch := tree[deploy.SlurmShards]
	for _, want := range []string{"#SBATCH --array=0-2", "export PLACEMENT_WEIGHTS_PER_KM=2",
		"--set policy.max_commute_km=0,10,20 --set weights.quota_bonus=0,500 --keep --excel",
		`--shard "${SLURM_ARRAY_TASK_ID}/3"`} {
		if !strings.Contains(sbatch, want) {
			t.Errorf("%s lacks %q:\n%s", deploy.SlurmShards, want, sbatch)
		}
	}
	for _, want := range []string{"completionMode: Indexed", "completions: 3", `"$(JOB_COMPLETION_INDEX)/3"`} {
		if !strings.Contains(tree[deploy.KubeShards], want) {
			t.Errorf("%s lacks %q", deploy.KubeShards, want)
		}
	}
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// A grid with a bad value, or more shards than variants, writes no job.
func TestWhatifPlanRefusesBeforeWritingJobs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"a bad value in one variant", []string{"--set", "policy.max_commute_km=0,-5"}, "policy.max_commute_km=0,-5"},
		{"more shards than variants", []string{"--set", "policy.max_commute_km=0,10", "--shards", "3"}, "3 shards for 2 variants"},
		{"an unknown scheduler", []string{"--scheduler", "pbs"}, "--scheduler must be"},
	} {
		out := filepath.Join(t.TempDir(), "jobs")
		code, _, stderr := placement(t, nil, append([]string{"whatif", "plan", "--scenario", tinyPlanScenario, "--out", out}, tc.args...)...)
		if code != exitInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stderr:\n%s", tc.name, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%s: wrote %s", tc.name, out)
		}
	}
}

func TestWhatifSubcommandUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help", "whatif", "merge"}, "placement whatif merge --out DIR SHARD_DIR..."},
		{[]string{"whatif", "merge", "--help"}, "placement whatif merge --out DIR SHARD_DIR..."},
		{[]string{"help", "whatif", "plan"}, "--scheduler"},
		{[]string{"help", "whatif"}, "--shard K/N"},
	} {
		code, stdout, _ := placement(t, nil, tc.args...)
		if code != exitOK || !strings.Contains(stdout, tc.want) {
			t.Errorf("%v: exit %d, want %q in\n%s", tc.args, code, tc.want, stdout)
		}
	}
	code, _, stderr := placement(t, nil, "whatif", "merge", "--out", t.TempDir())
	if code != exitInput || !strings.Contains(stderr, "no shard directories") {
		t.Errorf("merge without shards: exit %d\n%s", code, stderr)
	}
}
