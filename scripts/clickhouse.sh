#!/usr/bin/env bash
# A reachable ClickHouse for the sample app and the tests, on a machine that may have nothing.
#
#   scripts/clickhouse.sh start [--server-only] [--engine=debian|chdb]
#                                                start one if needed; print the JDBC URL an app uses
#   scripts/clickhouse.sh url                    print that URL again
#   scripts/clickhouse.sh server-url             print the server's own URL (the tests bridge it themselves)
#   scripts/clickhouse.sh stop                   stop what start (and cluster-start) started
#   scripts/clickhouse.sh status
#   scripts/clickhouse.sh cluster-start|cluster-urls|cluster-stop
#                                                the test cluster (scripts/clickhouse-cluster.sh)
#
# Where it comes from:
#   - PILLAR_CLICKHOUSE_URL, when set: used as it is, nothing is started;
#   - --engine=debian (the default): Debian's clickhouse-server (scripts/clickhouse-debian.sh), 18.16 on Debian 12.
#     The JDBC driver cannot read results from servers older than 19.x, so `start` also runs the format bridge in
#     front of it (unless --server-only) and prints the bridge's URL;
#   - --engine=chdb: ClickHouse 26.7, chDB's library behind pillar-test-support's HTTP front
#     (scripts/clickhouse-chdb.sh).
# A running server of the other engine is replaced. What the scripts and the tests read (mode, URLs, pids) stays
# under .pillar/clickhouse (PILLAR_CLICKHOUSE_HOME).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"

running() { [ -f "$state/server_url" ] && http_ok "$(jdbc_to_http <"$state/server_url")"; }

server_version_major() { # http url -> major version
  curl -fsS --max-time 5 "$1/?query=SELECT%20version()" | cut -d. -f1
}

stop_single() {
  case $(cat "$state/mode" 2>/dev/null || echo none) in
    chdb) "$root/scripts/clickhouse-chdb.sh" stop ;;
    debian) "$root/scripts/clickhouse-debian.sh" stop ;;
  esac
  rm -f "$state/mode" "$state/server_url" "$state/url"
}

cmd_start() {
  local server_only="" engine=debian
  for arg in "$@"; do
    case $arg in
      --server-only) server_only=$arg ;;
      --engine=chdb|--engine=debian) engine=${arg#--engine=} ;;
      *) die "unknown option $arg (expected --server-only, --engine=debian or --engine=chdb)" ;;
    esac
  done
  if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then echo "$PILLAR_CLICKHOUSE_URL"; return; fi
  command -v curl >/dev/null || apt_install curl
  mkdir -p "$state"
  if ! running || [ "$(cat "$state/mode")" != "$engine" ]; then
    stop_single
    "$root/scripts/clickhouse-$engine.sh" start
  fi
  if [ -n "$server_only" ]; then cat "$state/server_url"; return; fi
  if [ "$(server_version_major "$(jdbc_to_http <"$state/server_url")")" -lt 19 ]; then
    "$root/scripts/clickhouse-debian.sh" bridge
  else
    cp "$state/server_url" "$state/url"
  fi
  cat "$state/url"
}

given_or() { if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then echo "$PILLAR_CLICKHOUSE_URL"; else cat "$1" 2>/dev/null || die "not started"; fi; }

case ${1:-} in
  start) shift; cmd_start "$@" ;;
  url) given_or "$state/url" ;;
  server-url) given_or "$state/server_url" ;;
  stop)
    if [ -z "${PILLAR_CLICKHOUSE_URL:-}" ]; then
      [ -d "$state/cluster" ] && "$root/scripts/clickhouse-cluster.sh" stop
      stop_single
      rm -rf "$state"
      rmdir "$runtime" 2>/dev/null || true
      log "stopped"
    fi ;;
  status) if running; then echo "running: $(cat "$state/server_url")"; else echo "not running"; exit 1; fi ;;
  cluster-start|cluster-urls|cluster-stop) exec "$root/scripts/clickhouse-cluster.sh" "${1#cluster-}" ;;
  *) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
esac
