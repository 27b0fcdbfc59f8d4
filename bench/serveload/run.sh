#!/usr/bin/env bash
# Load test of `placement serve`: 20 concurrent uploads of the 4,000-student
# demo city against a server on loopback, measured with /usr/bin/time -v.
# Bounded: the client gives up after 10 minutes; the server is stopped with
# SIGTERM at the end (or on any exit of this script).
#
#   bash bench/serveload/run.sh            # UPLOADS=20 JOBS=0 PORT=18080
set -euo pipefail
cd "$(dirname "$0")/../.."
UPLOADS=${UPLOADS:-20}
JOBS=${JOBS:-0}
PORT=${PORT:-18080}
if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
  echo "port $PORT is taken: set PORT" >&2
  exit 1
fi
work=$(mktemp -d)
pid=
# /usr/bin/time does not pass signals on: stop the server, its child, by
# its parent's id.
stop() { [ -n "$pid" ] && { pkill -TERM -P "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; }; }
trap 'stop; rm -rf "$work"' EXIT

go build -o "$work/placement" ./cmd/placement
go build -o "$work/serveload" ./bench/serveload
/usr/bin/time -v "$work/placement" serve --addr 127.0.0.1:$PORT --data "$work/data" --jobs $JOBS \
  --log-format json 2>"$work/server.log" >/dev/null &
pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$PORT/api/runs" >/dev/null 2>&1 && break
  sleep 0.1
done
"$work/serveload" -url "http://127.0.0.1:$PORT" -uploads "$UPLOADS"
stop
echo "server: $(grep -E 'Maximum resident set size' "$work/server.log" | sed 's/^\s*//')"
echo "server: $(grep -E 'Elapsed \(wall clock\)' "$work/server.log" | sed 's/^\s*//')"
echo "server: $(grep -E 'User time' "$work/server.log" | sed 's/^\s*//')"
