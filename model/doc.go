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
//
// Every CSV file goes through one reader (csvread.go), so every loader gets
// the same treatment of what officers' spreadsheets produce: UTF-8 with or
// without a byte-order mark, or GB18030/GBK, detected per file
// (encoding.go); Chinese headers and enum values (aliases.go); cells that
// our outputs neutralized against formula injection read back as they were
// (cell.go); and limits on size, columns, cells and records that turn
// hostile input into one clear problem.
package model
