#!/usr/bin/env bash
# Builds the evaluation Collector from the Go module proxy: first the OpenTelemetry Collector
# Builder (ocb) itself, then the distribution in dev/otelcol/builder.yaml. Binaries and generated
# sources live in the cache outside the repo; a warm run compares a stamp (builder version + the
# manifest's hash) and returns at once.
#   bash dev/otelcol/build.sh        last line: otelcol-bin: <path of the binary>
set -euo pipefail

OCB_VERSION=v0.161.0 # the release of every module in builder.yaml
MIN_GO_MINOR=26

here=$(cd "$(dirname "$0")" && pwd)
cache=${AIRE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/aire-console}
bin="$cache/bin/otelcol-${OCB_VERSION#v}"
src="$cache/src/otelcol-${OCB_VERSION#v}"
ocb="$cache/bin/ocb-${OCB_VERSION#v}/builder"
stamp="$bin/.otelcol-aire.stamp"
mkdir -p "$bin" "$src" "$(dirname "$ocb")"

if ! command -v go >/dev/null 2>&1; then
  echo "otelcol: Go 1.$MIN_GO_MINOR+ is needed to build the Collector" >&2
  exit 3
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if [ "${go_minor:-0}" -lt "$MIN_GO_MINOR" ]; then
  echo "otelcol: $(go env GOVERSION) is too old; Go 1.$MIN_GO_MINOR+ is needed for builder $OCB_VERSION" >&2
  exit 3
fi

want="$OCB_VERSION $(sha256sum "$here/builder.yaml" | cut -c1-16)"
if [ -x "$bin/otelcol-aire" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "otelcol: otelcol-aire ($want) cached"
  echo "otelcol-bin: $bin/otelcol-aire"
  exit 0
fi

export GOFLAGS=-buildvcs=false CGO_ENABLED=0
t0=$(date +%s)
# Heartbeat so a cold build on two cores never looks hung.
( while sleep 30; do echo "otelcol: still building ($(( $(date +%s) - t0 ))s)"; done ) &
hb=$!
trap 'kill "$hb" 2>/dev/null || true' EXIT

if [ ! -x "$ocb" ]; then
  echo "otelcol: building the Collector Builder $OCB_VERSION …"
  GOBIN="$(dirname "$ocb")" go install -trimpath -ldflags "-s -w" "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION"
fi

echo "otelcol: building otelcol-aire from builder.yaml (about 6 min cold on two cores) …"
cp "$here/builder.yaml" "$src/builder.yaml"
# builder.yaml's output_path is relative, so the generated module lands in $src/dist.
(cd "$src" && "$ocb" --config=builder.yaml) >"$src/build.log" 2>&1 || {
  tail -40 "$src/build.log" >&2
  echo "otelcol: build FAILED (full log: $src/build.log)" >&2
  exit 1
}
install -m 0755 "$src/dist/otelcol-aire" "$bin/otelcol-aire"
echo "$want" >"$stamp"
echo "otelcol: otelcol-aire built in $(( $(date +%s) - t0 ))s ($bin)"
echo "otelcol-bin: $bin/otelcol-aire"
