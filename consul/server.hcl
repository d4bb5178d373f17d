# Consul server of the master machine: the cluster's single source of membership. One server
# is enough for this deployment (bootstrap_expect = 1); for a highly available catalog run three
# or five and raise bootstrap_expect accordingly.
server           = true
bootstrap_expect = 1
node_name        = "consul-server"
datacenter       = "dynamo"
data_dir         = "/consul/data"

# The HTTP API (and UI) on every interface of the container, for consul-template, the slave
# agents' users and the operator (published on the master as :8500).
client_addr = "0.0.0.0"
ui_config {
  enabled = true
}

# Gossip and RPC on the container's interface of the shared network (eth0). With an overlay
# network a container has a second private interface (docker_gwbridge), and Consul refuses to
# guess between the two.
bind_addr = "{{ GetInterfaceIP \"eth0\" }}"

# Nothing is reaped: a node whose check fails stays registered, and so a member of the ring
# (its registration has no DeregisterCriticalServiceAfter). An operator deregisters a node that
# leaves for good.
log_level = "INFO"
