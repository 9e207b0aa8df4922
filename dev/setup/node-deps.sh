#!/usr/bin/env bash
# npm ci when node_modules is missing or older than the lockfile.
# Dependencies' install scripts would compile better-sqlite3 against the machine's older Node first;
# so scripts are skipped, the Node 22 binary package is set up, and our postinstall builds native
# modules once, for Node 22 (scripts/build/postinstall.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x node_modules/.bin/next ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "deps: npm ci…"
  npm ci --no-audit --no-fund --ignore-scripts
  npm rebuild node --no-audit --no-fund
  PATH="$PWD/node_modules/.bin:$PATH" npm run postinstall
fi
