#!/usr/bin/env bash
# Runs every test against a real ClickHouse.
#
#   scripts/test.sh [maven arguments...]
#
# Installs what is missing (a JDK, Maven, curl; where no Docker engine answers, Debian's clickhouse-server and
# zookeeper), starts a throwaway ClickHouse unless PILLAR_CLICKHOUSE_URL (or PILLAR_TEST_CLICKHOUSE_URL) names one,
# and a two-replica cluster (Docker containers, else Debian's servers on loopback) unless PILLAR_TEST_CLUSTER names
# one, runs `mvn verify`, and stops what it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. scripts/lib.sh
ensure_build_tools

stop=()
# ${a[@]+...}: bash 3.2 (macOS) calls an empty array unbound under set -u
trap 'for command in ${stop[@]+"${stop[@]}"}; do scripts/clickhouse.sh "$command" || true; done' EXIT
use_test_server stop

# the cluster tests' two replicas (one ZooKeeper, two ClickHouse servers), unless a cluster is given
if [ -z "${PILLAR_TEST_CLUSTER:-}" ]; then
  scripts/clickhouse.sh cluster-urls >/dev/null 2>&1 || stop=(cluster-stop ${stop[@]+"${stop[@]}"})
  started=$(date +%s)
  scripts/clickhouse.sh cluster-start >/dev/null
  PILLAR_TEST_CLUSTER=${PILLAR_CLICKHOUSE_HOME:-$root/.pillar/clickhouse}/cluster
  export PILLAR_TEST_CLUSTER
  echo "test.sh: two-replica cluster ready in $(( $(date +%s) - started )) s" >&2
fi

mvn -B -ntp verify "$@"
