#!/usr/bin/env bash
# Starts the built console (next start) on the given port.
# Used by the demo and the end-to-end tests; configuration comes from the environment.
# The server applies pending migrations itself at start-up (instrumentation.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3000}
export PATH="$PWD/node_modules/.bin:$PATH"
exec next start -H 127.0.0.1 -p "$port"
