#!/usr/bin/env bash
# Starts the built console on the given port the way production runs it: the standalone server
# (`node server.js`, as in the Dockerfile), assembled from the build into .aire/server-PORT.
# `next start` does not support `output: standalone` (it warns and serves without the traced
# server), so the demo and the browser tests run what ships.
# Used by the demo and the end-to-end tests; configuration comes from the environment.
# The server applies pending migrations itself at start-up (instrumentation.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3000}
root=$PWD
export PATH="$root/node_modules/.bin:$PATH"
dist=${AIRE_NEXT_DIST_DIR:-.next}
[ -f "$dist/standalone/server.js" ] || { echo "start-app: no build in $dist (run next build)" >&2; exit 1; }
out=$root/.aire/server-$port
bash scripts/build/standalone.sh "$out" >/dev/null
# The server runs from its own directory: a relative SQLite path must keep meaning this checkout's file.
case "${DATABASE_URL:-}" in
  file:/*) ;;
  file:*) export DATABASE_URL="file:$root/${DATABASE_URL#file:}" ;;
esac
cd "$out"
export NODE_ENV=production HOSTNAME=127.0.0.1 PORT=$port
exec node server.js
