#!/usr/bin/env bash
# Start, for the canary and blue-green plans: starts the release beside the
# live one, on the instance users are not on (blue or green, behind the
# environment's load balancer), and checks it answers with its version.
# Users reach it later: through the canary's traffic steps, or blue-green's
# switch (deploy/routing.js).
set -euo pipefail

./deploy/balancer.sh "$REHEARSE_ENVIRONMENT" "$REHEARSE_URL"
read -r slot url < <(node deploy/routing.js target)
release=".rehearse/releases/$REHEARSE_SHA"
./deploy/launch.sh "$REHEARSE_ENVIRONMENT-$slot" "${url##*:}" "$url/healthz" \
  "$release/app/server.js"
version=$(node -p "require('./$release/build-stamp.json').version")
node deploy/probe.js check "$url/healthz" "$version"
