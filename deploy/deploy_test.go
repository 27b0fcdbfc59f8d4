package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"placement/output"
)

// tricky are arguments a shell or Kubernetes would change if they were
// not quoted.
var tricky = []string{
	"--scenario", "city dir/it's.yaml",
	"--set", "policy.quota_rate=0.01,0.02",
	"--set", `name=a "b";$HOME $(JOB) ` + "`x`",
	"--keep",
}

// stub writes a program that prints its arguments one a line, then the
// PLACEMENT_ variables it sees.
func stub(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "placement stub")
	script := "#!/bin/bash\nprintf '%s\\n' \"$@\"\nenv | grep '^PLACEMENT_' | sort\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func job(t *testing.T) Job {
	return Job{
		Name: "city-quota", Shards: 4, Variants: 12, Args: tricky,
		Env:     []string{"PLACEMENT_WEIGHTS_PER_KM=3", "PLACEMENT_NAME=it's $x"},
		Results: filepath.Join(t.TempDir(), "run $1 'x'"), CPUs: 3, MemMiB: 2048, Wall: 90 * time.Minute,
		Binary: stub(t), Image: "registry.example/placement:1", Claim: "data", Storage: "5Gi", MountPath: "/data",
	}
}

func write(t *testing.T, files []output.File) string {
	t.Helper()
	dir := t.TempDir()
	if err := output.WriteDir(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

func bash(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("bash", args...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// The array task runs shard $SLURM_ARRAY_TASK_ID/N with every argument and
// variable exactly as given, and the merge gets the N shard directories.
func TestSlurmScriptsPassTheQuestionUnchanged(t *testing.T) {
	t.Parallel()
	j := job(t)
	files, err := Slurm(j)
	if err != nil {
		t.Fatal(err)
	}
	dir := write(t, files)
	shards, _ := os.ReadFile(filepath.Join(dir, SlurmShards))
	for _, line := range []string{"#SBATCH --array=0-3\n", "#SBATCH --cpus-per-task=3\n", "#SBATCH --mem=2048M\n",
		"#SBATCH --time=1:30:00\n", "#SBATCH --requeue\n", "#SBATCH --job-name=city-quota-shards\n"} {
		if !strings.Contains(string(shards), line) {
			t.Errorf("%s has no line %q", SlurmShards, line)
		}
	}

	got := bash(t, []string{"SLURM_ARRAY_TASK_ID=2"}, filepath.Join(dir, SlurmShards))
	want := append(append([]string{"whatif"}, tricky...), "--jobs", "3", "--shard", "2/4", "--out", j.Results+"/shards/2",
		"PLACEMENT_NAME=it's $x", "PLACEMENT_WEIGHTS_PER_KM=3")
	if diff := cmp.Diff(want, strings.Split(strings.TrimSuffix(got, "\n"), "\n")); diff != "" {
		t.Errorf("the array task's command (-want +got):\n%s", diff)
	}

	got = bash(t, nil, filepath.Join(dir, SlurmMerge))
	want = []string{"whatif", "merge", "--out", j.Results + "/merged"}
	for k := range 4 {
		want = append(want, j.Results+"/shards/"+string(rune('0'+k)))
	}
	if diff := cmp.Diff(want, strings.Split(strings.TrimSuffix(got, "\n"), "\n")); diff != "" {
		t.Errorf("the merge's command (-want +got):\n%s", diff)
	}
}

// submit-slurm.sh submits the array, then the merge depending on it with
// afterok (sbatch stands in for Slurm here; deploy/slurm/test.sh runs the
// real one).
func TestSlurmSubmitMakesTheMergeWaitForTheArray(t *testing.T) {
	t.Parallel()
	j := job(t)
	files, err := Slurm(j)
	if err != nil {
		t.Fatal(err)
	}
	dir := write(t, files)
	bin := t.TempDir()
	log := filepath.Join(bin, "calls")
	fake := "#!/bin/bash\necho \"$*\" >> " + ShellQuote(log) + "\nif grep -q dependency <<<\"$*\"; then echo 42; else echo '41;cluster'; fi\n"
	if err := os.WriteFile(filepath.Join(bin, "sbatch"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(dir, SlurmSubmit))
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"PATH=" + bin + ":" + os.Getenv("PATH")}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	calls, _ := os.ReadFile(log)
	want := "--parsable --output=" + j.Results + "/logs/shard-%a.log " + dir + "/shards.sbatch\n" +
		"--parsable --dependency=afterok:41 --kill-on-invalid-dep=yes --output=" + j.Results + "/logs/merge.log " + dir + "/merge.sbatch\n"
	if string(calls) != want {
		t.Errorf("sbatch calls:\n%s\nwant:\n%s", calls, want)
	}
	if ids, _ := os.ReadFile(filepath.Join(j.Results, "slurm-jobs")); string(ids) != "41 42\n" {
		t.Errorf("slurm-jobs = %q", ids)
	}
	if fi, err := os.Stat(filepath.Join(j.Results, "logs")); err != nil || !fi.IsDir() {
		t.Errorf("no logs directory for the tasks' output: %v", err)
	}
}

func TestJobsAreChecked(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change func(*Job)
		want   string
	}{
		{"no shards", func(j *Job) { j.Shards = 0 }, "0 shards"},
		{"more shards than variants", func(j *Job) { j.Shards = 13 }, "13 shards for 12 variants"},
		{"a name Kubernetes refuses", func(j *Job) { j.Name = "City_Quota" }, `job name "City_Quota"`},
		{"no CPU", func(j *Job) { j.CPUs = 0 }, "0 CPUs"},
		{"a bad variable", func(j *Job) { j.Env = []string{"=x"} }, `"=x" is not KEY=value`},
		{"a wall time too short", func(j *Job) { j.Wall = time.Second }, "wall time 1s"},
	} {
		j := job(t)
		tc.change(&j)
		_, err := Slurm(j)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestSlurmTime(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		time.Minute: "0:01:00", 90*time.Second + time.Hour: "1:02:00", 49 * time.Hour: "2-01:00:00",
	} {
		if got := slurmTime(d); got != want {
			t.Errorf("slurmTime(%v) = %s, want %s", d, got, want)
		}
	}
}
