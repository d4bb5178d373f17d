# shellcheck shell=bash
# bin/cluster: HAProxy in front of the members: its config, its start, and a reload when they change.

write_haproxy_config() {
  local template="$REPO/haproxy/haproxy-local.cfg.template" line i tls=""
  # --https: HAProxy speaks TLS to the nodes (and their checks) and verifies their certificate
  if $HTTPS; then tls=" ssl verify required ca-file $SECURITY_DIR/cluster.pem"; fi
  while IFS= read -r line; do
    case "${line// /}" in
      @WRITE_SERVERS@)
        for i in $(members); do
          echo "    server node$i $(node_host "$i"):$(http_port "$i") check port $(admin_port "$i")${tls:+$tls check-ssl}"
        done ;;
      @READ_SERVERS@)
        for i in $(members); do
          echo "    server node$i $(node_host "$i"):$(http_port "$i") track nodes/node$i$tls"
        done ;;
      *)
        line="${line//@FRONTEND_PORT@/$BASE_PORT}"
        echo "${line//@STATS_PORT@/$(stats_port)}" ;;
    esac
  done <"$template" >"$RUN_DIR/haproxy.cfg"
}

start_haproxy() {
  if ! command -v haproxy >/dev/null; then
    note "haproxy is not installed (bin/setup installs it): no load balancer on port $BASE_PORT"
    return 0
  fi
  write_haproxy_config
  haproxy -c -q -f "$RUN_DIR/haproxy.cfg" || { note "invalid $RUN_DIR/haproxy.cfg"; return 1; }
  spawn "$RUN_DIR/haproxy.pid" "$RUN_DIR/haproxy.log" haproxy -db -f "$RUN_DIR/haproxy.cfg"
  local i
  for i in {1..50}; do
    port_in_use "$BASE_PORT" && return 0
    haproxy_pid >/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$RUN_DIR/haproxy.log" >&2
  note "haproxy did not start"
  return 1
}

# Rewrites HAProxy's server list from the members and hands over to a new HAProxy (-sf: the old
# one stops listening once the new one does, and finishes the requests it holds).
reload_haproxy() {
  local old i
  command -v haproxy >/dev/null || return 0
  write_haproxy_config
  old="$(haproxy_pid)" || { note "haproxy is not running: $RUN_DIR/haproxy.cfg rewritten only"; return 0; }
  haproxy -c -q -f "$RUN_DIR/haproxy.cfg" || die "invalid $RUN_DIR/haproxy.cfg"
  spawn "$RUN_DIR/haproxy.pid" "$RUN_DIR/haproxy.log" haproxy -db -f "$RUN_DIR/haproxy.cfg" -sf "$old"
  for i in {1..100}; do
    running "$old" || break
    sleep 0.1
  done
  if running "$old"; then terminate "$old"; fi
  if ! haproxy_pid >/dev/null || ! port_in_use "$BASE_PORT"; then die "haproxy did not come back (bin/cluster logs haproxy)"; fi
  note "haproxy now balances over: $(members | sed 's/^/node/' | tr '\n' ' ')"
}
