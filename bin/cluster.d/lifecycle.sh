# shellcheck shell=bash
# bin/cluster: the cluster's lifecycle: up and down.

cmd_up() {
  local k=5 n="" r="" w="" v=1 ring_layout="" partitions=256 mode=linearizable durability=os syslog=false graphite=false max_nodes=98 auth=false tls=false https=false
  if [[ $# -gt 0 && "$1" != --* ]]; then k="$1"; shift; fi
  while (($# > 0)); do
    case "$1" in
      --syslog) syslog=true; max_nodes=94; shift; continue ;;
      --graphite) graphite=true; ((max_nodes < 95)) || max_nodes=95; shift; continue ;;
      --auth) auth=true; shift; continue ;;
      --tls) tls=true; shift; continue ;;
      --https) https=true; shift; continue ;;
    esac
    (($# >= 2)) || die "$1 needs a value"
    case "$1" in
      --replicas) n="$2" ;;
      --reads) r="$2" ;;
      --writes) w="$2" ;;
      --vnodes) v="$2"; ring_layout="${ring_layout:-tokens}" ;;
      --layout) ring_layout="$2" ;;
      --partitions) partitions="$2" ;;
      --conflicts) mode="$2" ;;
      --durability) durability="$2" ;;
      *) die "unknown option $1" ;;
    esac
    shift 2
  done
  # The collectors take ports B+95..B+98, right above the nodes' client ports.
  in_range "$k" 1 "$max_nodes" || die "node count must be 1..$max_nodes, got '$k'"
  n="${n:-$((k < 3 ? k : 3))}"
  in_range "$n" 1 "$k" || die "--replicas must be 1..$k, got '$n'"
  r="${r:-$((n / 2 + 1))}"
  w="${w:-$((n / 2 + 1))}"
  in_range "$r" 1 "$n" || die "--reads must be 1..$n, got '$r'"
  in_range "$w" 1 "$n" || die "--writes must be 1..$n, got '$w'"
  in_range "$v" 1 1000 || die "--vnodes must be 1..1000, got '$v'"
  ring_layout="${ring_layout:-partitions}"
  [[ "$ring_layout" == partitions || "$ring_layout" == tokens ]] || die "--layout must be partitions or tokens, got '$ring_layout'"
  in_range "$partitions" 1 4096 || die "--partitions must be 1..4096, got '$partitions'"
  [[ "$mode" == linearizable || "$mode" == siblings ]] || die "--conflicts must be linearizable or siblings"
  [[ "$durability" == os || "$durability" == sync ]] || die "--durability must be os or sync"

  refuse_if_running
  refuse_ring_change "$k" "$ring_layout" "$partitions" "$v"
  # Nodes that left stay out of an `up` over the same data; a fresh cluster has all K.
  # shellcheck disable=SC2034 # GONE and the rest of the layout: globals (bin/cluster) other parts read
  [[ -d "$(node_dir 1)/data" ]] || GONE=""
  # shellcheck disable=SC2034
  NODES="$k" REPLICAS="$n" READS="$r" WRITES="$w" VNODES="$v" RING_LAYOUT="$ring_layout" PARTITIONS="$partitions" CONFLICTS="$mode" DURABILITY="$durability"
  # shellcheck disable=SC2034
  SYSLOG="$syslog" GRAPHITE="$graphite" AUTH="$auth" TLS="$tls" HTTPS="$https"
  check_collectors_installed
  check_ports_free
  build_jar
  archive_opts
  save_layout
  prepare_security
  # Before the nodes, so that their first log lines and reports have somewhere to go.
  if ! ensure_collectors; then
    note "stopping what started; logs stay in $RUN_DIR"
    cmd_down
    exit 1
  fi
  note "starting $NODES nodes (N=$REPLICAS R=$READS W=$WRITES $(ring_setting) conflicts=$CONFLICTS) in $RUN_DIR"
  local i
  for i in $(members); do
    mkdir -p "$(node_dir "$i")"
    write_config "$i"
    launch_node "$i"
  done
  local all=()
  mapfile -t all < <(members)
  if ! await_healthy "${all[@]}" || ! start_haproxy; then
    note "stopping the cluster; logs stay in $RUN_DIR"
    cmd_down
    exit 1
  fi
  await_peers "${all[@]}"
  print_urls
}

