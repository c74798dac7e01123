#!/usr/bin/env bash
# Runs every test against a real ClickHouse.
#
#   scripts/test.sh [maven arguments...]
#
# Installs what is missing (a JDK, Maven, curl; Debian's clickhouse-server when there is no Docker), starts a
# throwaway ClickHouse unless PILLAR_CLICKHOUSE_URL (or PILLAR_TEST_CLICKHOUSE_URL) names one, runs `mvn verify`, and stops what it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v curl >/dev/null || need+=(curl)
if [ ${#need[@]} -gt 0 ]; then
  echo "test.sh: installing ${need[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
fi

# The tests read the server from PILLAR_TEST_CLICKHOUSE_URL: Spring would bind PILLAR_CLICKHOUSE_URL to
# pillar.clickhouse.url in every application context under test.
if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then
  export PILLAR_TEST_CLICKHOUSE_URL=$PILLAR_CLICKHOUSE_URL
  unset PILLAR_CLICKHOUSE_URL
elif [ -z "${PILLAR_TEST_CLICKHOUSE_URL:-}" ]; then
  if scripts/clickhouse.sh status >/dev/null 2>&1; then
    echo "test.sh: using the ClickHouse that is already running" >&2
  else
    trap 'scripts/clickhouse.sh stop' EXIT
  fi
  started=$(date +%s)
  PILLAR_TEST_CLICKHOUSE_URL=$(scripts/clickhouse.sh start --server-only)
  export PILLAR_TEST_CLICKHOUSE_URL
  echo "test.sh: ClickHouse at $PILLAR_TEST_CLICKHOUSE_URL (ready in $(( $(date +%s) - started )) s)" >&2
fi

mvn -B -ntp verify "$@"
