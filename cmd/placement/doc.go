// Command placement turns a scenario — a YAML file and the CSV files it
// names — into a semester plan: internships (stage 1), the training-base
// schedule (stage 2, when the scenario has bases and cohorts) and dual
// mentors (stage 3, when it has mentors).
//
//	placement solve        [--scenario FILE] [--out DIR] [--set key=value ...] [--excel]
//	placement schedule     [--scenario FILE] [--out DIR]             (stage 2 alone)
//	placement mentors      --assignments FILE [--scenario FILE] [--out DIR]  (stage 3 on any plan)
//	placement whatif       [--scenario FILE] --set key=v1,v2,... [--set ...] [--out DIR] [--jobs N] [--keep]
//	placement validate     [--scenario FILE] [--set key=value ...]
//	placement gen          --out DIR [--students N] [--enterprises M] [--seed S] ...
//	placement export-flow  --out FILE.dimacs [--scenario FILE] [--uncompressed]
//	placement solve-dimacs --in FILE.dimacs
//	placement help         [command]
//
// The command only wires things together: flags, the scenario's config
// (package scenarios), logging (zerolog on stderr) and files. Solving is
// package solver's; the output files are built and written by
// cmd/placement/internal/output.
//
// Exit codes: 0 ok; 1 internal or unexpected failure (a solver bug, an I/O
// error while writing); 2 bad input or bad usage (nothing is written); 130
// and 143 when interrupted by SIGINT or SIGTERM (the previous outputs stay).
package main