# The nodes store their ring with their data and keep it across restarts (its epoch changes only
# by consensus), so an `up` with other members or another layout over existing data would run
# nodes that serve the old ring: refuse it instead.
refuse_ring_change() {
  local k="$1" ring_layout="$2" partitions="$3" vnodes="$4" old
  [[ -f "$LAYOUT" && -d "$(node_dir 1)/data" ]] || return 0
  # save_layout's order: NODES, VNODES, RING_LAYOUT, PARTITIONS
  old="$(sed -n 's/^\(NODES\|VNODES\|RING_LAYOUT\|PARTITIONS\)=//p' "$LAYOUT" | tr '\n' ' ')"
  [[ "$old" == "$k $vnodes $ring_layout $partitions " ]] ||
    die "$RUN_DIR holds the data of another ring (nodes, vnodes, layout, partitions: ${old% }; asked for: $k $vnodes $ring_layout $partitions); the nodes keep the ring they stored: run bin/cluster down --purge first, or use another DYNAMO_RUN_DIR"
}

# A second `up` would start a second set of JVMs on the same data: refuse it.
refuse_if_running() {
  [[ -f "$LAYOUT" ]] || return 0
  local saved_base="$BASE_PORT" i
  load_layout
  for ((i = 1; i <= NODES; i++)); do
    node_pid "$i" >/dev/null && die "a cluster is already running in $RUN_DIR (bin/cluster status; bin/cluster down)"
  done
  haproxy_pid >/dev/null && die "haproxy of the cluster in $RUN_DIR still runs (bin/cluster down)"
  [[ -z "$(collector_pids)" ]] || die "rsyslogd, the log browser, carbon or graphite-web of the cluster in $RUN_DIR still runs (bin/cluster down)"
  BASE_PORT="$saved_base"
}

print_urls() {
  local i
  for i in $(members); do
    printf 'node%-3s %s  (admin %s)\n' "$i" "$(http_url "$i")" "$(admin_url "$i")"
  done
  printf 'web view %s/ui/  (every admin port serves it)\n' "$(admin_url 1)"
  if haproxy_pid >/dev/null; then
    printf 'haproxy http://127.0.0.1:%s  (stats http://127.0.0.1:%s/)\n' "$BASE_PORT" "$(stats_port)"
  fi
  if $AUTH; then
    # shellcheck disable=SC2016 # printed for the user to run
    printf 'tokens  export DYNAMO_TOKEN=$(cat %s/api.token)  (admin port: admin.token)\n' "$SECURITY_DIR"
  fi
  if $HTTPS; then
    printf 'https   curl --cacert %s/cluster.pem ... (Java: trust store trust.p12)\n' "$SECURITY_DIR"
  fi
  if rsyslogd_pid >/dev/null; then
    printf 'rsyslogd udp://127.0.0.1:%s  (per-node logs in %s/)\n' "$(syslog_port)" "$SYSLOG_LOGS"
  fi
  if log_browser_pid >/dev/null; then
    printf 'logs    http://127.0.0.1:%s/  (log browser: follow and filter by node, level, text)\n' "$(log_browser_port)"
  fi
  if carbon_pid >/dev/null; then
    printf 'carbon  tcp://127.0.0.1:%s  (whisper files in %s/storage/whisper/dynamo/)\n' "$(carbon_port)" "$GRAPHITE_DIR"
  fi
  if graphite_web_pid >/dev/null; then
    printf 'graphite-web http://127.0.0.1:%s/render?target=dynamo.*.coordinator.put.p99&from=-15min\n' "$(graphite_web_port)"
  fi
}

# shellcheck disable=SC2120 # main passes it the command line's arguments (bin/cluster)
cmd_down() {
  local purge=false
  case "${1:-}" in
    --purge) purge=true ;;
    "") ;;
    *) die "usage: bin/cluster down [--purge]" ;;
  esac
  if [[ ! -f "$LAYOUT" ]]; then
    note "no cluster in $RUN_DIR"
    return 0
  fi
  load_layout
  local pids=() pid i
  for ((i = 1; i <= NODES; i++)); do
    pid="$(node_pid "$i")" && pids+=("$pid")
  done
  pid="$(haproxy_pid)" && pids+=("$pid")
  terminate "${pids[@]+"${pids[@]}"}"
  # The collectors last: the nodes' final lines and reports still reach them, and carbon
  # writes its cache to disk on SIGTERM.
  local collectors
  mapfile -t collectors < <(collector_pids)
  terminate "${collectors[@]+"${collectors[@]}"}"
  for ((i = 1; i <= NODES; i++)); do rm -f "$(node_dir "$i")/pid"; done
  rm -f "$RUN_DIR/haproxy.pid" "$RSYSLOG_DIR/pid" "$LOG_BROWSER_DIR/pid" "$GRAPHITE_DIR/pid" "$GRAPHITE_DIR/web/pid"
  note "stopped $((${#pids[@]} + ${#collectors[@]})) processes"
  if $purge; then
    rm -rf -- "$RUN_DIR"
    note "deleted $RUN_DIR"
  fi
}
