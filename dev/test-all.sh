#!/usr/bin/env bash
# Runs every test: lint, types, unit, integration against the real local clusters on SQLite and
# on PostgreSQL, then the browser tests against the built console on both databases.
# Installs and starts what it needs (Debian packages, npm packages, control plane, PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(($(date +%s) - t0))"; }
results=.aire/test-results
rm -rf "$results" && mkdir -p "$results"

step "system packages"
bash dev/setup/system-deps.sh
step "node packages"
bash dev/setup/node-deps.sh
step "npm audit (production dependencies, high and critical)"
node dev/setup/npm-audit.mjs
export PATH="$PWD/node_modules/.bin:$PATH" NEXT_TELEMETRY_DISABLED=1

step "lint and format"
eslint .
prettier --check . >/dev/null || { prettier --check .; exit 1; }
step "import graph: no folder cycles"
npm run -s check:imports
step "copy-paste: no repeated block across the writers"
npm run -s check:duplicates
step "typecheck"
tsc --noEmit
step "unit tests"
vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json"

step "local clusters: the test run's own (build, fresh start, seed)"
# Own state and ports (dev/test-env.sh), started empty: no demo, no earlier run leaves anything behind.
source dev/test-env.sh
bash dev/cluster/cluster.sh down --purge >/dev/null
bash dev/cluster/cluster.sh up
tsx dev/seed/seed-cluster.ts --scale small
status=$(bash dev/cluster/cluster.sh status)
export AIRE_ADMIN_KUBECONFIG=$(sed -n 's/^admin-kubeconfig: //p' <<<"$status")
export AIRE_KUBECONFIG=$(sed -n 's/^console-kubeconfig: //p' <<<"$status")
export AIRE_CONSOLE_KUBECONFIG=$AIRE_KUBECONFIG

step "evaluation Collector (built with the OpenTelemetry Collector Builder; cached)"
export AIRE_OTLP_ENDPOINT=$(bash dev/otelcol/up.sh --profile test | sed -n 's/^otlp-endpoint: //p' | tail -n1)
[ -n "$AIRE_OTLP_ENDPOINT" ] || { echo "evaluation Collector did not start" >&2; exit 1; }

step "metrics: traffic simulator (2 days of history) and Prometheus"
export PROMETHEUS_URL=$(bash dev/sim/start.sh --profile test | sed -n 's/^prometheus-url: //p' | tail -n1)
[ -n "$PROMETHEUS_URL" ] || { echo "metrics stack did not start" >&2; exit 1; }

step "PostgreSQL"
pg_db=${AIRE_PG_DB:-aire_test}
pg_url=$(bash dev/setup/postgres.sh "$pg_db" --fresh | tail -n1)

export NEXTAUTH_SECRET=test-secret-not-for-production-0123456789
sqlite_url="file:./.aire/test.db"

step "integration tests on SQLite"
rm -f .aire/test.db*
DATABASE_URL=$sqlite_url vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration-sqlite.json"
step "integration tests on PostgreSQL"
DATABASE_URL=$pg_url vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration-postgresql.json"

step "production build"
next build >"$results/next-build.log" 2>&1 || { cat "$results/next-build.log"; exit 1; }
grep -E '^(Route|[├└┌]|ƒ|○)' "$results/next-build.log" || true

for db in sqlite postgresql; do
  step "browser tests on $db"
  if [ "$db" = sqlite ]; then
    rm -f .aire/test.db*
    export DATABASE_URL=$sqlite_url
  else
    pg_url=$(bash dev/setup/postgres.sh "$pg_db" --fresh | tail -n1)
    export DATABASE_URL=$pg_url
  fi
  tsx dev/db/migrate.ts && tsx dev/db/seed.ts && tsx dev/db/seed-costs.ts && tsx dev/db/seed-slos.ts
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e-$db.json" playwright test --reporter=list,json
done

# The SLO and golden-set prober acceptances in a real browser (about 10 minutes of live traffic) run
# once, on SQLite, with their own console, simulator, Collector and Prometheus (e2e/acceptance,
# docs/SLOS.md).
step "browser acceptance: an SLO burn caught, blamed and mitigated; a failing canary's golden answers paged"
acc_url="file:./.aire/test-acceptance.db"
rm -f .aire/test-acceptance.db*
DATABASE_URL=$acc_url tsx dev/db/migrate.ts && DATABASE_URL=$acc_url tsx dev/db/seed.ts
DATABASE_URL=$acc_url PLAYWRIGHT_JSON_OUTPUT_NAME="$results/e2e-acceptance.json" \
  playwright test -c playwright.acceptance.config.ts --reporter=list,json

# Last, when nothing else runs: two replicas of the build above behind a loopback proxy, with
# faults injected into the suite's own control plane, Prometheus and PostgreSQL (dev/fault).
step "fault suite (own isolated stack)"
# The fault stack picks its own ports and state (dev/fault/env.sh) only where none are set.
unset AIRE_STATE_DIR AIRE_ETCD_CLIENT_PORT AIRE_ETCD_PEER_PORT AIRE_APISERVER_PORTS AIRE_KCM_PORTS \
  AIRE_SCHEDULER_PORTS AIRE_KWOK_PORTS
fault_rc=0
AIRE_NEXT_DIST_DIR=${AIRE_NEXT_DIST_DIR:-.next} vitest run --project fault --reporter=default --reporter=json --outputFile="$results/fault.json" || fault_rc=$?
bash dev/fault/stack.sh down >/dev/null 2>&1 || true
[ "$fault_rc" = 0 ] || exit "$fault_rc"

step "done"
node dev/test-summary.mjs "$results"
