#!/usr/bin/env bash
# The exact MIP references of stages 2 and 3: installs Debian's coinor-cbc
# when it is missing, then runs the build-tagged tests that write each
# instance's exact model as an LP file, solve it with CBC (one thread) and
# with our solver, and fail if our plan is below CBC's proven bound or our
# bound above CBC's plan. The distances they log are the figures of
# docs/scaling.md ("Against an exact MIP").
#
#   bench/mip/run.sh                 # stage 2 (30 s per instance), then stage 3 (30 s per school part)
#   MIP_SECONDS=120 bench/mip/run.sh # CBC's time limit per instance
#   STAGES="schedule" bench/mip/run.sh
#   STAGES=mentor MIP_SECONDS=300 bench/mip/run.sh -run LargeSchool   # go test flags: stage 3's largest part
#
# Needs root or sudo-less apt-get for coinor-cbc when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v cbc >/dev/null; then
  echo "installing coinor-cbc from Debian" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq coinor-cbc >/dev/null
fi

export MIP_SECONDS=${MIP_SECONDS:-30}
run=(-run MIP)
if [ $# -gt 0 ]; then run=("$@"); fi
for stage in ${STAGES:-schedule mentor}; do
  echo "== solver/$stage (CBC ${MIP_SECONDS} s a problem)"
  go test -count=1 -tags mip -v -timeout 0 "${run[@]}" "./solver/$stage" | grep -E 'mip_test.go|^(ok|FAIL|---)'
done
