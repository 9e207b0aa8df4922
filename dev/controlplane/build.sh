#!/usr/bin/env bash
# Builds the local control plane (kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl, etcd, kwok) and helm from the Go module proxy into a cache outside the
# repo. Warm runs only check version stamps and return in seconds.
set -euo pipefail

K8S_VERSION=v1.36.3       # must match go.mod
ETCD_VERSION=v3.6.8       # what k8s.io/kubernetes v1.36.3 pins
KWOK_VERSION=v0.8.0
HELM_VERSION=v4.3.2        # for the chart checks (deploy/helm); its own module graph, like kwok
MIN_GO_MINOR=26

here=$(cd "$(dirname "$0")" && pwd)
cache=${AIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aire-console}
bin="$cache/bin/$K8S_VERSION"
mkdir -p "$bin"

if ! command -v go >/dev/null 2>&1; then
  echo "build: Go 1.$MIN_GO_MINOR+ is needed to build the local control plane; or skip it and set KUBECONFIG to an existing cluster (see README)." >&2
  exit 3
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${go_minor:-0}" -lt "$MIN_GO_MINOR" ]; then
  echo "build: $(go env GOVERSION) is too old; Go 1.$MIN_GO_MINOR+ is needed to build Kubernetes ${K8S_VERSION}, or set KUBECONFIG to an existing cluster (see README)." >&2
  exit 3
fi

export GOFLAGS=-buildvcs=false CGO_ENABLED=0
start_all=$(date +%s)
stamp_file() { echo "$bin/.$1.stamp"; }

build_one() { # name, version, command...
  local name=$1 version=$2; shift 2
  local stamp; stamp=$(stamp_file "$name")
  if [ -x "$bin/$name" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
    echo "build: $name $version cached"
    return
  fi
  local t0; t0=$(date +%s)
  echo "build: $name $version …"
  # Heartbeat so a cold build on two cores never looks hung.
  ( while sleep 30; do echo "build: $name still compiling ($(( $(date +%s) - t0 ))s)"; done ) &
  local hb=$!
  if ! "$@"; then kill "$hb" 2>/dev/null; echo "build: $name FAILED" >&2; exit 1; fi
  kill "$hb" 2>/dev/null; wait "$hb" 2>/dev/null || true
  echo "$version" >"$stamp"
  echo "build: $name done in $(( $(date +%s) - t0 ))s"
}

ldk="-s -w -X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
cd "$here"
for c in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  build_one "$c" "$K8S_VERSION" go build -trimpath -ldflags "$ldk" -o "$bin/$c" "k8s.io/kubernetes/cmd/$c"
done
build_one etcd "$ETCD_VERSION" go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3
build_one kwok "$KWOK_VERSION" env GOBIN="$bin" go install -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
build_one helm "$HELM_VERSION" env GOBIN="$bin" go install -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$HELM_VERSION" "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
echo "build: all components ready in $(( $(date +%s) - start_all ))s ($bin)"
