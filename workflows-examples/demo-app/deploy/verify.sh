#!/usr/bin/env bash
# Verify: the environment serves this release, and it is healthy.
set -euo pipefail

release=".rehearse/releases/$REHEARSE_SHA"
expected=$(node -p "require('./$release/build-stamp.json').version")
node deploy/probe.js check "$REHEARSE_URL/healthz" "$expected"
