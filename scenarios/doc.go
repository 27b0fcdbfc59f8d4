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
// policy.quota_rate=0.00001".
//
// # Unknown keys are errors
//
// A misspelled key (quota_rte) would leave its default in place and give a
// plan that looks right, so an unknown key in a scenario file, and a
// PLACEMENT_ variable that names no key, is an error, with a did-you-mean
// when a key is near. Options.Lenient (--lenient) or the lenient key (in
// a file, a variable or a --set) makes them warnings; an unknown key in
// Options.Set is an error always, because the user has just typed it. At
// most 100 unknown keys are listed a file. Top-level keys that start with
// "x-" are the file's own (to hold anchors) and are ignored. YAML merge
// keys (<<: *anchor) are applied: the mapping's own keys win.
//
// # Hostile files
//
// A scenario file must be a regular file of at most MaxScenarioBytes,
// nested at most MaxScenarioDepth deep; a named pipe or a device is
// refused before it is read. Messages echo at most a short excerpt of a
// file (model.Excerpt), and a file with no scenario key at all (extends:
// /etc/shadow) is one problem that echoes none of it.
package scenarios
