#!/bin/sh
# Entrypoint of the logging image: renders rsyslog-<role>.conf.template from the environment,
# checks the result with rsyslogd -N1 and runs rsyslogd in the foreground.
#   entrypoint.sh central   the master's central rsyslog (one file per node)
#   entrypoint.sh forward   a slave machine's forwarder (queue + retry towards the central one)
# Environment (defaults in brackets): SYSLOG_PORT [514], SYSLOG_ADDRESS (where it listens; "*" is
# every address) [*], LOG_DIR [/var/log/dynamo],
# WORK_DIR [/var/spool/rsyslog], CENTRAL_HOST [logging-server], CENTRAL_PORT [514],
# FORWARD_PROTOCOL [udp], RSYSLOG_RUN_DIR (where the rendered config goes) [/run/rsyslog].
set -eu

role="${1:-central}"
: "${SYSLOG_PORT:=514}" "${SYSLOG_ADDRESS:=*}" "${LOG_DIR:=/var/log/dynamo}" "${WORK_DIR:=/var/spool/rsyslog}"
: "${CENTRAL_HOST:=logging-server}" "${CENTRAL_PORT:=514}" "${FORWARD_PROTOCOL:=udp}"
: "${RSYSLOG_RUN_DIR:=/run/rsyslog}"

die() { echo "logging entrypoint: $*" >&2; exit 1; }

case "$role" in central | forward) ;; *) die "role must be central or forward, not '$role'" ;; esac
case "$FORWARD_PROTOCOL" in udp | tcp) ;; *) die "FORWARD_PROTOCOL must be udp or tcp" ;; esac
for value in "$SYSLOG_PORT" "$CENTRAL_PORT"; do
  case "$value" in '' | *[!0-9]*) die "ports must be numbers, got '$value'" ;; esac
done
case "$SYSLOG_ADDRESS" in '' | *[!A-Za-z0-9.:*-]*) die "SYSLOG_ADDRESS must be an address, a host name or *" ;; esac
case "$CENTRAL_HOST" in '' | *[!A-Za-z0-9.:-]*) die "CENTRAL_HOST must be a host name or address" ;; esac
# The directories end up in the config verbatim: keep them to characters sed and rsyslog take.
for dir in "$LOG_DIR" "$WORK_DIR" "$RSYSLOG_RUN_DIR"; do
  case "$dir" in /*) ;; *) die "directories must be absolute, got '$dir'" ;; esac
  case "$dir" in *[!A-Za-z0-9/._-]*) die "unsupported character in '$dir'" ;; esac
done

template="$(dirname "$0")/rsyslog-$role.conf.template"
conf="$RSYSLOG_RUN_DIR/rsyslog.conf"
mkdir -p "$WORK_DIR" "$RSYSLOG_RUN_DIR"
[ "$role" = forward ] || mkdir -p "$LOG_DIR"
sed -e "s|@SYSLOG_PORT@|$SYSLOG_PORT|g" \
    -e "s|@SYSLOG_ADDRESS@|$SYSLOG_ADDRESS|g" \
    -e "s|@LOG_DIR@|$LOG_DIR|g" \
    -e "s|@WORK_DIR@|$WORK_DIR|g" \
    -e "s|@CENTRAL_HOST@|$CENTRAL_HOST|g" \
    -e "s|@CENTRAL_PORT@|$CENTRAL_PORT|g" \
    -e "s|@FORWARD_PROTOCOL@|$FORWARD_PROTOCOL|g" \
    "$template" >"$conf"
rsyslogd -N1 -f "$conf" >&2
# -i NONE: no pid file, so a restarted container never finds a stale one.
exec rsyslogd -n -i NONE -f "$conf"
