# shellcheck shell=bash
# bin/cluster: commands on one node (kill, stop, start, logs) and the cluster's status.

yes_no() { if [[ "$1" == true ]]; then echo yes; else echo no; fi; }

cmd_status() {
  local json=false
  case "${1:-}" in
    --json) json=true ;;
    "") ;;
    *) die "usage: bin/cluster status [--json]" ;;
  esac
  if [[ ! -f "$LAYOUT" ]]; then
    if $json; then echo "[]"; else note "no cluster in $RUN_DIR"; fi
    return 0
  fi
  load_layout
  local i pid alive sep=""
  $json && printf '['
  $json || printf '%-5s %-7s %-8s %-26s %-26s %s\n' INDEX ID PID HTTP ADMIN ALIVE
  for i in $(members); do
    pid="$(node_pid "$i")" || pid=""
    alive=false
    [[ -n "$pid" ]] && answers_ping "$i" && alive=true
    if $json; then
      printf '%s\n  {"index": %d, "id": "node%d", "pid": %s, "http": "%s", "admin": "%s", "alive": %s}' \
        "$sep" "$i" "$i" "${pid:-null}" "$(http_url "$i")" "$(admin_url "$i")" "$alive"
      sep=","
    else
      printf '%-5s %-7s %-8s %-26s %-26s %s\n' "$i" "node$i" "${pid:--}" \
        "$(http_url "$i")" "$(admin_url "$i")" "$(yes_no "$alive")"
    fi
  done
  if $json; then
    printf '\n]\n'
  else
    helper_row haproxy haproxy_pid "http://127.0.0.1:$BASE_PORT" "http://127.0.0.1:$(stats_port)/"
    $SYSLOG && helper_row rsyslogd rsyslogd_pid "udp://127.0.0.1:$(syslog_port)" "$SYSLOG_LOGS/"
    if $SYSLOG && node_binary >/dev/null; then
      helper_row logs log_browser_pid "http://127.0.0.1:$(log_browser_port)/" "$SYSLOG_LOGS/"
    fi
    $GRAPHITE && helper_row carbon carbon_pid "tcp://127.0.0.1:$(carbon_port)" "$GRAPHITE_DIR/storage/whisper/"
    if $GRAPHITE && graphite_web_binary >/dev/null; then
      helper_row graphite-web graphite_web_pid "http://127.0.0.1:$(graphite_web_port)/" "-"
    fi
  fi
  return 0
}

# A status line for a process beside the nodes: its address, and where its data is.
helper_row() {
  local name="$1" pidfn="$2" address="$3" where="$4" pid alive=true
  pid="$("$pidfn")" || { pid="-"; alive=false; }
  printf '%-5s %-7s %-8s %-26s %-26s %s\n' - "$name" "$pid" "$address" "$where" "$(yes_no "$alive")"
}

cmd_kill() {
  load_layout
  node_index "${1:-}"
  local pid
  pid="$(node_pid "$1")" || { note "node$1 is not running"; return 0; }
  kill -KILL "$pid"
  wait_gone "$pid"
  rm -f "$(node_dir "$1")/pid"
  note "killed node$1 (pid $pid)"
}

cmd_stop() {
  load_layout
  node_index "${1:-}"
  local pid
  pid="$(node_pid "$1")" || { note "node$1 is not running"; return 0; }
  terminate "$pid"
  rm -f "$(node_dir "$1")/pid"
  note "stopped node$1 (pid $pid)"
}

cmd_start() {
  load_layout
  member_index "${1:-}"
  local i="$1" pid
  if pid="$(node_pid "$i")"; then
    note "node$i is already running (pid $pid)"
    return 0
  fi
  [[ -f "$(node_dir "$i")/config.yml" ]] || die "node$i has no config (run: bin/cluster up)"
  [[ -f "$JAR" ]] || die "missing $JAR"
  # The node's config still points at the collectors `up` started: bring back any that died.
  ensure_collectors || note "starting node$i anyway; its logs and metrics stay local"
  launch_node "$i"
  ((START_NICE == 0)) || session_nice "$i" "$START_NICE"
  if ! await_healthy "$i"; then
    cmd_stop "$i" >/dev/null 2>&1
    die "node$i did not become healthy; stopped it again"
  fi
  note "started node$i (pid $(node_pid "$i")) $(http_url "$i")"
}

cmd_logs() {
  load_layout
  local target="${1:-}" file follow=()
  [[ "${2:-}" == -f ]] && follow=(-f)
  if [[ "$target" == haproxy ]]; then
    file="$RUN_DIR/haproxy.log"
  elif [[ "$target" == rsyslogd ]]; then
    file="$RSYSLOG_DIR/rsyslogd.log"
  elif [[ "$target" == log-browser ]]; then
    file="$LOG_BROWSER_DIR/log-browser.log"
  elif [[ "$target" == carbon ]]; then
    file="$GRAPHITE_DIR/carbon-cache.log"
  elif [[ "$target" == graphite-web ]]; then
    file="$GRAPHITE_DIR/web/graphite-web.log"
  else
    node_index "$target"
    file="$(node_dir "$target")/node.log"
  fi
  [[ -f "$file" ]] || die "no log yet: $file (startup output is in stdout.log next to it)"
  tail -n 100 "${follow[@]+"${follow[@]}"}" "$file"
}
