# shellcheck shell=bash
# bin/cluster: processes it starts and stops (pid files checked against command lines), ports in use.

# Prints the pid recorded in a pid file if that process still runs and its command line
# contains the marker (our jar's config, our HAProxy config): we never signal strangers.
owned_pid() {
  local pidfile="$1" marker="$2" pid cmdline
  [[ -f "$pidfile" ]] || return 1
  pid="$(<"$pidfile")"
  is_number "$pid" || return 1
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmdline" == *"$marker"* ]] || return 1
  echo "$pid"
}

node_pid() { owned_pid "$(node_dir "$1")/pid" "server $(node_dir "$1")/config.yml"; }
haproxy_pid() { owned_pid "$RUN_DIR/haproxy.pid" "$RUN_DIR/haproxy.cfg"; }

# Starts a command in its own session, detached from this shell and its terminal, with
# output appended to a log file (what a JVM printed before it died, an OutOfMemoryError say,
# outlives the restart). The child writes its own pid before exec'ing the command, so the
# pid file names the real process.
spawn() {
  local pidfile="$1" logfile="$2" _
  shift 2
  rm -f "$pidfile"
  printf '=== started %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" >>"$logfile"
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  setsid -f bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null
  for _ in {1..50}; do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "could not start $* (no pid file $pidfile)"
}

running() { kill -0 "$1" 2>/dev/null; }

# Sends SIGTERM to every pid, waits up to STOP_TIMEOUT seconds, then SIGKILLs what is left.
terminate() {
  (($# > 0)) || return 0
  local pid deadline=$((SECONDS + STOP_TIMEOUT)) alive
  kill -TERM "$@" 2>/dev/null || true
  while ((SECONDS < deadline)); do
    alive=()
    for pid in "$@"; do running "$pid" && alive+=("$pid"); done
    ((${#alive[@]} == 0)) && return 0
    sleep 0.2
  done
  for pid in "$@"; do
    if running "$pid"; then
      note "pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  wait_gone "$@"
}

wait_gone() {
  local pid
  for pid in "$@"; do
    while running "$pid"; do sleep 0.1; done
  done
}

# port_in_use PORT [HOST]: something listens there (HOST defaults to 127.0.0.1).
port_in_use() { (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null; }

udp_port_in_use() {
  local hex
  hex="$(printf ':%04X' "$1")"
  awk -v port="$hex" 'NR > 1 && substr($2, length($2) - 4) == port { found = 1 } END { exit !found }' \
    /proc/net/udp /proc/net/udp6 2>/dev/null
}
