#!/usr/bin/env bash
# Measures the local control plane (dev/cluster/cluster.sh):
#   1. warm start: `down` (data kept) then `up` until every cluster is ready
#   2. RSS of the whole control plane (sum of VmRSS of every component from /proc)
#   3. wall time of `kubectl get nodes,pods -A -o json` per cluster
#
#   measure.sh [--no-restart]   (--no-restart: skip 1, measure the running clusters)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cluster="$here/cluster.sh"
K8S_VERSION=v1.36.3
cache=${AIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aire-console}
KUBECTL="$cache/bin/$K8S_VERSION/kubectl"
STATE=${AIRE_STATE_DIR:-$root/.aire}/cluster

ms() { date +%s%3N; }

if [ "${1:-}" != --no-restart ]; then
  bash "$cluster" down >/dev/null
  t0=$(ms)
  bash "$cluster" up >/tmp/aire-measure-up.log 2>&1 || { cat /tmp/aire-measure-up.log; exit 1; }
  t1=$(ms)
  printf 'warm start to all-ready: %d.%03d s\n' $(((t1 - t0) / 1000)) $(((t1 - t0) % 1000))
  # let controllers settle (informer caches filled, first resyncs) before measuring memory
  sleep "${AIRE_MEASURE_SETTLE:-20}"
fi

bash "$cluster" status >/dev/null || { bash "$cluster" status; echo "measure: clusters not ready" >&2; exit 1; }

total=0
printf '%-28s %10s\n' component RSS
for f in "$STATE"/run/*.pid; do
  name=$(basename "$f" .pid)
  pid=$(cat "$f")
  kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  total=$((total + kb))
  printf '%-28s %7d MiB\n' "$name" $((kb / 1024))
done
printf '%-28s %7d MiB\n' 'control plane total' $((total / 1024))

admin=$(bash "$cluster" status | sed -n 's/^admin-kubeconfig: //p')
for ctx in gpu-east gpu-west; do
  nodes=$("$KUBECTL" --kubeconfig "$admin" --context "$ctx" get nodes --no-headers 2>/dev/null | wc -l)
  pods=$("$KUBECTL" --kubeconfig "$admin" --context "$ctx" get pods -A --no-headers 2>/dev/null | wc -l)
  t0=$(ms)
  bytes=$("$KUBECTL" --kubeconfig "$admin" --context "$ctx" get nodes,pods -A -o json --request-timeout=300s | wc -c)
  t1=$(ms)
  printf '%s: kubectl get nodes,pods -A -o json: %d.%03d s (%d nodes, %d pods, %d MiB of JSON)\n' \
    "$ctx" $(((t1 - t0) / 1000)) $(((t1 - t0) % 1000)) "$nodes" "$pods" $((bytes / 1048576))
done
