# shellcheck shell=bash
# bin/cluster: the collectors beside the nodes (the ops daemons): rsyslogd and the log browser
# (--syslog), carbon-cache and graphite-web (--graphite). Real daemons from Debian packages, run
# unprivileged in the foreground of their own session like the nodes. Each gets a directory under
# the run dir (RSYSLOG_DIR, LOG_BROWSER_DIR, GRAPHITE_DIR); `pid` in it is ours, the daemon may keep
# its own pid file next to it.

rsyslogd_pid() { owned_pid "$RSYSLOG_DIR/pid" "-f $RSYSLOG_DIR/rsyslog.conf"; }
carbon_pid() { owned_pid "$GRAPHITE_DIR/pid" "--config=$GRAPHITE_DIR/conf/carbon.conf"; }
graphite_web_pid() { owned_pid "$GRAPHITE_DIR/web/pid" "--pythonpath $GRAPHITE_DIR/web"; }
log_browser_pid() { owned_pid "$LOG_BROWSER_DIR/pid" "server.js --dir $SYSLOG_LOGS"; }

# Debian puts rsyslogd in /usr/sbin, which is not on every user's PATH.
rsyslogd_binary() { command -v rsyslogd || command -v /usr/sbin/rsyslogd; }
carbon_binary() { command -v carbon-cache; }
graphite_web_binary() { command -v graphite-manage; }
node_binary() { command -v node || command -v nodejs; }

