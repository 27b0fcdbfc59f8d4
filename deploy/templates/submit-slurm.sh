#!/bin/bash
# Submits the shards of a placement what-if as a Slurm job array and the
# merge as a job that starts when every array task has succeeded. Run it
# from the directory the paths in the scripts are relative to.
set -euo pipefail
here=$(dirname "$0")
mkdir -p {{sh .Results}}/logs {{sh .Results}}/shards
array=$(sbatch --parsable --output={{sh .Results}}/logs/shard-%a.log "$here/shards.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
  --output={{sh .Results}}/logs/merge.log "$here/merge.sbatch")
merge=${merge%%;*}
echo "$array $merge" > {{sh .Results}}/slurm-jobs
echo "submitted: shards job $array (array 0-{{.LastShard}}, {{.Variants}} variants), merge job $merge after it; results in" {{sh .Results}}/merged
