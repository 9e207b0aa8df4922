#!/usr/bin/env bash
# Installs the Debian packages the demo and tests need, if missing: PostgreSQL, Prometheus
# (and promtool), Chromium for Playwright, openssl for the local cluster's certificates.
set -euo pipefail
need=()
command -v openssl >/dev/null || need+=(openssl)
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v prometheus >/dev/null || need+=(prometheus)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  echo "deps: system packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing Debian packages: ${need[*]} — install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "deps: installing ${need[*]} (apt-get)…"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The prometheus package starts a system service on :9090 we do not use; our own instance uses another port.
systemctl disable --now prometheus >/dev/null 2>&1 || true
echo "deps: installed ${need[*]}"
