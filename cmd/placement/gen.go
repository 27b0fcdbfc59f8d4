package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/spf13/pflag"

	"placement/scenarios/gen"
)

type genOptions struct {
	out        string
	students   int
	enterprise int
	seed       int64
	posts      int
	prefs      float64
	orders     float64
	name       string
	xlsx       bool
	schools    int
}

func genCommand() (*pflag.FlagSet, runFunc) {
	o := &genOptions{}
	fs := pflag.NewFlagSet("gen", pflag.ContinueOnError)
	fs.StringVar(&o.out, "out", "", "scenario `dir`ectory to write (required; created if missing)")
	fs.IntVar(&o.students, "students", gen.DefaultStudents, "number of students")
	fs.IntVar(&o.enterprise, "enterprises", gen.DefaultEnterprises, "number of enterprises")
	fs.Int64Var(&o.seed, "seed", gen.DefaultSeed, "random seed; the same flags give byte-identical files")
	fs.IntVar(&o.posts, "posts", 0, "total number of posts (0: about 4 per enterprise)")
	fs.Float64Var(&o.prefs, "prefs", gen.DefaultPrefShare, "`share` of students who list preferred enterprises (0..1)")
	fs.Float64Var(&o.orders, "orders", gen.DefaultOrderShare, "`share` of students in order classes (0..1)")
	fs.StringVar(&o.name, "name", gen.DefaultName, "scenario name")
	fs.BoolVar(&o.xlsx, "xlsx", false, "also write every data file as an .xlsx workbook, and scenario-xlsx.yaml reading them")
	fs.IntVar(&o.schools, "schools", 0, "number of schools (0: the alliance's 15, or one per 1,500 students in larger cities)")
	return fs, o.run
}

// run generates the city and writes it; it prints the files written.
func (o *genOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	switch {
	case o.out == "":
		fmt.Fprintf(stderr, "placement gen: --out is required\n")
		return exitInput
	case o.prefs < 0 || o.prefs > 1:
		fmt.Fprintf(stderr, "placement gen: --prefs %v: want a share between 0 and 1\n", o.prefs)
		return exitInput
	case o.orders < 0 || o.orders > 1:
		fmt.Fprintf(stderr, "placement gen: --orders %v: want a share between 0 and 1\n", o.orders)
		return exitInput
	}
	city, err := gen.Generate(gen.Options{
		Students: o.students, Enterprises: o.enterprise, Seed: o.seed, Posts: o.posts,
		PrefShare: share(o.prefs), OrderShare: share(o.orders), Name: o.name, Schools: o.schools,
	})
	if err != nil {
		fmt.Fprintf(stderr, "placement gen: %v\n", err)
		if errors.Is(err, gen.ErrOptions) {
			return exitInput
		}
		return exitFailure
	}
	// A signal cancels ctx but does not stop the process: once begun, the
	// files are written to the end.
	if err := ctx.Err(); err != nil {
		fmt.Fprintf(stderr, "placement gen: %v; nothing written\n", err)
		return exitFailure
	}
	if err := city.WriteDir(o.out); err != nil {
		fmt.Fprintf(stderr, "placement gen: %v\n", err)
		return exitFailure
	}
	r := city.Roster
	for _, f := range []struct {
		name string
		rows int
	}{
		{gen.DistrictsFile, len(r.Districts)},
		{gen.DistancesFile, len(r.Distances)},
		{gen.SpecialtiesFile, len(r.Specialties)},
		{gen.SchoolsFile, len(r.Schools)},
		{gen.EnterprisesFile, len(r.Enterprises)},
		{gen.PostsFile, len(r.Posts)},
		{gen.StudentsFile, len(r.Students)},
		{gen.PinsFile, len(r.Pins)},
	} {
		fmt.Fprintf(stdout, "wrote %s (%s)\n", filepath.Join(o.out, f.name), plural(f.rows, "row"))
	}
	if o.xlsx {
		names, err := gen.WriteWorkbooks(o.out)
		if err != nil {
			fmt.Fprintf(stderr, "placement gen: %v\n", err)
			return exitFailure
		}
		for _, n := range names {
			fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(o.out, n))
		}
	}
	yaml := filepath.Join(o.out, gen.ScenarioFile)
	fmt.Fprintf(stdout, "wrote %s (scenario %s, term %s, seed %d)\n", yaml, city.Name, city.Term, city.Options.Seed)
	fmt.Fprintf(stdout, "solve it with: placement solve --scenario %s\n", yaml)
	return exitOK
}

// share maps a flag's share to gen's convention, where 0 means the default
// and a negative share means none: on the command line 0 means none.
func share(s float64) float64 {
	if s == 0 {
		return -1
	}
	return s
}
