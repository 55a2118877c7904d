# Sourced by the service scripts: stopping the one process a script started. The sourcing script
# defines say, our_pid (the pid in PID_FILE, if that process is still its service) and RUN_DIR.

# Stops our process (SIGTERM, then SIGKILL after 60 s); the caller holds the lock.
stop_locked() {
  local pid
  if ! pid="$(our_pid)"; then rm -f "$PID_FILE"; say "no node of this script is running"; return 0; fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; say "stopped (pid ${pid})"; return 0; }
    sleep 0.5
  done
  say "pid ${pid} ignored SIGTERM for 60s; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
}

# Stops our process under the same lock `start` takes, so a stop never races a start.
stop() {
  mkdir -p "$RUN_DIR"
  exec 9>"${RUN_DIR}/.lock"
  flock 9
  stop_locked
}
