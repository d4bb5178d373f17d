# shellcheck shell=bash
# bin/cluster: node processes: the jar, the start-up archive, launching, health waits, free ports.

# The start-up archive's flags (bin/startup-archive builds it once per jar), looked up once.
ARCHIVE_OPTS="unset"
archive_opts() {
  if [[ "$ARCHIVE_OPTS" == unset ]]; then
    ARCHIVE_OPTS="$("$REPO/bin/startup-archive" "$JAR")" || ARCHIVE_OPTS=""
  fi
}

launch_node() {
  local i="$1" dir java_opts extra=()
  dir="$(node_dir "$i")"
  read -r -a java_opts <<<"${JAVA_OPTS:-$DEFAULT_JAVA_OPTS}"
  archive_opts
  read -r -a extra <<<"$ARCHIVE_OPTS"
  if ((i == 1)) && [[ -n "${DYNAMO_NODE1_JAVA_OPTS:-}" ]]; then
    read -r -a extra <<<"$DYNAMO_NODE1_JAVA_OPTS"
  fi
  mkdir -p "$dir/data" "$dir/tmp"
  # Each node gets its own temp dir: Berkeley DB JE puts its temporary files there.
  # shellcheck disable=SC2153 # DYNAMO_JAVA (bin/cluster sets it), not a misspelt DYNAMO_JAR
  spawn "$dir/pid" "$dir/stdout.log" \
    "$DYNAMO_JAVA" "${java_opts[@]}" "${extra[@]}" "-Djava.io.tmpdir=$dir/tmp" -jar "$JAR" server "$dir/config.yml"
}

# session_nice I N: sets the nice value of node I's session. With autogroup scheduling
# (/proc/sys/kernel/sched_autogroup_enabled) Linux shares the CPU between sessions, not threads,
# and every node is a session of its own (spawn's setsid): a node restarted by `start` (its JIT
# compilers included) gets a sixth of the machine beside four serving nodes and their clients. A
# negative value while it starts gives it a larger share, until await_healthy sets 0 again.
# Silently nothing without autogroup or without the privilege (CAP_SYS_NICE) to lower a nice value.
session_nice() {
  local pid
  pid="$(node_pid "$1")" || return 0
  [[ -e "/proc/$pid/autogroup" ]] || return 0
  { echo "$2" >"/proc/$pid/autogroup"; } 2>/dev/null || true
}

healthy() { admin_get "$1" /healthcheck; }

answers_ping() { admin_get "$1" /ping; }

show_failure() {
  local i="$1" dir file
  dir="$(node_dir "$i")"
  for file in "$dir/stdout.log" "$dir/node.log"; do
    [[ -s "$file" ]] || continue
    printf -- '--- node%s: tail of %s\n' "$i" "$file" >&2
    tail -n 30 "$file" >&2
  done
}

# Waits until every given node answers its health check; on timeout or death, shows the
# node's logs and fails.
await_healthy() {
  local deadline=$((SECONDS + START_TIMEOUT)) pending=("$@") left i
  while ((${#pending[@]} > 0)); do
    left=()
    for i in "${pending[@]}"; do
      if ! node_pid "$i" >/dev/null; then
        show_failure "$i"
        note "node$i exited during startup"
        return 1
      fi
      if healthy "$i"; then
        ((START_NICE == 0)) || session_nice "$i" 0
      else
        left+=("$i")
      fi
    done
    pending=("${left[@]+"${left[@]}"}")
    ((${#pending[@]} == 0)) && return 0
    if ((SECONDS >= deadline)); then
      for i in "${pending[@]}"; do show_failure "$i"; done
      note "not healthy after ${START_TIMEOUT}s: ${pending[*]/#/node}"
      return 1
    fi
    sleep 0.5
  done
}

# Waits (at most PEERS_TIMEOUT seconds) until every given node has heard from all its ring peers
# (admin GET /peers: nothing silent), so that `up` returns with the broker links dialled. A node
# that stays silent is named; the cluster may still serve (a majority suffices), so this only warns.
await_peers() {
  local deadline=$((SECONDS + PEERS_TIMEOUT)) pending=("$@") left i silent
  while ((${#pending[@]} > 0)); do
    left=()
    for i in "${pending[@]}"; do
      silent="$(admin_curl "$i" /peers -fs --max-time 1 | jq -r '.silent | join(" ")' 2>/dev/null)" || silent="?"
      [[ -z "$silent" ]] || left+=("$i")
    done
    pending=("${left[@]+"${left[@]}"}")
    ((${#pending[@]} == 0)) && return 0
    if ((SECONDS >= deadline)); then
      for i in "${pending[@]}"; do
        note "node$i has not heard from: $(admin_curl "$i" /peers -fs --max-time 1 | jq -r '.silent | join(" ")' 2>/dev/null || echo '(no answer)')"
      done
      return 0
    fi
    sleep 0.2
  done
}

# The default jar is (re)built when missing or older than its sources (bin/lib/jar.sh); a jar given
# as DYNAMO_JAR (bin/compare's old commits, say) is run as it is.
build_jar() {
  if [[ -n "${DYNAMO_JAR:-}" ]]; then
    [[ -f "$JAR" ]] || die "DYNAMO_JAR=$JAR does not exist"
    return 0
  fi
  ensure_jar cluster "$JAR" key-value-store core || die "build failed"
}

check_ports_free() {
  local i port busy=()
  for i in $(members); do
    for port in "$(http_port "$i")" "$(admin_port "$i")" "$(broker_port "$i")"; do
      port_in_use "$port" "$(node_host "$i")" && busy+=("$(node_host "$i"):$port")
    done
  done
  if command -v haproxy >/dev/null; then
    for port in "$BASE_PORT" "$(stats_port)"; do
      port_in_use "$port" && busy+=("$port")
    done
  fi
  if $SYSLOG && udp_port_in_use "$(syslog_port)"; then busy+=("$(syslog_port)/udp"); fi
  if $SYSLOG && node_binary >/dev/null && port_in_use "$(log_browser_port)"; then busy+=("$(log_browser_port)"); fi
  if $GRAPHITE; then
    port_in_use "$(carbon_port)" && busy+=("$(carbon_port)")
    if graphite_web_binary >/dev/null && port_in_use "$(graphite_web_port)"; then busy+=("$(graphite_web_port)"); fi
  fi
  ((${#busy[@]} == 0)) || die "ports already in use: ${busy[*]} (choose another DYNAMO_BASE_PORT)"
}
