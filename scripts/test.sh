#!/usr/bin/env bash
# Runs every test against a real ClickHouse.
#
#   scripts/test.sh [maven arguments...]
#
# Installs what is missing (a JDK, Maven, curl; Debian's clickhouse-server when there is no Docker, and zookeeper),
# starts a throwaway ClickHouse unless PILLAR_CLICKHOUSE_URL (or PILLAR_TEST_CLICKHOUSE_URL) names one, and a
# two-replica cluster on loopback unless PILLAR_TEST_CLUSTER names one, runs `mvn verify`, and stops what it started.
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

stop=()
trap 'for command in "${stop[@]}"; do scripts/clickhouse.sh "$command" || true; done' EXIT

# The tests read the server from PILLAR_TEST_CLICKHOUSE_URL: Spring would bind PILLAR_CLICKHOUSE_URL to
# pillar.clickhouse.url in every application context under test.
if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then
  export PILLAR_TEST_CLICKHOUSE_URL=$PILLAR_CLICKHOUSE_URL
  unset PILLAR_CLICKHOUSE_URL
elif [ -z "${PILLAR_TEST_CLICKHOUSE_URL:-}" ]; then
  scripts/clickhouse.sh status >/dev/null 2>&1 || stop+=(stop)
  started=$(date +%s)
  PILLAR_TEST_CLICKHOUSE_URL=$(scripts/clickhouse.sh start --server-only)
  export PILLAR_TEST_CLICKHOUSE_URL
  echo "test.sh: ClickHouse at $PILLAR_TEST_CLICKHOUSE_URL (ready in $(( $(date +%s) - started )) s)" >&2
fi

# the cluster tests' two replicas (one ZooKeeper, two Debian ClickHouse servers), unless a cluster is given
if [ -z "${PILLAR_TEST_CLUSTER:-}" ]; then
  scripts/clickhouse.sh cluster-urls >/dev/null 2>&1 || stop=(cluster-stop "${stop[@]}")
  started=$(date +%s)
  scripts/clickhouse.sh cluster-start >/dev/null
  PILLAR_TEST_CLUSTER=${PILLAR_CLICKHOUSE_HOME:-$root/.pillar/clickhouse}/cluster
  export PILLAR_TEST_CLUSTER
  echo "test.sh: two-replica cluster ready in $(( $(date +%s) - started )) s" >&2
fi

mvn -B -ntp verify "$@"
