#!/usr/bin/env bash
# Replaces one long-running process of the demo — an app instance or a load
# balancer — by name: stops the previous one (its pid file
# .rehearse/run/<name>.pid), starts `node <script> [args]` detached on
# <port>, and waits until <url> answers.
#   deploy/launch.sh <name> <port> <url> <script> [args...]
set -euo pipefail
name=$1 port=$2 url=$3
shift 3
run_dir="$PWD/.rehearse/run"
pid_file="$run_dir/$name.pid"
log_file="$run_dir/$name.log"
mkdir -p "$run_dir"

if [[ -f $pid_file ]]; then
  previous=$(<"$pid_file")
  if kill -0 "$previous" 2>/dev/null; then
    echo "Stopping the previous $name instance (pid $previous)"
    kill "$previous"
    # The process deletes its pid file once its port is free. (A stopped
    # process may linger as a zombie until init reaps it, so kill -0 alone
    # would wait.)
    for _ in $(seq 50); do
      [[ -f $pid_file ]] && kill -0 "$previous" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$pid_file"
fi

# Job control puts the process in its own process group: it must outlive
# this step, and stopping a step stops the step's process group.
set -m
PORT="$port" APP_PID_FILE="$pid_file" nohup node "$@" \
  </dev/null >>"$log_file" 2>&1 &
pid=$!
set +m
echo "$pid" >"$pid_file"
echo "Started $name on port $port (pid $pid, log $log_file)"

if ! node deploy/probe.js wait "$url" "$pid" 10; then
  echo "Last lines of $log_file:"
  tail -n 5 "$log_file"
  exit 1
fi
