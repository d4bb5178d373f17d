#!/usr/bin/env bash
# Entrypoint of the Dynamo node image: picks the node's identity, writes its config.yml from the
# environment and runs the node in the foreground (as PID 1, so `docker stop` reaches the JVM).
#
# Identity. A node's id fixes its ring positions and names its data directory, so it must survive
# container re-creation; a container's hostname does not. Hence:
#   NODE_ID set      the node is NODE_ID, its data in /data/NODE_ID (for hand-run containers).
#   NODE_ID unset    the container claims the first free slot NODE_PREFIX1, NODE_PREFIX2, ... in the
#                    volume shared by the replicas of `docker compose --scale`: a slot is held by
#                    an flock for the container's lifetime, so a restarted or re-created container
#                    takes over a free slot with its data, and one slot never runs twice.
#
# Address. On a network of its own each container has its own IP: it binds every port on all of
# them and advertises the first. With host networking (docker-machine-weave/loopback.yml) the
# replicas of a scaled service share the host's addresses and their environment, so each one
# takes the address of its slot: HOST_ADDRESS_TEMPLATE=127.0.1.%d puts node3 on 127.0.1.3, where
# it binds and which it advertises. The slot, not a free port found by trying, names the address:
# a restarted node comes back on the same address, as its id and data do.
#
# Environment (defaults in brackets):
#   NODE_ID, NODE_PREFIX [node], MAX_SLOTS [64], DATA_ROOT [/data]
#   HOST_ADDRESS_TEMPLATE  printf template of the node's address, %d its slot number (with NODE_ID
#                    set: the number it ends with); sets ADVERTISE_HOST and BIND_HOST [unset]
#   ADVERTISE_HOST   address other nodes and Consul use for this one [first IPv4 of the hostname]
#   BIND_HOST        where the client API and admin ports listen [0.0.0.0]
#   HTTP_PORT [8080], ADMIN_PORT [8081], BROKER_PORT [61616]
#   CONSUL_URL [http://consul-agent:8500], SERVICE_NAME [dynamo]
#   REPLICAS [3], READS [2], WRITES [2], CONFLICTS [linearizable]
#   RING_LAYOUT [partitions], PARTITIONS [256], VNODES [8: tokens per node of RING_LAYOUT=tokens]
#   SYSLOG_HOST [unset: no syslog], SYSLOG_PORT [514]
#   GRAPHITE_HOST [unset: no graphite], GRAPHITE_PORT [2003], METRICS_FREQUENCY [10s]
#   LOG_LEVEL [INFO], JAVA_OPTS
set -euo pipefail

: "${NODE_PREFIX:=node}" "${MAX_SLOTS:=64}" "${DATA_ROOT:=/data}"
: "${HTTP_PORT:=8080}" "${ADMIN_PORT:=8081}" "${BROKER_PORT:=61616}"
: "${CONSUL_URL:=http://consul-agent:8500}" "${SERVICE_NAME:=dynamo}"
: "${REPLICAS:=3}" "${READS:=2}" "${WRITES:=2}" "${VNODES:=8}" "${CONFLICTS:=linearizable}"
: "${RING_LAYOUT:=partitions}" "${PARTITIONS:=256}"
: "${SYSLOG_PORT:=514}" "${GRAPHITE_PORT:=2003}" "${METRICS_FREQUENCY:=10s}" "${LOG_LEVEL:=INFO}"
: "${JAVA_OPTS:=}"

die() { printf 'entrypoint: %s\n' "$*" >&2; exit 1; }

# Holds the lock of slot $1 on file descriptor 9, which the JVM inherits through exec.
try_lock() {
  exec 9>"$DATA_ROOT/$1.lock"
  if flock -n 9; then return 0; fi
  exec 9>&-
  return 1
}

claim_identity() {
  if [[ -n "${NODE_ID:-}" ]]; then
    try_lock "$NODE_ID" || die "$NODE_ID already runs in another container on this volume"
    return
  fi
  local n
  for ((n = 1; n <= MAX_SLOTS; n++)); do
    if try_lock "$NODE_PREFIX$n"; then
      NODE_ID="$NODE_PREFIX$n"
      return
    fi
  done
  die "all $MAX_SLOTS slots of $DATA_ROOT are taken"
}

