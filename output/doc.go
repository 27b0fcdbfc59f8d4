// Package output turns a solved scenario into the files of a plan — the
// CSV tables and summary.json — and writes them into an output directory
// all or nothing.
//
// Build makes every file in memory from the roster and the solver's result;
// it does no solving, only formatting and the summary's sums. WriteDir then
// writes the files through a temporary directory and renames them into
// place only once every one of them has been written and synced (see
// WriteDir for the exact protocol and its one residual window).
//
// A plan directory holds one plan (WritePlan removes the previous plan's
// files that the new one lacks, as its summary.json lists them), is
// checked before any work (CheckOutDir, CheckPlanInputs) and is locked
// while a run works on it (LockDir): see plandir.go, lock.go and
// docs/input-safety.md.
//
// Every CSV cell is written through model.SafeCell (formula injection);
// ForExcel adds the byte-order mark Excel needs. WriteDirContext gives up
// cleanly, leaving the directory as it was, when its context is cancelled
// before the commit.
//
// Determinism: rows follow the result's order (students and enterprises in
// file order), the summary is a struct (fixed key order) and holds no wall
// times, so the same input gives byte-identical files on every run.
package output
