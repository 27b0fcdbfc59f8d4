// Package model holds the plain data of a placement scenario — schools,
// students, enterprises, posts, specialties, districts, distances, pins —
// together with the policy and weights that price a plan, the CSV readers
// that load them and the validation that rejects broken input.
//
// Data flows one way: the scenarios package reads a scenario YAML and calls
// LoadRoster; the solver package takes a *Roster and a Config and never reads
// files; cmd/placement writes the results. Nothing in this package knows
// about solvers.
//
// Input problems are reported as Problems: every one names the file, the
// line and the column (1-based, as a spreadsheet shows them), and all the
// problems a load can find are reported together, not just the first.
package model
