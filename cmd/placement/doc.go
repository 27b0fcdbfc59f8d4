// Command placement turns a scenario — a YAML file and the CSV files it
// names — into a semester internship plan.
//
//	placement solve    [--scenario FILE] [--out DIR] [--set key=value ...]
//	placement whatif   [--scenario FILE] --set key=v1,v2,... [--set ...] [--out DIR] [--jobs N] [--keep]
//	placement validate [--scenario FILE] [--set key=value ...]
//	placement gen      --out DIR [--students N] [--enterprises M] [--seed S] ...
//	placement help     [command]
//
// The command only wires things together: flags, the scenario's config
// (package scenarios), logging (zerolog on stderr) and files. Solving is
// package solver's; the output files are built and written by
// cmd/placement/internal/output.
//
// Exit codes: 0 ok; 1 internal or unexpected failure (a solver bug, an I/O
// error while writing); 2 bad input or bad usage (nothing is written).
package main
