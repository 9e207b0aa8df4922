#!/usr/bin/env bash
# Builds the Argo Rollouts controller (issue 14.5) from the Go module proxy into the cache outside
# the repo, so "Abort" can be proven by the real controller moving weights. Not part of build.sh:
# it is optional and slow cold. `go install …@version` refuses the module (its go.mod has replace
# directives pinning k8s.io/* to v0.34.x), so the module's own source is built with its own go.mod
# and go.sum, copied out of the read-only module cache. Warm runs only check the version stamp.
#
#   dev/controlplane/build-rollouts.sh     -> $AIRE_CACHE/bin/rollouts-<version>/rollouts-controller
set -euo pipefail

ARGO_ROLLOUTS_VERSION=v1.10.0 # keep in step with dev/cluster/cluster.sh (the CRD it installs)

cache=${AIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aire-console}
bin="$cache/bin/rollouts-$ARGO_ROLLOUTS_VERSION"
stamp="$bin/.rollouts-controller.stamp"
if [ -x "$bin/rollouts-controller" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$ARGO_ROLLOUTS_VERSION" ]; then
  echo "build: rollouts-controller $ARGO_ROLLOUTS_VERSION cached ($bin)"
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "build: Go is needed to build the Argo Rollouts controller" >&2; exit 3; }

t0=$(date +%s)
json=$(cd / && GOFLAGS= GOWORK=off go mod download -json "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION" 2>&1) || true
dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "build: github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION not available: $(sed -n 's/^[[:space:]]*"Error": "\(.*\)",\{0,1\}$/\1/p' <<<"$json")" >&2
  exit 1
fi
src="$cache/src/argo-rollouts@$ARGO_ROLLOUTS_VERSION"
rm -rf "$src"; mkdir -p "$(dirname "$src")" "$bin"
cp -r "$dir" "$src"; chmod -R u+w "$src"
echo "build: rollouts-controller $ARGO_ROLLOUTS_VERSION … (source $src)"
( while sleep 30; do echo "build: rollouts-controller still compiling ($(( $(date +%s) - t0 ))s)"; done ) &
hb=$!
trap 'kill $hb 2>/dev/null || true' EXIT
cd "$src"
GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOWORK=off go build -trimpath \
  -ldflags "-s -w -X github.com/argoproj/argo-rollouts/utils/version.version=${ARGO_ROLLOUTS_VERSION#v}" \
  -o "$bin/rollouts-controller" ./cmd/rollouts-controller
echo "$ARGO_ROLLOUTS_VERSION" >"$stamp"
echo "build: rollouts-controller done in $(( $(date +%s) - t0 ))s ($bin/rollouts-controller)"
