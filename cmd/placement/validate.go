package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"placement/plan"
)

type validateOptions struct {
	scenario scenarioFlags
	log      logFlags
}

func validateCommand() (*pflag.FlagSet, runFunc) {
	o := &validateOptions{log: logFlags{format: "text"}}
	fs := pflag.NewFlagSet("validate", pflag.ContinueOnError)
	o.scenario.add(fs)
	o.log.add(fs)
	o.log.format = "text"                     // add set the flag's default, auto
	fs.Lookup("log-format").DefValue = "text" // validate is read by people first
	return fs, o.run
}

// run loads the scenario and says what is wrong with it, the way solve
// does: warnings and errors on stderr (an error as "file:line:col: message"
// in text), "ok: …" on stdout when there is no error.
func (o *validateOptions) run(ctx context.Context, env []string, stdout, stderr io.Writer) int {
	if o.log.format == "" {
		o.log.format = "text"
	}
	log, err := o.log.newLogger(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "placement validate: %v\n", err)
		return exitInput
	}
	src := o.scenario.source(env)
	sc, ps := plan.Load(ctx, src)
	if !log.problems(ps, src.String()) {
		log.Error().Msgf("%s: %s, %s", src, plural(len(ps.Errors()), "error"), plural(len(ps.Warnings()), "warning"))
		return exitInput
	}
	r := sc.Roster
	fmt.Fprintf(stdout, "ok: %s, %s, %s, %s, %s, %s, %s; %s (scenario %s, %s)\n",
		plural(len(r.Students), "student"), plural(len(r.Enterprises), "enterprise"),
		plural(len(r.Posts), "post"), plural(len(r.Schools), "school"),
		plural(len(r.Specialties), "specialty"), plural(len(r.Districts), "district"),
		plural(len(r.Pins), "pin"), plural(len(ps.Warnings()), "warning"),
		sc.Config.Name, src)
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
