# shellcheck shell=bash
# bin/cluster: the layout file (cluster.env), the ports and URLs it implies, and node indices.

http_port() { echo $((BASE_PORT + $1)); }
admin_port() { echo $((BASE_PORT + 100 + $1)); }
broker_port() { echo $((BASE_PORT + 200 + $1)); }
stats_port() { echo $((BASE_PORT + 99)); }
syslog_port() { echo $((BASE_PORT + 98)); }       # UDP
carbon_port() { echo $((BASE_PORT + 97)); }       # carbon's plaintext line receiver
graphite_web_port() { echo $((BASE_PORT + 96)); }
log_browser_port() { echo $((BASE_PORT + 95)); }
node_dir() { echo "$RUN_DIR/node$1"; }
web_scheme() { if $HTTPS; then echo https; else echo http; fi; }
broker_scheme() { if $TLS; then echo ssl; else echo tcp; fi; }
# Node I binds every port on 127.0.0.I (Linux routes all of 127.0.0.0/8 to lo), as ccm does; its
# ports stay distinct per node too. HAProxy and the collectors stay on 127.0.0.1.
node_host() { echo "127.0.0.$1"; }
http_url() { echo "$(web_scheme)://$(node_host "$1"):$(http_port "$1")"; }
admin_url() { echo "$(web_scheme)://$(node_host "$1"):$(admin_port "$1")"; }
broker_url() { echo "$(broker_scheme)://$(node_host "$1"):$(broker_port "$1")"; }

ring_setting() { if [[ "$RING_LAYOUT" == tokens ]]; then echo "vnodes=$VNODES"; else echo "partitions=$PARTITIONS"; fi; }

save_layout() {
  mkdir -p "$RUN_DIR"
  cat >"$LAYOUT" <<EOF
NODES=$NODES
GONE=$GONE
REPLICAS=$REPLICAS
READS=$READS
WRITES=$WRITES
VNODES=$VNODES
RING_LAYOUT=$RING_LAYOUT
PARTITIONS=$PARTITIONS
CONFLICTS=$CONFLICTS
DURABILITY=$DURABILITY
BASE_PORT=$BASE_PORT
SYSLOG=$SYSLOG
GRAPHITE=$GRAPHITE
AUTH=$AUTH
TLS=$TLS
HTTPS=$HTTPS
EOF
}

# Reads cluster.env as data (never executes it): only the known keys are taken.
load_layout() {
  [[ -f "$LAYOUT" ]] || die "no cluster in $RUN_DIR (run: bin/cluster up)"
  local key value
  while IFS='=' read -r key value; do
    case "$key" in
      NODES) NODES="$value" ;;
      GONE) if [[ "$value" =~ ^[0-9,]*$ ]]; then GONE="$value"; fi ;;
      REPLICAS) REPLICAS="$value" ;;
      READS) READS="$value" ;;
      WRITES) WRITES="$value" ;;
      VNODES) VNODES="$value" ;;
      RING_LAYOUT) RING_LAYOUT="$value" ;;
      PARTITIONS) PARTITIONS="$value" ;;
      CONFLICTS) CONFLICTS="$value" ;;
      DURABILITY) DURABILITY="$value" ;;
      BASE_PORT) BASE_PORT="$value" ;;
      SYSLOG) if [[ "$value" == true ]]; then SYSLOG=true; fi ;;
      GRAPHITE) if [[ "$value" == true ]]; then GRAPHITE=true; fi ;;
      AUTH) if [[ "$value" == true ]]; then AUTH=true; fi ;;
      TLS) if [[ "$value" == true ]]; then TLS=true; fi ;;
      HTTPS) if [[ "$value" == true ]]; then HTTPS=true; fi ;;
    esac
  done <"$LAYOUT"
}

# Decimal without leading zeros (bash arithmetic would read 08 as octal).
is_number() { [[ "$1" =~ ^(0|[1-9][0-9]{0,8})$ ]]; }
in_range() { is_number "$1" && (($1 >= $2 && $1 <= $3)); }

node_index() {
  in_range "${1:-}" 1 "$NODES" || die "node index must be 1..$NODES, got '${1:-}'"
}

# Nodes that left the ring (leave, remove) keep their directory (logs) but are no part of the cluster.
is_gone() { [[ ",$GONE," == *",$1,"* ]]; }
member_index() {
  node_index "${1:-}"
  ! is_gone "$1" || die "node$1 left the ring"
}
# The indices of the nodes that did not leave, in order.
members() {
  local i
  for ((i = 1; i <= NODES; i++)); do is_gone "$i" || echo "$i"; done
}
