#!/usr/bin/env bash
# Stops or starts one kube-apiserver of the fault stack only (its state dir and ports come from
# dev/fault/env.sh, so the shared clusters are never touched).
#   dev/fault/apiserver.sh stop|start gpu-east|gpu-west
set -euo pipefail
cd "$(dirname "$0")/../.."
source dev/fault/env.sh
exec bash dev/cluster/cluster.sh apiserver "$@"
