# Consul client agent of a slave machine. The Dynamo nodes of the machine register with it
# (discovery.consulUrl = http://consul-agent:8500) and it runs their health checks (HTTP GET
# of each node's admin /ping) close to them; the server on the master holds the catalog.
server     = false
datacenter = "dynamo"
data_dir   = "/consul/data"

# Keeps trying until the master's server answers: the slave may start first.
retry_join     = ["consul-server"]
retry_interval = "5s"

client_addr = "0.0.0.0"
bind_addr   = "{{ GetInterfaceIP \"eth0\" }}"

# A stopped agent leaves the cluster at once, taking its nodes' registrations with it; the
# nodes register again when an agent answers (dynamo.consul.ConsulMembership).
leave_on_terminate = true
log_level          = "INFO"
