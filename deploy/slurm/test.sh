#!/usr/bin/env bash
# A sharded what-if on a real Slurm: installs Debian's slurm-wlm and munge
# when missing, starts a one-node cluster on this machine (munged, slurmctld
# and slurmd, no systemd, on ports of its own so that it cannot meet another
# cluster), writes the jobs with `placement whatif plan` for a 12-variant grid
# over the demo city in 4 shards, submits them with the generated
# submit-slurm.sh (sbatch: the array, then the merge with afterok), waits by
# polling squeue, and compares the merged answer byte for byte with the
# unsharded `placement whatif`. It fails if Slurm does not come up, if a job
# does not complete, or if one byte differs. It stops the daemons it started.
#
# Then it requeues one array task (the scheduler's retry) and checks that the
# shard is rewritten and the merge unchanged, and submits an array whose
# tasks fail: the afterok merge must be cancelled, and a merge by hand must
# refuse, naming the failed shards.
#
# Run as root (it installs packages and starts daemons): bash deploy/slurm/test.sh
# About 75 s once the packages are installed (the install adds about 16 s).
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/placement-slurm.XXXXXX)
started=() # pid files of the daemons this script started

say() { printf '[slurm test %s] %s\n' "$(date -u +%T)" "$*"; }
fail() {
  say "FAILED: $*"
  for f in "$work"/*.log; do
    [ -f "$f" ] && { echo "--- $f"; tail -n 20 "$f"; }
  done
  exit 1
}
cleanup() {
  local pids=() p
  for p in "${started[@]}"; do
    [ -s "$p" ] && pids+=("$(cat "$p")")
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # Wait for them to exit (they write into $work until they do).
  for _ in $(seq 50); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" = 0 ] || fail "run me as root: I install packages and start daemons"

# 1. The packages (never purge them on a shared machine: slurm-wlm pulls
#    libraries other programs use).
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge"
  apt-get update -qq -o DPkg::Lock::Timeout=300
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 slurm-wlm munge >/dev/null
fi
command -v sbatch >/dev/null || fail "sbatch is not installed"

# 2. munge: the key the package made, its run directory, the daemon.
[ -s /etc/munge/munge.key ] || fail "/etc/munge/munge.key is missing (the munge package makes it)"
if ! munge -n >/dev/null 2>&1; then
  mkdir -p /run/munge && chown munge:munge /run/munge && chmod 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/placement-test.pid
  started+=(/run/munge/placement-test.pid)
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n >/dev/null 2>&1 || fail "munged does not answer"
fi

# 3. A one-node cluster in $work, configured by SLURM_CONF (nothing in
#    /etc/slurm is touched). The controller's host name must be this
#    machine's short name.
host=$(hostname -s)
node=$(slurmd -C | head -n 1)
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=placement-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
# A requeued job waits cred_expire seconds (default 120) before it runs again.
AuthInfo=cred_expire=10
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
say "starting slurmctld and slurmd ($node)"
slurmctld -f "$SLURM_CONF"
started+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF"
started+=("$work/slurmd.pid")
for _ in $(seq 100); do
  [ "$(sinfo -h -o %T 2>/dev/null)" = idle ] && break
  sleep 0.2
done
[ "$(sinfo -h -o %T 2>/dev/null)" = idle ] || fail "Slurm is not running: the node is '$(sinfo -h -o %T 2>&1)'"
scontrol ping | grep -q UP || fail "slurmctld does not answer scontrol ping"

# 4. The program, as the Docker image builds it (static), and the question.
say "building placement"
(cd "$repo" && CGO_ENABLED=0 go build -o "$work/bin/placement" ./cmd/placement)
placement="$work/bin/placement"
grid=(--set policy.quota_rate=0.01,0.02,0.03 --set policy.max_commute_km=0,30 --set weights.quota_bonus=0,500 --keep)

say "the unsharded run"
"$placement" whatif "${grid[@]}" --out "$work/whole" --log-format json >"$work/whole.out" 2>"$work/whole.log.json" ||
  fail "the unsharded whatif failed"

say "whatif plan: 4 shards"
"$placement" whatif plan "${grid[@]}" --shards 4 --scheduler slurm --cpus 1 --mem-mib 1024 --wall 10m \
  --binary "$placement" --results "$work/run" --out "$work/jobs" --name placement-test | tee "$work/plan.out"
grep -q "grid: 12 variants in 4 shards" "$work/plan.out" || fail "whatif plan does not say 12 variants in 4 shards"
grep -q -- "--array=0-3" "$work/jobs/shards.sbatch" || fail "the array is not 0-3"

# 5. Submit through sbatch, wait for both jobs by polling squeue.
say "submitting"
(cd "$work" && bash jobs/submit-slurm.sh)
read -r array merge < "$work/run/slurm-jobs"
[ -n "$array" ] && [ -n "$merge" ] || fail "submit-slurm.sh did not record the job ids"
deadline=$((SECONDS + 240))
while [ -n "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ]; do
  [ $SECONDS -lt $deadline ] || fail "the jobs did not finish within 240 s: $(squeue -j "$array,$merge")"
  sleep 1
done

# 6. Every task and the merge completed, through Slurm.
for k in 0 1 2 3; do
  state=$(scontrol -o show job "${array}_$k" | grep -o 'JobState=[A-Z_]*')
  [ "$state" = JobState=COMPLETED ] || fail "array task $k: $state; its log: $(cat "$work/run/logs/shard-$k.log")"
  grep -q '"message":"wrote shard"' "$work/run/logs/shard-$k.log" || fail "task $k's log has no 'wrote shard'"
  [ -s "$work/run/shards/$k/shard.json" ] || fail "shard $k has no shard.json"
done
state=$(scontrol -o show job "$merge" | grep -o 'JobState=[A-Z_]*')
[ "$state" = JobState=COMPLETED ] || fail "the merge job: $state; its log: $(cat "$work/run/logs/merge.log")"
# afterok: the merge started only once every task had ended.
field() { scontrol -o show job "$1" | grep -o "$2=[^ ]*" | cut -d= -f2; }
merge_start=$(field "$merge" StartTime)
for k in 0 1 2 3; do
  end=$(field "${array}_$k" EndTime)
  [[ ! "$merge_start" < "$end" ]] || fail "the merge started at $merge_start, before task $k ended at $end"
done
grep -q '"message":"merged what-if"' "$work/run/logs/merge.log" || fail "the merge log has no 'merged what-if'"

# 7. Byte for byte the unsharded answer: whatif.csv, the chart, the report
#    and every kept plan (only the wall times differ).
say "comparing"
diff -r -x whatif_timings.csv "$work/whole" "$work/run/merged" || fail "the merged what-if differs from the unsharded one"
n=$(find "$work/run/merged" -type f | wc -l)
[ "$(tail -n +2 "$work/run/merged/whatif.csv" | wc -l)" = 12 ] || fail "whatif.csv does not have 12 rows"

# waitjobs IDS: poll squeue until none of the jobs is queued or running.
waitjobs() {
  local deadline=$((SECONDS + 120))
  while [ -n "$(squeue -h -j "$1" -o %i 2>/dev/null)" ]; do
    [ $SECONDS -lt $deadline ] || fail "jobs $1 did not finish within 120 s"
    sleep 1
  done
}

# 8. The scheduler retries a shard: requeue task 2; it runs again, rewrites
#    its shard, and the merge is still the unsharded answer.
say "requeueing array task 2"
before=$(stat -c %y "$work/run/shards/2/shard.json")
scontrol requeue "${array}_2"
sleep 1
waitjobs "${array}_2"
state=$(scontrol -o show job "${array}_2" | grep -o 'JobState=[A-Z_]*')
[ "$state" = JobState=COMPLETED ] || fail "the requeued task 2: $state"
scontrol -o show job "${array}_2" | grep -q 'Restarts=1' || fail "task 2 was not run again: $(scontrol -o show job "${array}_2")"
after=$(stat -c %y "$work/run/shards/2/shard.json")
[ "$before" != "$after" ] || fail "the requeued task 2 did not rewrite its shard"
"$placement" whatif merge --out "$work/remerged" "$work"/run/shards/{0,1,2,3} >/dev/null 2>"$work/remerge.log.json" ||
  fail "merging after the retry failed"
diff -r -x whatif_timings.csv "$work/whole" "$work/remerged" || fail "after the retry the merge differs"

# 9. Failing shards: with a program that cannot run, every task fails, the
#    afterok merge never runs, and a merge by hand refuses, naming them.
say "a failing array"
"$placement" whatif plan "${grid[@]}" --shards 4 --scheduler slurm --cpus 1 --mem-mib 256 --wall 10m \
  --binary "$work/bin/no-such-program" --results "$work/fail" --out "$work/jobs-fail" --name placement-fail >/dev/null
(cd "$work" && bash jobs-fail/submit-slurm.sh >/dev/null)
read -r farray fmerge < "$work/fail/slurm-jobs"
waitjobs "$farray,$fmerge"
for k in 0 1 2 3; do
  state=$(scontrol -o show job "${farray}_$k" | grep -o 'JobState=[A-Z_]*')
  [ "$state" = JobState=FAILED ] || fail "failing task $k: $state"
done
state=$(scontrol -o show job "$fmerge" | grep -o 'JobState=[A-Z_]*')
[ "$state" = JobState=CANCELLED ] || fail "the merge after failed tasks: $state, want CANCELLED (afterok never satisfied)"
[ ! -e "$work/fail/merged" ] || fail "a merge ran after failed tasks"
if "$placement" whatif merge --out "$work/fail/merged" "$work"/fail/shards/{0,1,2,3} >/dev/null 2>"$work/fail-merge.log.json"; then
  fail "merging failed shards succeeded"
fi
grep -q "no shard.json: the shard failed" "$work/fail-merge.log.json" || fail "the refused merge does not name the failed shards"

say "OK: 4 array tasks and the afterok merge ran through slurmctld (jobs $array, $merge); $n files identical to the unsharded run except whatif_timings.csv; a requeued task rewrote its shard and the merge stayed identical; failed tasks cancelled the merge and a merge by hand refused"
