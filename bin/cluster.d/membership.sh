# shellcheck shell=bash
# bin/cluster: membership changes through the admin port's /ring endpoints: add, join, leave, remove, ring.

# The highest node count the ports allow: the collectors take B+95..B+98.
max_nodes() { if $SYSLOG; then echo 94; elif $GRAPHITE; then echo 95; else echo 98; fi; }

# A member that runs and answers, other than $1 if given: where a change or a look is asked.
live_member() {
  local i
  for i in $(members); do
    [[ "$i" != "${1:-}" ]] && node_pid "$i" >/dev/null && answers_ping "$i" && { echo "$i"; return 0; }
  done
  return 1
}

# change I PATH: POSTs a membership change to node I's admin port, waits for it (up to an hour, the
# node's default), prints its report; fails saying what the node answered.
change() {
  local i="$1" path="$2" out status body started=$SECONDS
  note "POST $(admin_url "$i")$path"
  out="$(admin_curl "$i" "$path" -sS -X POST --max-time 3700 -w '\n%{http_code}')" ||
    { note "node$i did not answer POST $path"; return 1; }
  status="${out##*$'\n'}" body="${out%$'\n'*}"
  [[ "$status" == 200 ]] || { note "node$i answered $status after $((SECONDS - started)) s: $body"; return 1; }
  if command -v jq >/dev/null; then
    jq -r '"epoch \(.fromEpoch) -> \(.toEpoch), members \(.members | join(" ")); streamed \(.keysStreamed) keys, \(.bytesStreamed) bytes; dropped \(.keysDropped) keys; \(.millis) ms"' <<<"$body"
  else
    echo "$body"
  fi
  note "done in $((SECONDS - started)) s"
}

# in_ring I J: node I is in the ring (a member, joining or leaving) as node J sees it.
in_ring() {
  local ring
  ring="$(admin_curl "$2" /ring -fsS --max-time 5)" || die "node$2 did not answer GET /ring"
  [[ "$ring" == *"\"id\":\"node$1\""* ]]
}

cmd_add() {
  load_layout
  (($# == 0)) || die "usage: bin/cluster add"
  local i=$((NODES + 1)) port
  in_range "$i" 1 "$(max_nodes)" || die "no room for node$i: at most $(max_nodes) nodes"
  live_member >/dev/null || die "no member of the cluster runs (bin/cluster up)"
  for port in "$(http_port "$i")" "$(admin_port "$i")" "$(broker_port "$i")"; do
    ! port_in_use "$port" "$(node_host "$i")" || die "port $(node_host "$i"):$port is already in use"
  done
  [[ ! -e "$(node_dir "$i")" ]] || die "$(node_dir "$i") exists: delete it or bin/cluster down --purge"
  NODES="$i"
  save_layout
  mkdir -p "$(node_dir "$i")"
  write_config "$i" join
  ensure_collectors || note "starting node$i anyway; its logs and metrics stay local"
  note "starting node$i outside the ring (join: true)"
  launch_node "$i"
  if ! await_healthy "$i"; then
    cmd_stop "$i" >/dev/null 2>&1
    GONE="${GONE:+$GONE,}$i"
    save_layout
    die "node$i did not become healthy; stopped it (logs in $(node_dir "$i"))"
  fi
  reload_haproxy
  note "node$i runs; if its join fails, bin/cluster join $i asks again"
  cmd_join "$i"
}

# Has node I join the ring: the second half of add; asking again resumes a join that stalled. A member
# drives it, told where node I is (the members have no address for it until the move's config does).
cmd_join() {
  load_layout
  member_index "${1:-}"
  local i="$1" other
  other="$(live_member "$i")" || die "no other member runs to ask"
  change "$other" "/ring/join?node=node$i&brokerUrl=$(broker_url "$i")&httpUrl=$(http_url "$i")&adminUrl=$(admin_url "$i")" ||
    die "node$i is not a member yet: bin/cluster join $i asks again"
}

# Node I serves its ranges until the move ends (it is a source of the streaming) but takes no more
# client requests; another member drives the change: once it ends, the members may have no address
# for node I any more (a node that was added), so node I could not see its own move confirmed.
cmd_leave() {
  load_layout
  member_index "${1:-}"
  local i="$1" other was="$GONE"
  answers_ping "$i" || die "node$i does not answer: a node that is down is removed (bin/cluster remove $i)"
  other="$(live_member "$i")" || die "no other member runs to ask"
  GONE="${GONE:+$GONE,}$i"
  reload_haproxy
  if ! in_ring "$i" "$other"; then
    note "node$i is not in the ring any more (a leave that ended before)"
  elif ! change "$other" "/ring/leave?node=node$i"; then
    GONE="$was"
    reload_haproxy
    die "node$i is still a member (asking again resumes a leave that stalled)"
  fi
  save_layout
  cmd_stop "$i"
}

cmd_remove() {
  load_layout
  member_index "${1:-}"
  local other
  ! node_pid "$1" >/dev/null || die "node$1 runs: bin/cluster leave $1 decommissions it (or kill it first)"
  other="$(live_member "$1")" || die "no other member runs to ask"
  if ! in_ring "$1" "$other"; then
    note "node$1 is not in the ring any more (a removal that ended before)"
  else
    change "$other" "/ring/remove?node=node$1" || die "node$1 is still a member (asking again resumes a removal that stalled)"
  fi
  GONE="${GONE:+$GONE,}$1"
  save_layout
  reload_haproxy
}

# The ring as a live member sees it, and during a move each node's phase and what it streamed.
cmd_ring() {
  load_layout
  command -v jq >/dev/null || die "bin/cluster ring needs jq"
  local i ring
  i="$(live_member)" || die "no member runs"
  ring="$(admin_curl "$i" /ring -fsS --max-time 5)" || die "node$i did not answer GET /ring"
  jq -r --arg from "node$i" '"epoch \(.epoch) (as \($from) sees it), N = \(.replicas)" + (if .move then
      ", moving to epoch \(.move.epoch + 1): \(.move.members | join(" "))" else "" end)' <<<"$ring"
  printf '%-8s %-8s %-4s %-9s %-7s %s\n' ID STATE UP SHARE TOKENS AFTER
  jq -r '.move.shares as $after | .nodes[] | [.id, .state, (if .seemsUp then "yes" else "no" end),
      "\(.share) %", (.tokens | length), (if $after then "\($after[.id] // 0) %" else "-" end)] | @tsv' <<<"$ring" |
    while IFS=$'\t' read -r id state up share tokens after; do
      printf '%-8s %-8s %-4s %-9s %-7s %s\n' "$id" "$state" "$up" "$share" "$tokens" "$after"
    done
  jq -e .move >/dev/null <<<"$ring" || return 0
  for i in $(members); do
    answers_ping "$i" || continue
    admin_curl "$i" /ring -fsS --max-time 5 | jq -r --arg node "node$i" \
      '"\($node): \(.move.phase // "idle"); received \(.move.keysStreamed // 0) keys, \(.move.bytesStreamed // 0) bytes"' ||
      true
  done
}