# Copies a template, replacing each @KEY@ by its value: render TEMPLATE OUT KEY VALUE ...
render() {
  local template="$1" out="$2" line k
  shift 2
  local pairs=("$@")
  while IFS= read -r line || [[ -n "$line" ]]; do
    for ((k = 0; k < ${#pairs[@]}; k += 2)); do
      line="${line//"@${pairs[k]}@"/"${pairs[k + 1]}"}"
    done
    printf '%s\n' "$line"
  done <"$template" >"$out"
  if grep -q '@[A-Z_]*@' "$out"; then
    note "$template has placeholders this script does not fill: $(grep -o '@[A-Z_]*@' "$out" | sort -u | tr '\n' ' ')"
    return 1
  fi
}

# Waits until CHECK succeeds while the process behind PIDFN still runs; shows LOG on failure.
await_listening() {
  local what="$1" pidfn="$2" log="$3" deadline=$((SECONDS + START_TIMEOUT))
  shift 3
  # spawn returned once the daemon's command line was its own: one look that misses it is enough.
  while ((SECONDS < deadline)); do
    "$@" && return 0
    "$pidfn" >/dev/null || break
    sleep 0.2
  done
  printf -- '--- tail of %s\n' "$log" >&2
  tail -n 20 "$log" >&2
  note "$what did not start"
  return 1
}

start_rsyslogd() {
  local bin
  bin="$(rsyslogd_binary)" || return 1
  mkdir -p "$RSYSLOG_DIR/work" "$SYSLOG_LOGS"
  render "$REPO/logging/rsyslog-local.conf.template" "$RSYSLOG_DIR/rsyslog.conf" \
    PORT "$(syslog_port)" LOG_DIR "$SYSLOG_LOGS" WORK_DIR "$RSYSLOG_DIR/work" || return 1
  "$bin" -N1 -f "$RSYSLOG_DIR/rsyslog.conf" >"$RSYSLOG_DIR/rsyslogd.log" 2>&1 ||
    { cat "$RSYSLOG_DIR/rsyslogd.log" >&2; note "invalid $RSYSLOG_DIR/rsyslog.conf"; return 1; }
  # -i: rsyslogd refuses to start while its pid file names a live process, so it gets its own.
  spawn "$RSYSLOG_DIR/pid" "$RSYSLOG_DIR/rsyslogd.log" \
    "$bin" -n -f "$RSYSLOG_DIR/rsyslog.conf" -i "$RSYSLOG_DIR/rsyslogd.pid"
  await_listening rsyslogd rsyslogd_pid "$RSYSLOG_DIR/rsyslogd.log" udp_port_in_use "$(syslog_port)"
}

start_carbon() {
  local bin conf="$GRAPHITE_DIR/conf"
  bin="$(carbon_binary)" || return 1
  mkdir -p "$conf"
  render "$REPO/monitoring/carbon/carbon.conf.template" "$conf/carbon.conf" \
    GRAPHITE_DIR "$GRAPHITE_DIR" LINE_PORT "$(carbon_port)" || return 1
  # carbon reads the schemas from the directory of carbon.conf.
  cp "$REPO/monitoring/carbon/storage-schemas.conf" "$REPO/monitoring/carbon/storage-aggregation.conf" "$conf/"
  # --pidfile: carbon's own, which it refuses to start over while it names a live process.
  GRAPHITE_ROOT="$GRAPHITE_DIR" spawn "$GRAPHITE_DIR/pid" "$GRAPHITE_DIR/carbon-cache.log" \
    "$bin" "--config=$conf/carbon.conf" "--pidfile=$GRAPHITE_DIR/carbon-cache.pid" --nodaemon start
  await_listening carbon-cache carbon_pid "$GRAPHITE_DIR/carbon-cache.log" port_in_use "$(carbon_port)"
}

# graphite-web reads its settings from the module GRAPHITE_SETTINGS_MODULE names: ours points
# it at carbon's whisper files and keeps its database and logs in the run directory.
write_graphite_web_settings() {
  local web="$GRAPHITE_DIR/web"
  mkdir -p "$web/log" "$GRAPHITE_DIR/storage/whisper"
  [[ -f "$web/secret" ]] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$web/secret"
  cat >"$web/dynamo_graphite.py" <<EOF
# Written by bin/cluster: graphite-web on this cluster's carbon data.
SECRET_KEY = '$(<"$web/secret")'
STORAGE_DIR = '$GRAPHITE_DIR/storage'
# Named explicitly: graphite-web would drop a whisper directory that does not exist yet when
# it starts, and carbon creates it only with the first metric.
WHISPER_DIR = '$GRAPHITE_DIR/storage/whisper/'
STANDARD_DIRS = [WHISPER_DIR]
LOG_DIR = '$web/log'
DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '$web/graphite.db'}}
DEFAULT_AUTO_FIELD = 'django.db.models.AutoField'
# carbon's cache query port is random (see carbon.conf): read what is on disk only.
CARBONLINK_HOSTS = []
DEFAULT_XFILES_FACTOR = 0
EOF
}

graphite_web() {
  local bin
  bin="$(graphite_web_binary)" || return 1
  PYTHONPATH="$GRAPHITE_DIR/web" GRAPHITE_SETTINGS_MODULE=dynamo_graphite "$bin" "$@"
}

start_graphite_web() {
  local web="$GRAPHITE_DIR/web"
  graphite_web_binary >/dev/null || return 1
  write_graphite_web_settings
  # Its database holds users and saved graphs only; the render API works without it.
  [[ -f "$web/graphite.db" ]] || graphite_web migrate --noinput -v 0 >"$web/migrate.log" 2>&1 ||
    note "graphite-web: migrate failed (see $web/migrate.log); /render still works"
  # --pythonpath repeats PYTHONPATH for Django, and marks the command line as ours.
  PYTHONPATH="$web" GRAPHITE_SETTINGS_MODULE=dynamo_graphite spawn "$web/pid" "$web/graphite-web.log" \
    "$(graphite_web_binary)" runserver --noreload --pythonpath "$web" "127.0.0.1:$(graphite_web_port)"
  await_listening graphite-web graphite_web_pid "$web/graphite-web.log" port_in_use "$(graphite_web_port)"
}

# The log browser (logging/browser/server.js, Node.js's standard library only) follows the
# per-node files rsyslogd writes and serves the page that filters them.
start_log_browser() {
  local bin
  bin="$(node_binary)" || return 1
  mkdir -p "$LOG_BROWSER_DIR" "$SYSLOG_LOGS"
  spawn "$LOG_BROWSER_DIR/pid" "$LOG_BROWSER_DIR/log-browser.log" \
    "$bin" "$REPO/logging/browser/server.js" --dir "$SYSLOG_LOGS" --host 127.0.0.1 --port "$(log_browser_port)"
  await_listening log-browser log_browser_pid "$LOG_BROWSER_DIR/log-browser.log" port_in_use "$(log_browser_port)"
}

# Starts the collectors the layout asks for and that are not running yet (`start I` after a
# `down` brings them back too). Fails if one that is installed does not start.
ensure_collectors() {
  if $SYSLOG && ! rsyslogd_pid >/dev/null; then
    start_rsyslogd || return 1
  fi
  if $SYSLOG && node_binary >/dev/null && ! log_browser_pid >/dev/null; then
    start_log_browser || return 1
  fi
  if $GRAPHITE && ! carbon_pid >/dev/null; then
    start_carbon || return 1
  fi
  if $GRAPHITE && graphite_web_binary >/dev/null && ! graphite_web_pid >/dev/null; then
    start_graphite_web || return 1
  fi
  return 0
}

# Drops --syslog/--graphite when their daemon is not installed, saying so: the nodes then
# run without the appender or reporter that would point at nothing.
check_collectors_installed() {
  if $SYSLOG && ! rsyslogd_binary >/dev/null; then
    note "rsyslogd is not installed (bin/setup installs rsyslog): running without --syslog"
    SYSLOG=false
  fi
  if $SYSLOG && ! node_binary >/dev/null; then
    note "node is not installed (bin/setup installs nodejs): no log browser on port $(log_browser_port)"
  fi
  if $GRAPHITE && ! carbon_binary >/dev/null; then
    note "carbon-cache is not installed (bin/setup installs graphite-carbon): running without --graphite"
    GRAPHITE=false
  fi
  if $GRAPHITE && ! graphite_web_binary >/dev/null; then
    note "graphite-web is not installed (bin/setup installs it): no render API on port $(graphite_web_port)"
  fi
  return 0
}

collector_pids() {
  local pid
  pid="$(rsyslogd_pid)" && echo "$pid"
  pid="$(log_browser_pid)" && echo "$pid"
  pid="$(carbon_pid)" && echo "$pid"
  pid="$(graphite_web_pid)" && echo "$pid"
  return 0
}
