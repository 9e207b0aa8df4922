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

echo "demo: evaluation Collector (OTLP gen_ai.evaluation.result events to Prometheus counters)…"
export AIRE_OTLP_ENDPOINT=$(bash dev/otelcol/up.sh --profile demo | sed -n 's/^otlp-endpoint: //p' | tail -n1)

echo "demo: traffic simulator (30 days of history, canary degradation scenario) and Prometheus…"
export PROMETHEUS_URL=$(bash dev/sim/start.sh --profile demo | sed -n 's/^prometheus-url: //p' | tail -n1)

# The golden-set prober (docs/GOLDEN-SETS.md): each version's pool through the simulator's chat API,
# verdicts to the Collector above. A short interval so the canary pages within minutes.
source dev/prometheus/profile.sh && aire_profile demo # SIM_PORT
sim=http://127.0.0.1:$SIM_PORT
export AIRE_GOLDEN_PROBER=${AIRE_GOLDEN_PROBER:-on} AIRE_PROBER_INTERVAL_SECONDS=${AIRE_PROBER_INTERVAL_SECONDS:-30}
pool_path='/clusters/{cluster}/namespaces/{namespace}/pools/{pool}' gateway_path='/clusters/{cluster}'
export AIRE_PROBER_POOL_URL=${AIRE_PROBER_POOL_URL:-$sim$pool_path} AIRE_PROBER_GATEWAY_URL=${AIRE_PROBER_GATEWAY_URL:-$sim$gateway_path}

export DATABASE_URL=${DATABASE_URL:-file:./.aire/demo.db}
tsx dev/db/migrate.ts
tsx dev/db/seed.ts
tsx dev/db/seed-costs.ts
tsx dev/db/seed-slos.ts
tsx dev/db/seed-golden.ts

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
  OTLP/HTTP for evaluation results (POST /v1/logs): $AIRE_OTLP_ENDPOINT
  Golden-set prober: $AIRE_GOLDEN_PROBER, every ${AIRE_PROBER_INTERVAL_SECONDS} s (SLOs → Golden sets; the v2
    canary of llama-3-1-8b fails 9 of 10 prompts and pages "Llama 3.1 8B canary golden set")
  Admin kubeconfig for kubectl: $(sed -n 's/^admin-kubeconfig: //p' <<<"$status")
  Stop: Ctrl-C here, then npm run cluster:down

MSG
exec bash dev/start-app.sh "$port"
