#!/usr/bin/env bash
# Puts a load balancer (deploy/balancer.js) at an environment's address,
# unless one runs there already; with a live URL, it sends all traffic there.
#   deploy/balancer.sh <environment> <url> [<live url>]
set -euo pipefail
environment=$1 url=$2 live=${3:-}
pid_file=".rehearse/run/$environment-balancer.pid"
mkdir -p .rehearse/run

if [[ -n $live ]]; then
  printf '{"live":{"url":"%s"}}\n' "$live" >".rehearse/run/$environment.routes.json"
fi
if [[ -f $pid_file ]] && kill -0 "$(<"$pid_file")" 2>/dev/null; then
  exit 0
fi
port=${url##*:}
./deploy/launch.sh "$environment-balancer" "$port" "$url/_balancer" \
  deploy/balancer.js "$environment" "$port"
echo "The $environment load balancer sends all traffic to ${live:-nothing yet}"
