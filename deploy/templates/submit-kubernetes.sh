#!/bin/bash
# Runs a placement what-if on Kubernetes: the shared volume, the shards as
# an Indexed Job, and — once every index has completed — the merge Job.
# The scenario and its data files must be on the volume first.
set -euo pipefail
here=$(dirname "$0")
kubectl apply -f "$here/volume.yaml"
kubectl apply -f "$here/shards.yaml"
kubectl wait --for=condition=complete --timeout={{.Wait}} job/{{.Name}}-shards
kubectl apply -f "$here/merge.yaml"
kubectl wait --for=condition=complete --timeout={{.Wait}} job/{{.Name}}-merge
echo "done: the merged what-if is on the volume" {{sh .Claim}} "in" {{sh .Results}}/merged
