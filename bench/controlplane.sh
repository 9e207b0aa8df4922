#!/usr/bin/env bash
# Control-plane numbers: warm start to all-ready, RSS of every component, and the wall time of
# `kubectl get nodes,pods -A -o json` per cluster (the baseline the fleet cache is compared with).
# Seed first for the scale you want: tsx dev/seed/seed-cluster.ts --scale small|bench
exec bash "$(dirname "$0")/../dev/cluster/measure.sh" "$@"
