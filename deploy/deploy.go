// Package deploy writes the job descriptions that run a sharded what-if
// (package whatif) on a cluster's own scheduler: a Slurm job array and a
// dependent merge job, or a Kubernetes Indexed Job, its shared volume and
// the merge Job. The templates are the files under templates/, embedded;
// README.md beside them says how to use what they make.
//
// Rendering is pure: Slurm and Kubernetes return the files in memory and
// the caller writes them (output.WriteDir). Every argument and variable
// is quoted for the shell (Slurm) or as a JSON string (YAML), so a --set
// value with spaces, quotes or $ reaches the program unchanged.
package deploy

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/template"
	"time"

	"placement/output"
)

//go:embed templates
var templates embed.FS

// Job describes the what-if to run.
type Job struct {
	Name     string   // prefix of the job names; a DNS label (lower case, digits, '-')
	Shards   int      // N: shard K solves the variants whose index is K mod N
	Variants int      // the size of the grid, for the comments
	Args     []string // the grid's flags for `placement whatif`, without --shard, --out and --jobs
	Env      []string // "KEY=value" variables every shard needs (the PLACEMENT_ ones)
	Results  string   // where the shards (Results/shards/K) and the merge (Results/merged) write
	CPUs     int      // cores per shard; also its --jobs
	MemMiB   int      // memory per shard, MiB
	Wall     time.Duration

	Binary    string // the program: a path on the Slurm nodes; in the image for Kubernetes
	Partition string // Slurm partition; "" is the cluster's default

	Image     string // Kubernetes: the container image
	Claim     string // Kubernetes: the ReadWriteMany PersistentVolumeClaim
	Storage   string // Kubernetes: its size, e.g. "10Gi"
	MountPath string // Kubernetes: where the volume is mounted, the working directory
}

// Names of the files Slurm and Kubernetes make.
const (
	SlurmShards  = "shards.sbatch"
	SlurmMerge   = "merge.sbatch"
	SlurmSubmit  = "submit-slurm.sh"
	KubeVolume   = "volume.yaml"
	KubeShards   = "shards.yaml"
	KubeMerge    = "merge.yaml"
	KubeSubmit   = "submit-kubernetes.sh"
	maxNameLabel = 63 - len("-shards") - 6 // a Job name plus the pod suffix must fit a label
)

func (j Job) check() error {
	var errs []error
	if j.Shards < 1 {
		errs = append(errs, fmt.Errorf("deploy: %d shards; want at least 1", j.Shards))
	}
	if j.Shards > j.Variants && j.Variants > 0 {
		errs = append(errs, fmt.Errorf("deploy: %d shards for %d variants; some would have nothing to do", j.Shards, j.Variants))
	}
	if j.Name == "" || len(j.Name) > maxNameLabel || strings.Trim(j.Name, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" ||
		strings.HasPrefix(j.Name, "-") || strings.HasSuffix(j.Name, "-") {
		errs = append(errs, fmt.Errorf("deploy: job name %q: want at most %d lower-case letters, digits and inner '-'", j.Name, maxNameLabel))
	}
	if j.CPUs < 1 {
		errs = append(errs, fmt.Errorf("deploy: %d CPUs a shard; want at least 1", j.CPUs))
	}
	if j.Results == "" || j.Binary == "" || j.MemMiB < 1 {
		errs = append(errs, errors.New("deploy: the results directory, the binary and the memory must be given"))
	}
	if j.Wall < time.Minute {
		errs = append(errs, fmt.Errorf("deploy: wall time %v; want at least a minute", j.Wall))
	}
	for _, kv := range j.Env {
		if k, _, ok := strings.Cut(kv, "="); !ok || k == "" {
			errs = append(errs, fmt.Errorf("deploy: environment entry %q is not KEY=value", kv))
		}
	}
	return errors.Join(errs...)
}

// view is what the templates see.
type view struct {
	Job
	LastShard int
	Time      string // Slurm's [D-]HH:MM:SS
	Wait      string // kubectl wait's timeout
	EnvPairs  []struct{ Name, Value string }
	ShardDirs []string
	// KubeShardOut is the pod's --out: Results/shards/$(JOB_COMPLETION_INDEX),
	// Results escaped and the index not, as a JSON string.
	KubeShardOut string
}

func (j Job) view() view {
	v := view{Job: j, LastShard: j.Shards - 1, Time: slurmTime(j.Wall), Wait: j.Wall.String()}
	for _, kv := range j.Env {
		k, val, _ := strings.Cut(kv, "=")
		v.EnvPairs = append(v.EnvPairs, struct{ Name, Value string }{k, val})
	}
	v.KubeShardOut, _ = jsonString(strings.ReplaceAll(j.Results, "$", "$$") + "/shards/$(JOB_COMPLETION_INDEX)")
	for k := range j.Shards {
		v.ShardDirs = append(v.ShardDirs, fmt.Sprintf("%s/shards/%d", j.Results, k))
	}
	return v
}

// slurmTime is d as Slurm's --time, whole minutes rounded up.
func slurmTime(d time.Duration) string {
	m := int((d + time.Minute - 1) / time.Minute)
	days, h, min := m/(24*60), m/60%24, m%60
	if days > 0 {
		return fmt.Sprintf("%d-%02d:%02d:00", days, h, min)
	}
	return fmt.Sprintf("%d:%02d:00", h, min)
}

var funcs = template.FuncMap{
	"sh":   ShellQuote,
	"json": jsonString,
	// kube is a string that Kubernetes passes on unchanged in a container's
	// command, args or env value: it expands $(VAR) there, and $$ is its $.
	"kube": func(s string) (string, error) { return jsonString(strings.ReplaceAll(s, "$", "$$")) },
}

// jsonString is s as a JSON string, which YAML reads as the same string.
func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

func render(j Job, names ...string) ([]output.File, error) {
	if err := j.check(); err != nil {
		return nil, err
	}
	v := j.view()
	var files []output.File
	for _, name := range names {
		t, err := template.New(name).Funcs(funcs).Option("missingkey=error").ParseFS(templates, "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("deploy: %w", err) // a bug in a template
		}
		var b bytes.Buffer
		if err := t.Execute(&b, v); err != nil {
			return nil, fmt.Errorf("deploy: %w", err)
		}
		files = append(files, output.File{Name: name, Data: b.Bytes()})
	}
	return files, nil
}

// Slurm is the job array of the shards (shards.sbatch: --array=0-(N−1),
// task K running shard K/N, requeued if its node fails), the merge job
// (merge.sbatch) and submit-slurm.sh, which submits the array and then the
// merge with --dependency=afterok on it.
func Slurm(j Job) ([]output.File, error) {
	return render(j, SlurmShards, SlurmMerge, SlurmSubmit)
}

// Kubernetes is the shared ReadWriteMany volume (volume.yaml), the
// shards as an Indexed Job (shards.yaml: completionMode Indexed,
// completions and parallelism N, JOB_COMPLETION_INDEX → --shard, each index
// retried twice), the merge Job (merge.yaml) and submit-kubernetes.sh,
// which applies them in turn, the merge once the shards are complete.
func Kubernetes(j Job) ([]output.File, error) {
	if j.Image == "" || j.Claim == "" || j.Storage == "" || j.MountPath == "" {
		return nil, errors.New("deploy: Kubernetes needs an image, a volume claim, its size and a mount path")
	}
	return render(j, KubeVolume, KubeShards, KubeMerge, KubeSubmit)
}

// ShellQuote quotes s for a POSIX shell when it needs it.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/=,:+@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
