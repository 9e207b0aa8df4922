#!/usr/bin/env bash
# One command for the whole demo: local GPU clusters (built from source on first run), seeded
# fleet, the traffic simulator with Prometheus (30 days of history and a canary that degrades),
# SQLite database with demo logins, prices and SLOs, and the console in production mode.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-3000}
bash dev/setup/system-deps.sh
bash dev/setup/node-deps.sh
export PATH="$PWD/node_modules/.bin:$PATH" NEXT_TELEMETRY_DISABLED=1

bash dev/cluster/cluster.sh up
tsx dev/seed/seed-cluster.ts --scale "${AIRE_SCALE:-small}"
status=$(bash dev/cluster/cluster.sh status)
export AIRE_KUBECONFIG=$(sed -n 's/^console-kubeconfig: //p' <<<"$status")

echo "demo: traffic simulator (30 days of history, canary degradation scenario) and Prometheus…"
export PROMETHEUS_URL=$(bash dev/sim/start.sh --profile demo | sed -n 's/^prometheus-url: //p' | tail -n1)

export DATABASE_URL=${DATABASE_URL:-file:./.aire/demo.db}
tsx dev/db/migrate.ts
tsx dev/db/seed.ts
tsx dev/db/seed-costs.ts
tsx dev/db/seed-slos.ts

# A per-checkout secret for signing session cookies, kept out of the repo.
[ -s .aire/demo-secret ] || head -c 32 /dev/urandom | base64 >.aire/demo-secret
export NEXTAUTH_SECRET=$(cat .aire/demo-secret) NEXTAUTH_URL=http://127.0.0.1:$port

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib proxy.ts -newer .next/BUILD_ID -print -quit)" ]; then
  echo "demo: building the console (next build)…"
  next build >.aire/next-build.log 2>&1 || { tail -40 .aire/next-build.log; exit 1; }
fi

cat <<MSG

  AIRe Console demo: http://127.0.0.1:$port

  Sign in as (local demo accounts):
    admin  / admin-demo-pw    admin: everything
    olivia / olivia-demo-pw   operator of team "assistant"
    victor / victor-demo-pw   viewer

  Prometheus: $PROMETHEUS_URL
  Admin kubeconfig for kubectl: $(sed -n 's/^admin-kubeconfig: //p' <<<"$status")
  Stop: Ctrl-C here, then npm run cluster:down

MSG
exec bash dev/start-app.sh "$port"
