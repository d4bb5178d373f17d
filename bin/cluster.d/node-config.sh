# shellcheck shell=bash
# bin/cluster: each node's config.yml (peers, replication, connectors, syslog appender, Graphite reporter).

# Jars from before peers had an admin URL refuse the key (bin/compare runs old commits' jars).
jar_knows_admin_urls() {
  unzip -p "$JAR" dynamo/node/PeerConfig.class 2>/dev/null | grep -aq adminUrl
}

# Only when asked for: jars from before the setting (bin/compare runs old commits) refuse the key.
durability_setting() {
  [[ "$DURABILITY" == os ]] || echo "durability: $DURABILITY"
}

# write_config I [join]: peers are the members (node I among them); `join` (bin/cluster add) starts
# node I outside the ring, to join it when asked.
write_config() {
  local i="$1" dir peers="" j admin_url="" with_admin=false join=""
  dir="$(node_dir "$i")"
  if jar_knows_admin_urls; then with_admin=true; fi
  if [[ "${2:-}" == join ]]; then join="join: true"; fi
  for j in $(members); do
    if $with_admin; then admin_url=", adminUrl: \"$(admin_url "$j")\""; fi
    peers+="  - {id: node$j, brokerUrl: \"$(broker_url "$j")\", httpUrl: \"$(http_url "$j")\"$admin_url}"$'\n'
  done
  # mode 600: with --tls/--https it holds the key store's password
  (umask 077 && : >"$dir/config.yml")
  cat >"$dir/config.yml" <<EOF
# Written by bin/cluster up (or add); bin/cluster start reuses it.
nodeId: node$i
$join
dataDir: $dir/data
brokerUrl: $(broker_url "$i")
$(security_config)
peers:
${peers%$'\n'}
replication: {n: $REPLICAS, r: $READS, w: $WRITES, layout: $RING_LAYOUT, partitions: $PARTITIONS, virtualNodes: $VNODES, conflicts: $CONFLICTS}
$(durability_setting)
timeouts: {replicaMillis: 100, requestMillis: 2000}
maxValueBytes: 4194304
server:
  shutdownGracePeriod: 5s
  applicationConnectors: [$(connector "$i" "$(http_port "$i")")]
  adminConnectors: [$(connector "$i" "$(admin_port "$i")")]
  requestLog: {appenders: []}
logging:
  level: INFO
  appenders:
    - {type: file, currentLogFilename: $dir/node.log, archive: false}
$(syslog_appender "$i")
$(graphite_reporter "$i")
EOF
}

# A Dropwizard connector of node I on 127.0.0.I:PORT, HTTPS with the cluster's key store under --https.
connector() {
  if $HTTPS; then
    printf '{type: https, bindHost: %s, port: %s, keyStorePath: %s, keyStorePassword: "%s", keyStoreType: PKCS12}' \
      "$(node_host "$1")" "$2" "$SECURITY_DIR/cluster.p12" "$(<"$SECURITY_DIR/store.password")"
  else
    printf '{type: http, bindHost: %s, port: %s}' "$(node_host "$1")" "$2"
  fi
}

# With --syslog the node also logs to the local rsyslogd. Each message starts with the
# syslog tag "nodeI[pid]:" (Dropwizard puts the brackets around %pid), which rsyslog turns
# into the file name syslog/nodeI.log. Stack trace lines travel as separate datagrams that
# carry only stackTracePrefix, so it repeats the tag to keep them in the same file.
syslog_appender() {
  $SYSLOG || return 0
  cat <<EOF
    - type: syslog
      host: 127.0.0.1
      port: $(syslog_port)
      facility: local0
      threshold: INFO
      logFormat: "node$1%pid: %-5level [%thread] %logger: %msg"
      stackTracePrefix: "node$1: \t"
EOF
}

# With --graphite the node reports its metrics to the local carbon-cache as dynamo.nodeI.*.
graphite_reporter() {
  $GRAPHITE || return 0
  cat <<EOF
metrics:
  frequency: $METRICS_FREQUENCY
  reporters:
    - {type: dashboard-graphite, host: 127.0.0.1, port: $(carbon_port), prefix: dynamo.node$1, transport: tcp, frequency: $METRICS_FREQUENCY}
EOF
}
