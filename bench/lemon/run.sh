#!/usr/bin/env bash
# Side-by-side benchmark of our stage-1 solver against LEMON 1.3 on the
# same network. For each city size it generates a city with `placement
# gen`, exports the network our solver builds (`placement export-flow`),
# and reports our network simplex, LEMON's NetworkSimplex and CostScaling
# on that very file (solve time only, peak RSS of each process), plus our
# end-to-end `placement solve` with stages 2 and 3 blanked: the whole
# command, wall time from start to exit (loading the CSV files, stage 1,
# the fairness audit, building the output tables and writing every file,
# plan.xlsx included). Then the same for
# the uncompressed network (a node per student and per post) where it fits.
# It fails if any optimum differs.
#
#   bench/lemon/run.sh                       # sizes 4000, 40000, 150000
#   SIZES="4000:126" bench/lemon/run.sh      # students:enterprises pairs
#   UNCOMPRESSED_SIZES="4000 40000" …        # sizes for the uncompressed run ("" for none)
#
# Needs root or sudo-less apt-get for liblemon-dev when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZES=${SIZES:-"4000:126 40000:1300 150000:5000"}
UNCOMPRESSED_SIZES=${UNCOMPRESSED_SIZES-"4000 40000"}
work=$(mktemp -d "${TMPDIR:-/tmp}/placement-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ ! -f /usr/include/lemon/network_simplex.h ] || ! command -v g++ >/dev/null || [ ! -x /usr/bin/time ]; then
  echo "installing liblemon-dev, g++ and time from Debian" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblemon-dev g++ time >/dev/null
fi
g++ -O2 -DNDEBUG -std=c++11 -o "$work/lemon-driver" bench/lemon/driver.cpp
go build -o "$work/placement" ./cmd/placement

# field KEY FILE: the value of key=value or "key":value in FILE's first match.
field() { grep -o -m1 -E "\"?$1\"?[=:][^ ,}]*" "$2" | head -n1 | sed -E 's/^[^=:]*[=:]//; s/"//g'; }
# rss FILE: peak RSS in MB from /usr/bin/time -v output.
rss() { awk '/Maximum resident set size/ {printf "%.0f", $NF/1024}' "$1"; }
# timed OUT ERR CMD...: run CMD under /usr/bin/time -v.
timed() { local out=$1 err=$2; shift 2; /usr/bin/time -v "$@" >"$out" 2>"$err"; }

fail=0
compare() { # label file: run ours, LEMON ns and cs on one DIMACS file, print a row
  local label=$1 f=$2
  timed "$work/ours.out" "$work/ours.time" "$work/placement" solve-dimacs --in "$f"
  timed "$work/ns.out" "$work/ns.time" "$work/lemon-driver" "$f" ns
  timed "$work/cs.out" "$work/cs.time" "$work/lemon-driver" "$f" cs
  local ours ns cs zo cns ccs
  ours=$(field solve_ms "$work/ours.out"); ns=$(field solve_ms "$work/ns.out"); cs=$(field solve_ms "$work/cs.out")
  zo=$(field cost "$work/ours.out"); cns=$(field cost "$work/ns.out"); ccs=$(field cost "$work/cs.out")
  local z; z=$(field z "$work/ours.out")
  local ok=same
  if [ "$zo" != "$cns" ] || [ "$zo" != "$ccs" ]; then ok="DIFFERENT (ours $zo, NS $cns, CS $ccs)"; fail=1; fi
  printf '| %s | %s | %s | %s | %.0f ms | %.0f ms | %.0f ms | %.2f | %s MB / %s MB / %s MB | %s |\n' \
    "$label" "$(field nodes "$work/ours.out")" "$(field arcs "$work/ours.out")" "$z" \
    "$ours" "$ns" "$cs" "$(awk -v a="$ours" -v b="$ns" 'BEGIN{printf "%.2f", a/b}')" \
    "$(rss "$work/ours.time")" "$(rss "$work/ns.time")" "$(rss "$work/cs.time")" "$ok"
}

echo "| network | nodes | arcs | Z | ours (simplex) | LEMON NetworkSimplex | LEMON CostScaling | ours/NS | peak RSS ours / NS / CS | optimum |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
e2e=()
for size in $SIZES; do
  students=${size%%:*} enterprises=${size##*:}
  city="$work/city$students"
  "$work/placement" gen --students "$students" --enterprises "$enterprises" --seed 1 --out "$city" >/dev/null
  "$work/placement" export-flow --scenario "$city/scenario.yaml" --out "$city/net.dimacs" >/dev/null
  compare "compressed, $students students" "$city/net.dimacs"
  # Stage 1 only: the generated city also has training bases, cohorts and
  # mentors; blanking their paths leaves the stage this benchmark is about.
  timed /dev/null "$work/e2e.time" "$work/placement" solve --scenario "$city/scenario.yaml" --out "$city/out" \
    --set data.bases= --set data.cohorts= --set data.mentors= --log-format json
  e2e+=("| $students students, $enterprises enterprises | $(awk -F': ' '/Elapsed/ {print $2}' "$work/e2e.time") | $(rss "$work/e2e.time") MB |")
  zsolve=$(grep -o '"objective_z": [0-9-]*' "$city/out/summary.json" | grep -o '[0-9-]*$')
  if [ "$zsolve" != "$(field z "$work/ours.out")" ]; then echo "Z of placement solve ($zsolve) differs from the network's" >&2; fail=1; fi
  for u in $UNCOMPRESSED_SIZES; do
    if [ "$u" = "$students" ]; then
      if "$work/placement" export-flow --uncompressed --scenario "$city/scenario.yaml" --out "$city/textbook.dimacs" >/dev/null; then
        compare "uncompressed, $students students" "$city/textbook.dimacs"
        zu=$(field z "$work/ours.out")
        if [ "$zu" != "$zsolve" ]; then echo "uncompressed Z $zu differs from $zsolve" >&2; fail=1; fi
      fi
    fi
  done
  rm -f "$city"/*.dimacs
done
echo
echo "| city (placement solve, stages 2–3 blanked: load, stage 1, fairness audit, write every file) | wall time | peak RSS |"
echo "| --- | --- | --- |"
printf '%s\n' "${e2e[@]}"
exit $fail
