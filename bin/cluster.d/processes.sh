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
# pid file names the real process. Returns once that process runs the command: a look at its
# command line (owned_pid) while the shell is still exec'ing it could find the shell's, or none
# (Linux shows an empty one during an exec), and take a process just started for dead. A command
# that exits at once is left to the caller's wait, which sees it gone and shows its log.
# Environment for the command: VAR=value before spawn, not `env`, which would exec once more.
spawn() {
  local pidfile="$1" logfile="$2" i pid="" cmdline deadline=$((SECONDS + 5))
  shift 2
  # shellcheck disable=SC2016 # $$ and $@ belong to the inner shell
  local shell='echo $$ >"$0"; exec "$@"'
  rm -f "$pidfile"
  printf '=== started %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ')" >>"$logfile"
  setsid -f bash -c "$shell" "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null
  # At most 50 looks, 0.1 s apart, within 5 s.
  for ((i = 0; i < 50 && SECONDS <= deadline; i++)); do
    [[ -z "$pid" && -s "$pidfile" ]] && pid="$(<"$pidfile")"
    if [[ -n "$pid" ]]; then
      cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 0 # gone already
      exec_done "$pid" "$cmdline" "$shell" "$@" && return 0
    fi
    sleep 0.1
  done
  [[ -n "$pid" ]] || die "could not start $* (no pid file $pidfile)"
  die "could not start $* (pid $pid did not run it within 5 s)"
}

# exec_done PID CMDLINE SHELL COMMAND...: PID has exec'd COMMAND (its command line, NULs as spaces,
# ends with COMMAND's arguments, is not SPAWN's shell: an interpreter may come before a script's
# path), or has exited already (a zombie's command line is empty).
exec_done() {
  local pid="$1" cmdline="$2" shell="$3" stat
  shift 3
  if [[ -z "$cmdline" ]]; then
    { stat="$(<"/proc/$pid/stat")"; } 2>/dev/null || return 0
    stat="${stat##*) }"
    [[ "${stat%% *}" == [ZX] ]]
    return
  fi
  [[ "$cmdline" != *"$shell"* && "$cmdline" == *" ${*:2} " ]]
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
