package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"placement/deploy"
	"placement/output"
	"placement/whatif"
)

// whatif merge: put the shards of a grid together.

type whatifMergeOptions struct {
	out  string
	dirs []string
	log  logFlags
}

func whatifMergeCommand() (*pflag.FlagSet, runFunc) {
	o := &whatifMergeOptions{}
	fs := pflag.NewFlagSet("whatif merge", pflag.ContinueOnError)
	fs.StringVar(&o.out, "out", "whatif-out", "output `dir`ectory: what the unsharded `placement whatif` would write there")
	o.log.add(fs)
	return fs, func(ctx context.Context, env []string, stdout, stderr io.Writer) int {
		o.dirs = fs.Args()
		return o.run(ctx, env, stdout, stderr)
	}
}

func (o *whatifMergeOptions) run(ctx context.Context, _ []string, stdout, stderr io.Writer) int {
	log, ok := newSyncLogger(&o.log, "whatif merge", stderr)
	if !ok {
		return exitInput
	}
	if code := checkOut(log, o.out); code != exitOK {
		return code
	}
	release, code := lockOut(log, o.out, nil)
	if code != exitOK {
		return code
	}
	defer release()
	start := time.Now()
	mg, names, err := whatif.Merge(ctx, o.out, o.dirs)
	switch {
	case errors.Is(err, whatif.ErrShards):
		log.Error().Err(err).Strs("shards", o.dirs).Msg("nothing merged")
		return exitInput
	case err != nil:
		return log.failed(err, "the what-if is not (completely) written")
	}
	log.Info().Str("stage", "merge").Str("dir", o.out).Strs("files", names).Int("shards", mg.Shards).
		Int("variants", len(mg.Results)).Float64("ms", ms(time.Since(start))).Msg("merged what-if")
	fmt.Fprint(stdout, whatif.Text(mg.Axes, mg.Results))
	fmt.Fprintf(stdout, "\nmerged %d shards: wrote %s, %s, %s and %s in %s\n", mg.Shards,
		whatif.CSVFile, whatif.SVGFile, whatif.ReportFile, whatif.TimingsFile, o.out)
	return exitOK
}

// whatif plan: check a grid and write the jobs that run it on a cluster.

type whatifPlanOptions struct {
	grid      gridFlags
	shards    int
	scheduler string
	out       string
	job       deploy.Job
	log       logFlags
}

func whatifPlanCommand() (*pflag.FlagSet, runFunc) {
	o := &whatifPlanOptions{}
	fs := pflag.NewFlagSet("whatif plan", pflag.ContinueOnError)
	o.grid.add(fs)
	j := &o.job
	fs.IntVar(&o.shards, "shards", 0, "`N`, the number of shards (array tasks, pods); 0: one a variant")
	fs.StringVar(&o.scheduler, "scheduler", "all", "job descriptions for `slurm`, kubernetes or all")
	fs.StringVar(&o.out, "out", "whatif-jobs", "`dir`ectory for the job descriptions")
	fs.StringVar(&j.Results, "results", "whatif-run",
		"`dir`ectory the jobs write: shards/K, merged/ and (Slurm) logs/; relative to where they run")
	fs.StringVar(&j.Name, "name", "placement-whatif", "job `name` prefix (lower-case letters, digits, -)")
	fs.IntVar(&j.CPUs, "cpus", 2, "cores a shard (its --jobs)")
	fs.IntVar(&j.MemMiB, "mem-mib", 4096, "memory a shard, MiB")
	fs.DurationVar(&j.Wall, "wall", 2*time.Hour, "wall-time limit of a shard and of the merge")
	fs.StringVar(&j.Binary, "binary", "placement", "the program as the jobs call it (Slurm: a path on the nodes; Kubernetes: in the image)")
	fs.StringVar(&j.Partition, "partition", "", "Slurm partition (default: the cluster's)")
	fs.StringVar(&j.Image, "image", "placement:latest", "Kubernetes: the container image (deploy/Dockerfile)")
	fs.StringVar(&j.Claim, "claim", "placement-data", "Kubernetes: the ReadWriteMany volume claim the pods share")
	fs.StringVar(&j.Storage, "storage", "10Gi", "Kubernetes: the volume's size")
	fs.StringVar(&j.MountPath, "mount", "/data", "Kubernetes: where the volume is mounted, the pods' working directory")
	o.log.add(fs)
	return fs, o.run
}

func (o *whatifPlanOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	log, ok := newSyncLogger(&o.log, "whatif plan", stderr)
	if !ok {
		return exitInput
	}
	var render []func(deploy.Job) ([]output.File, error)
	switch o.scheduler {
	case "slurm":
		render = append(render, deploy.Slurm)
	case "kubernetes":
		render = append(render, deploy.Kubernetes)
	case "all":
		render = append(render, deploy.Slurm, deploy.Kubernetes)
	default:
		log.Error().Str("scheduler", o.scheduler).Msg("--scheduler must be slurm, kubernetes or all; nothing written")
		return exitInput
	}
	if code := checkOut(log, o.out); code != exitOK {
		return code
	}
	opts := o.grid.options(env, 0, nil)
	axes, ps := o.grid.axes()
	if !log.problems(ps, opts.Base.String()) {
		return exitInput
	}
	opts.Axes = axes
	// Every variant is loaded here, so a bad value fails on the desk, not
	// in one task on the cluster.
	n, ps, err := whatif.Check(ctx, opts)
	if len(ps) > 0 && !log.problems(ps, opts.Base.String()) {
		return exitInput
	}
	if err != nil {
		if errors.Is(err, whatif.ErrInput) {
			log.Error().Err(err).Msg("the what-if has errors; nothing written")
			return exitInput
		}
		return log.failed(err, "nothing written")
	}
	j := o.job
	j.Shards, j.Variants = o.shards, n
	if j.Shards == 0 {
		j.Shards = n
	}
	j.Args, j.Env = o.grid.args(), placementEnv(env)
	var files []output.File
	for _, r := range render {
		fs, err := r(j)
		if err != nil {
			log.Error().Err(err).Msg("nothing written")
			return exitInput
		}
		files = append(files, fs...)
	}
	release, code := lockOut(log, o.out, nil)
	if code != exitOK {
		return code
	}
	defer release()
	if err := output.WriteDirContext(ctx, o.out, files); err != nil {
		log.Error().Err(err).Str("dir", o.out).Msg("writing the job descriptions failed")
		return exitFailure
	}
	fmt.Fprintf(stdout, "grid: %d variants in %d shards (shard K: the variants whose index is K mod %d)\n", n, j.Shards, j.Shards)
	for _, f := range files {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(o.out, f.Name))
	}
	switch o.scheduler {
	case "slurm":
		fmt.Fprintf(stdout, "submit: bash %s\n", filepath.Join(o.out, deploy.SlurmSubmit))
	case "kubernetes":
		fmt.Fprintf(stdout, "submit: bash %s\n", filepath.Join(o.out, deploy.KubeSubmit))
	default:
		fmt.Fprintf(stdout, "submit: bash %s (Slurm) or bash %s (Kubernetes)\n",
			filepath.Join(o.out, deploy.SlurmSubmit), filepath.Join(o.out, deploy.KubeSubmit))
	}
	return exitOK
}
