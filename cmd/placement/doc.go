// Command placement turns a scenario — a YAML file and the CSV files it
// names — into a semester plan: internships (stage 1), the training-base
// schedule (stage 2, when the scenario has bases and cohorts) and dual
// mentors (stage 3, when it has mentors).
//
//	placement solve        [--scenario FILE] [--out DIR] [--set key=value ...] [--excel]
//	placement schedule     [--scenario FILE] [--out DIR]             (stage 2 alone)
//	placement mentors      --assignments FILE [--scenario FILE] [--out DIR]  (stage 3 on any plan)
//	placement replan       --previous DIR [--scenario FILE] [--out DIR]  (keep what can be kept; changes.csv)
//	placement explain      --plan DIR [--scenario FILE] (--student ID | --enterprise ID | --post ID) [--format text|json]
//	placement whatif       [--scenario FILE] --set key=v1,v2,... [--set ...] [--out DIR] [--jobs N] [--keep]
//	placement validate     [--scenario FILE] [--set key=value ...]
//	placement gen          --out DIR [--students N] [--enterprises M] [--seed S] ...
//	placement export-flow  --out FILE.dimacs [--scenario FILE] [--uncompressed]
//	placement solve-dimacs --in FILE.dimacs
//	placement version
//	placement help         [command]
//
// The command only wires things together: it parses flags, calls the
// library — package plan (load, solve every stage, re-plan, write the plan
// directory), explain (why), whatif (the grid) and scenarios/gen — and
// prints. It holds
// no solving or table-building logic; job.go is the load → stages → write →
// log sequence that solve, schedule and mentors share, logging.go the one
// way problems are printed. Signals are seen in one place, main.go, which
// cancels the run's context.
//
// Inputs are strict (an unknown scenario key is an error unless
// --lenient), every count has a limit, and --out is checked before any
// work, never replaces an input, holds one plan, and is locked while a run
// works on it: docs/input-safety.md.
//
// Exit codes: 0 ok; 1 internal or unexpected failure (a solver bug, an I/O
// error while writing); 2 bad input or bad usage (nothing is written); 130
// and 143 when interrupted by SIGINT or SIGTERM (the previous outputs stay).
package main
