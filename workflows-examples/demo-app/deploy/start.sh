#!/usr/bin/env bash
# Start: replaces this environment's running instance (and only this
# environment's: each has its own pid file and port) with the release.
set -euo pipefail
: "${PORT:?PORT is not set: give the environment its own port under env:}"

release=".rehearse/releases/$REHEARSE_SHA"
run_dir="$PWD/.rehearse/run"
pid_file="$run_dir/$REHEARSE_ENVIRONMENT.pid"
log_file="$run_dir/$REHEARSE_ENVIRONMENT.log"
mkdir -p "$run_dir"

if [[ -f $pid_file ]]; then
  previous=$(<"$pid_file")
  if kill -0 "$previous" 2>/dev/null; then
    echo "Stopping the previous $REHEARSE_ENVIRONMENT instance (pid $previous)"
    kill "$previous"
    # The app deletes its pid file once its port is free. (A stopped process
    # may linger as a zombie until init reaps it, so kill -0 alone would wait.)
    for _ in $(seq 50); do
      [[ -f $pid_file ]] && kill -0 "$previous" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pid_file"
fi

# Job control puts the app in its own process group: it must outlive this
# step, and stopping a step stops the step's process group.
set -m
APP_PID_FILE="$pid_file" nohup node "$release/app/server.js" \
  </dev/null >>"$log_file" 2>&1 &
pid=$!
set +m
echo "$pid" >"$pid_file"
echo "Started $REHEARSE_ENVIRONMENT on port $PORT (pid $pid, log $log_file)"

if ! node deploy/probe.js wait "$REHEARSE_URL/healthz" "$pid" 10; then
  echo "Last lines of $log_file:"
  tail -n 5 "$log_file"
  exit 1
fi