# The address HOST_ADDRESS_TEMPLATE gives this node: its id's trailing number in the template.
slot_address() {
  local slot="${NODE_ID##*[!0-9]}"
  [[ -n "$slot" ]] || die "HOST_ADDRESS_TEMPLATE needs a node id ending in a number, not $NODE_ID"
  # shellcheck disable=SC2059 # the template is the format, on purpose
  printf "$HOST_ADDRESS_TEMPLATE" "$((10#$slot))"
}

advertise_host() {
  if [[ -n "${HOST_ADDRESS_TEMPLATE:-}" ]]; then
    slot_address
    return
  fi
  if [[ -n "${ADVERTISE_HOST:-}" ]]; then
    printf '%s' "$ADVERTISE_HOST"
    return
  fi
  local ip
  ip="$(getent ahostsv4 "$(hostname)" | awk 'NR == 1 { print $1 }')"
  [[ -n "$ip" ]] || die "cannot find this container's address: set ADVERTISE_HOST"
  printf '%s' "$ip"
}

syslog_appender() {
  [[ -n "${SYSLOG_HOST:-}" ]] || return 0
  # The syslog tag is the node id, so the central rsyslog files each node's lines apart.
  cat <<YAML
    - type: syslog
      host: $SYSLOG_HOST
      port: $SYSLOG_PORT
      facility: local0
      threshold: $LOG_LEVEL
      logFormat: "$NODE_ID%pid: %-5level [%thread] %logger{36}: %msg"
YAML
}

graphite_metrics() {
  [[ -n "${GRAPHITE_HOST:-}" ]] || return 0
  cat <<YAML
metrics:
  frequency: $METRICS_FREQUENCY
  reporters:
    - type: dashboard-graphite
      host: $GRAPHITE_HOST
      port: $GRAPHITE_PORT
      transport: tcp
      prefix: dynamo.$NODE_ID
      frequency: $METRICS_FREQUENCY
YAML
}

write_config() {
  local host="$1" dir="$2" bind="$3"
  # Written aside and renamed: whoever reads config.yml (the node, a test) never sees half of it.
  cat >"$dir/config.yml.tmp" <<YAML
# Written by the container entrypoint at every start; edit the environment, not this file.
nodeId: $NODE_ID
dataDir: $dir/data
brokerUrl: tcp://$host:$BROKER_PORT
peers: []
discovery:
  type: consul
  consulUrl: $CONSUL_URL
  serviceName: $SERVICE_NAME
  httpUrl: http://$host:$HTTP_PORT
  adminUrl: http://$host:$ADMIN_PORT
replication: {n: $REPLICAS, r: $READS, w: $WRITES, layout: $RING_LAYOUT, partitions: $PARTITIONS, virtualNodes: $VNODES, conflicts: $CONFLICTS}
server:
  shutdownGracePeriod: 5s
  applicationConnectors: [{type: http, bindHost: $bind, port: $HTTP_PORT}]
  adminConnectors: [{type: http, bindHost: $bind, port: $ADMIN_PORT}]
  requestLog: {appenders: []}
logging:
  level: $LOG_LEVEL
  appenders:
    - type: console
$(syslog_appender)
$(graphite_metrics)
YAML
  mv "$dir/config.yml.tmp" "$dir/config.yml"
}

main() {
  [[ -d "$DATA_ROOT" && -w "$DATA_ROOT" ]] || die "$DATA_ROOT is not a writable directory"
  claim_identity
  local host bind dir
  host="$(advertise_host)"
  bind="${BIND_HOST:-0.0.0.0}"
  [[ -n "${HOST_ADDRESS_TEMPLATE:-}" ]] && bind="$host"
  dir="$DATA_ROOT/$NODE_ID"
  mkdir -p "$dir/data" "$dir/tmp"
  write_config "$host" "$dir" "$bind"
  printf 'entrypoint: node %s at %s, data in %s\n' "$NODE_ID" "$host" "$dir" >&2
  # JAVA_OPTS is split on spaces on purpose: it holds several flags.
  # shellcheck disable=SC2086
  exec java $JAVA_OPTS "-Djava.io.tmpdir=$dir/tmp" -jar /opt/dynamo/key-value-store.jar server "$dir/config.yml"
}

main "$@"
