#!/usr/bin/env bash
# Assembles the Next.js standalone server into DIR: server.js, its node_modules, static assets and
# the SQL migrations it applies at start-up. Used by the Dockerfile and by the tests that start the
# server as the container does.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: scripts/build/standalone.sh DIR}
rm -rf "$out" && mkdir -p "$out"
dist=${AIRE_NEXT_DIST_DIR:-.next}
cp -a "$dist/standalone/." "$out/"
# The server looks for its assets under its dist dir as configured (relative to its own directory),
# which may be nested (AIRE_NEXT_DIST_DIR=.aire/next-io); an absolute one already holds them.
mkdir -p "$out/prisma"
case "$dist" in
  /*) ;;
  *) mkdir -p "$out/$dist" && cp -a "$dist/static" "$out/$dist/static" ;;
esac
[ -d public ] && cp -a public "$out/public"
cp -a prisma/migrations "$out/prisma/migrations"
echo "standalone: $out"
