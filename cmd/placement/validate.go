package main

import (
	"fmt"
	"io"

	"github.com/spf13/pflag"
)

type validateOptions struct {
	scenario scenarioFlags
}

func validateCommand() (*pflag.FlagSet, runFunc) {
	o := &validateOptions{}
	fs := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	o.scenario.add(fs)
	return fs, o.run
}

// run loads the scenario and prints what is wrong with it: warnings and
// errors on stderr, one "file:line:col: message" a line; "ok: …" on stdout
// when there is no error.
func (o *validateOptions) run(env []string, stdout, stderr io.Writer) int {
	sc, ps := o.scenario.load(env)
	for _, p := range ps.Warnings() {
		fmt.Fprintln(stderr, p.String())
	}
	if errs := ps.Errors(); len(errs) > 0 {
		for _, p := range errs {
			fmt.Fprintln(stderr, p.String())
		}
		fmt.Fprintf(stderr, "%s: %s, %s\n", o.scenario.source(), plural(len(errs), "error"), plural(len(ps.Warnings()), "warning"))
		return exitInput
	}
	r := sc.Roster
	fmt.Fprintf(stdout, "ok: %s, %s, %s, %s, %s, %s, %s; %s (scenario %s, %s)\n",
		plural(len(r.Students), "student"), plural(len(r.Enterprises), "enterprise"),
		plural(len(r.Posts), "post"), plural(len(r.Schools), "school"),
		plural(len(r.Specialties), "specialty"), plural(len(r.Districts), "district"),
		plural(len(r.Pins), "pin"), plural(len(ps.Warnings()), "warning"),
		sc.Config.Name, o.scenario.source())
	return exitOK
}

// plural is "1 student", "2 students", "3 specialties".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	if noun == "specialty" {
		return fmt.Sprintf("%d specialties", n)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
