#!/usr/bin/env bash
# npm ci when node_modules is missing or older than the lockfile.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "deps: npm ci…"
  npm ci --no-audit --no-fund
fi
