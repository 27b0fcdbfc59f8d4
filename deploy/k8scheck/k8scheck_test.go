// Package k8scheck validates the Kubernetes manifests of package deploy
// offline, by reading them strictly into the official Kubernetes API types
// (k8s.io/api). It is a module of its own so that the main module does not
// depend on k8s.io/api and its dependencies for one test; .ci/run runs it.
package k8scheck

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"

	"placement/deploy"
	"placement/output"
)

func render(t *testing.T, shards int) map[string][]byte {
	t.Helper()
	files, err := deploy.Kubernetes(deploy.Job{
		Name: "city-quota", Shards: shards, Variants: 12,
		Args: []string{"--scenario", "city/scenario.yaml", "--set", "policy.quota_rate=0.01,0.02,0.03",
			"--set", `name=a "b" $(HOME)`, "--keep"},
		Env:     []string{"PLACEMENT_WEIGHTS_PER_KM=3"},
		Results: "runs/q1", CPUs: 2, MemMiB: 4096, Wall: 2 * time.Hour,
		Binary: "/placement", Image: "registry.example/placement:1", Claim: "placement-data", Storage: "10Gi", MountPath: "/data",
	})
	if err != nil {
		t.Fatal(err)
	}
	return byName(files)
}

func byName(files []output.File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Name] = f.Data
	}
	return m
}

// strict reads a manifest into v, refusing unknown or misplaced fields.
func strict(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	if err := yaml.UnmarshalStrict(data, v); err != nil {
		t.Fatalf("%s is not a valid object: %v\n%s", name, err, data)
	}
}

func TestShardsAreAnIndexedJob(t *testing.T) {
	for _, n := range []int{1, 4, 12} {
		files := render(t, n)
		var job batchv1.Job
		strict(t, deploy.KubeShards, files[deploy.KubeShards], &job)
		s := job.Spec
		if job.APIVersion != "batch/v1" || job.Kind != "Job" || job.Name != "city-quota-shards" {
			t.Errorf("N=%d: %s %s %q", n, job.APIVersion, job.Kind, job.Name)
		}
		if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion {
			t.Errorf("N=%d: completionMode %v, want Indexed", n, s.CompletionMode)
		}
		if s.Completions == nil || *s.Completions != int32(n) || s.Parallelism == nil || *s.Parallelism != int32(n) {
			t.Errorf("N=%d: completions %v, parallelism %v; want %d", n, s.Completions, s.Parallelism, n)
		}
		if s.BackoffLimitPerIndex == nil || *s.BackoffLimitPerIndex < 1 {
			t.Errorf("N=%d: no retries per index", n)
		}
		pod := s.Template.Spec
		if pod.RestartPolicy != corev1.RestartPolicyNever || len(pod.Containers) != 1 {
			t.Fatalf("N=%d: restartPolicy %q, %d containers", n, pod.RestartPolicy, len(pod.Containers))
		}
		c := pod.Containers[0]
		if c.Image != "registry.example/placement:1" || !slices.Equal(c.Command, []string{"/placement"}) || c.WorkingDir != "/data" {
			t.Errorf("N=%d: image %q, command %q, workingDir %q", n, c.Image, c.Command, c.WorkingDir)
		}

		// JOB_COMPLETION_INDEX comes from the pod's index annotation and
		// reaches --shard and --out.
		var index *corev1.EnvVar
		for i := range c.Env {
			if c.Env[i].Name == "JOB_COMPLETION_INDEX" {
				index = &c.Env[i]
			}
		}
		if index == nil || index.ValueFrom == nil || index.ValueFrom.FieldRef == nil ||
			index.ValueFrom.FieldRef.FieldPath != "metadata.annotations['batch.kubernetes.io/job-completion-index']" {
			t.Errorf("N=%d: JOB_COMPLETION_INDEX is not the completion index: %+v", n, index)
		}
		args := strings.Join(c.Args, "\x00")
		for _, want := range []string{
			"whatif\x00--scenario\x00city/scenario.yaml\x00--set\x00policy.quota_rate=0.01,0.02,0.03",
			`name=a "b" $$(HOME)`, // $$: Kubernetes must not expand it
			"--shard\x00$(JOB_COMPLETION_INDEX)/" + strconv.Itoa(n),
			"--out\x00runs/q1/shards/$(JOB_COMPLETION_INDEX)",
		} {
			if !strings.Contains(args, want) {
				t.Errorf("N=%d: args %q lack %q", n, c.Args, want)
			}
		}
		if !slices.ContainsFunc(c.Env, func(e corev1.EnvVar) bool { return e.Name == "PLACEMENT_WEIGHTS_PER_KM" && e.Value == "3" }) {
			t.Errorf("N=%d: the PLACEMENT_ variable is not passed: %+v", n, c.Env)
		}

		// The shared volume: the claim, mounted at the working directory.
		if len(pod.Volumes) != 1 || pod.Volumes[0].PersistentVolumeClaim == nil ||
			pod.Volumes[0].PersistentVolumeClaim.ClaimName != "placement-data" {
			t.Fatalf("N=%d: volumes %+v", n, pod.Volumes)
		}
		if len(c.VolumeMounts) != 1 || c.VolumeMounts[0].Name != pod.Volumes[0].Name || c.VolumeMounts[0].MountPath != "/data" {
			t.Errorf("N=%d: mounts %+v", n, c.VolumeMounts)
		}
		if c.Resources.Requests.Cpu().String() != "2" || c.Resources.Requests.Memory().String() != "4Gi" {
			t.Errorf("N=%d: requests %v", n, c.Resources.Requests)
		}
	}
}

func TestMergeJobReadsEveryShard(t *testing.T) {
	files := render(t, 4)
	var job batchv1.Job
	strict(t, deploy.KubeMerge, files[deploy.KubeMerge], &job)
	if job.Spec.CompletionMode != nil && *job.Spec.CompletionMode == batchv1.IndexedCompletion {
		t.Error("the merge is an Indexed Job")
	}
	c := job.Spec.Template.Spec.Containers[0]
	want := []string{"whatif", "merge", "--out", "runs/q1/merged",
		"runs/q1/shards/0", "runs/q1/shards/1", "runs/q1/shards/2", "runs/q1/shards/3"}
	if !slices.Equal(c.Args, want) {
		t.Errorf("args %q, want %q", c.Args, want)
	}
	v := job.Spec.Template.Spec.Volumes
	if len(v) != 1 || v[0].PersistentVolumeClaim == nil || v[0].PersistentVolumeClaim.ClaimName != "placement-data" {
		t.Errorf("the merge does not mount the shards' volume: %+v", v)
	}
}

func TestVolumeIsReadWriteMany(t *testing.T) {
	files := render(t, 4)
	var pvc corev1.PersistentVolumeClaim
	strict(t, deploy.KubeVolume, files[deploy.KubeVolume], &pvc)
	if pvc.Kind != "PersistentVolumeClaim" || pvc.Name != "placement-data" ||
		!slices.Equal(pvc.Spec.AccessModes, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteMany}) {
		t.Errorf("claim %s %q, access modes %v", pvc.Kind, pvc.Name, pvc.Spec.AccessModes)
	}
	if got := pvc.Spec.Resources.Requests.Storage().String(); got != "10Gi" {
		t.Errorf("storage %s", got)
	}
}
