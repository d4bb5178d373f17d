# consul-template for the master's HAProxy: renders haproxy.ctmpl from Consul and supervises
# HAProxy as its child (exec mode), reloading it on every change of the healthy nodes.

consul {
  # The address comes from CONSUL_HTTP_ADDR (set in the Dockerfile and in master.yml): a value
  # here would take precedence over the environment.
  retry {
    enabled     = true
    attempts    = 0        # never give up: Consul may start after us
    backoff     = "250ms"
    max_backoff = "10s"
  }
}

log_level = "info"

# Quiescence: a node that joins or leaves triggers one reload, not one per intermediate state.
wait {
  min = "1s"
  max = "5s"
}

template {
  source      = "/etc/consul-template/haproxy.ctmpl"
  destination = "/var/lib/haproxy/rendered/haproxy.cfg"
  perms       = 0644
}

exec {
  # List form: no shell in between, so signals reach HAProxy's master directly.
  command       = ["haproxy", "-W", "-db", "-f", "/var/lib/haproxy/rendered/haproxy.cfg"]
  # SIGUSR2 makes the master re-read the file and replace its workers gracefully; a file that
  # does not parse leaves the old workers serving.
  reload_signal = "SIGUSR2"
  kill_signal   = "SIGTERM"
  kill_timeout  = "10s"
}
