package main

import (
	"github.com/spf13/pflag"

	"placement/model"
	"placement/scenarios"
)

// scenarioFlags choose a scenario and its overrides; solve and validate
// share them.
type scenarioFlags struct {
	path string   // "" means the embedded demo
	sets []string // "section.key=value"
}

func (s *scenarioFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&s.path, "scenario", "", "scenario YAML `file` (default: the embedded demo)")
	// StringArray, not StringSlice: a value may hold commas ("weights.preference=30,20,10").
	fs.StringArrayVar(&s.sets, "set", nil,
		"override a scenario `key=value` (repeatable; lists comma-separated); beats PLACEMENT_* variables and the file")
}

// load reads the scenario with the environment's PLACEMENT_* variables and
// the --set overrides.
func (s *scenarioFlags) load(env []string) (*scenarios.Scenario, model.Problems) {
	opts := scenarios.Options{Env: env, Set: s.sets}
	if s.path == "" {
		return scenarios.Demo(opts)
	}
	return scenarios.Load(s.path, opts)
}

// loadLogged loads the scenario and logs its warnings; on errors it logs
// every problem and returns exit code 2 (nothing is to be written).
func (s *scenarioFlags) loadLogged(log *logger, env []string) (*scenarios.Scenario, model.Problems, int) {
	sc, ps := s.load(env)
	log.warnings(ps)
	if ps.Err() != nil {
		log.errors(ps)
		log.Error().Int("errors", len(ps.Errors())).Str("scenario", s.source()).
			Msg("the scenario has errors; nothing written")
		return nil, ps, exitInput
	}
	return sc, ps, exitOK
}

// source names the scenario for messages.
func (s *scenarioFlags) source() string {
	if s.path == "" {
		return scenarios.DemoPath + " (embedded demo)"
	}
	return s.path
}
