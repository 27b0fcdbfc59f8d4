// Package scenarios reads a scenario — a YAML file and the CSV files it
// names — into a typed Config and a model.Roster. It is the only package
// that touches viper: the rest of the program sees plain structs.
//
// # Where a value comes from
//
// Every key (see Keys) is taken from the first of these that sets it:
//
//  1. a command-line override, Options.Set: "policy.quota_rate=0.03";
//  2. an environment variable, Options.Env: PLACEMENT_POLICY_QUOTA_RATE=0.03
//     (PLACEMENT_ and the key in upper case with "." turned into "_"; an
//     empty variable counts as unset, as in viper);
//  3. the scenario file, or a file it extends ("extends: ../base/scenario.yaml",
//     nearest file first);
//  4. the default of SPEC.md (DefaultCalendar, DefaultTraining,
//     model.DefaultPolicy, model.DefaultWeights).
//
// Lists (weights.preference, calendar.days, calendar.periods) are YAML
// sequences in a file and comma-separated text in an override or a
// variable ("30,20,10"; "" is the empty list).
//
// Relative data paths are resolved against the directory of the YAML file
// that names them; paths from overrides and variables against the directory
// of the scenario file. Absolute paths are kept.
//
// # Values are text until checked
//
// The file is parsed with go.yaml.in/yaml/v3 into a yaml.Node, so every
// value keeps the text it was written with and its line and column. Viper
// merges the layers (file, extended files, variables, overrides) and the
// winning text is then parsed by this package: policy.quota_rate is read
// as a decimal into exact basis points ("0.0175" is 175, never
// 0.0175×10000 in floating point), weights must be integers, and so on.
//
// # Problems
//
// LoadConfig reports every problem it finds, not just the first, as
// model.Problems. A bad value names where it came from: "scenario.yaml:8:15",
// "environment PLACEMENT_POLICY_QUOTA_RATE" or "flag --set
// policy.quota_rate=0.00001". Unknown keys in a file or in a PLACEMENT_
// variable of a known section are warnings; an unknown key in Options.Set is
// an error, because the user has just typed it.
package scenarios
