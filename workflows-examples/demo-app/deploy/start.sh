#!/usr/bin/env bash
# Start: replaces this environment's running instance (and only this
# environment's: each has its own pid file and port) with the release.
set -euo pipefail
: "${PORT:?PORT is not set: give the environment its own port under env:}"

exec ./deploy/launch.sh "$REHEARSE_ENVIRONMENT" "$PORT" "$REHEARSE_URL/healthz" \
  ".rehearse/releases/$REHEARSE_SHA/app/server.js"
