#!/usr/bin/env bash
# Runs every test against a real ClickHouse.
#
#   scripts/test.sh [maven arguments...]
#
# Installs what is missing (a JDK, Maven, curl, Debian's clickhouse-server and zookeeper, npm for ClickHouse 26.7),
# starts Debian's ClickHouse unless PILLAR_CLICKHOUSE_URL (or PILLAR_TEST_CLICKHOUSE_URL) names one, ClickHouse 26.7
# (chDB's library behind the test front, on Linux x86-64) unless PILLAR_TEST_CLICKHOUSE_CURRENT_URL names a current
# server, and the test cluster (Debian's servers on loopback) unless PILLAR_TEST_CLUSTER names one, runs `mvn verify`
# (the unit tests, then the integration tests with every ClickHouse test on both servers), prints how many tests ran
# on each, and stops what it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. scripts/lib.sh
ensure_build_tools

stop=()
# ${a[@]+...}: bash 3.2 (macOS) calls an empty array unbound under set -u
trap 'for command in ${stop[@]+"${stop[@]}"}; do scripts/clickhouse.sh "$command" || true; done' EXIT
use_test_server stop

# the cluster tests' servers (one ZooKeeper, four ClickHouse servers), unless a cluster is given
if [ -z "${PILLAR_TEST_CLUSTER:-}" ] && { [ -x /usr/sbin/clickhouse-server ] || command -v apt-get >/dev/null; }; then
  scripts/clickhouse.sh cluster-urls >/dev/null 2>&1 || stop=(cluster-stop ${stop[@]+"${stop[@]}"})
  started=$(date +%s)
  scripts/clickhouse.sh cluster-start >/dev/null
  PILLAR_TEST_CLUSTER=${PILLAR_CLICKHOUSE_HOME:-$root/.pillar/clickhouse}/cluster
  export PILLAR_TEST_CLUSTER
  log "test cluster ready in $(( $(date +%s) - started )) s"
fi

# the current server: ClickHouse 26.7 from chDB's library, in a state directory of its own
if [ -z "${PILLAR_TEST_CLICKHOUSE_CURRENT_URL:-}" ]; then
  if [ "$(uname -sm)" = "Linux x86_64" ]; then
    current_home=${PILLAR_CLICKHOUSE_HOME:-$root/.pillar/clickhouse}-current
    stop_current() { PILLAR_CLICKHOUSE_HOME=$current_home scripts/clickhouse.sh stop || true; }
    trap 'stop_current; for command in ${stop[@]+"${stop[@]}"}; do scripts/clickhouse.sh "$command" || true; done' EXIT
    started=$(date +%s)
    PILLAR_TEST_CLICKHOUSE_CURRENT_URL=$(PILLAR_CLICKHOUSE_HOME=$current_home scripts/clickhouse.sh start --engine=chdb --server-only)
    export PILLAR_TEST_CLICKHOUSE_CURRENT_URL
    log "current ClickHouse at $PILLAR_TEST_CLICKHOUSE_CURRENT_URL (ready in $(( $(date +%s) - started )) s)"
  else
    log "chDB's library is built for Linux x86-64 only: the tests start the current image under Docker"
  fi
fi

status=0
# this run's counts only: Failsafe adds a build's later executions to a summary it finds, even one of an earlier build
find . \( -path '*/target/clickhouse-tests.tsv' -o -path '*/target/failsafe-reports/failsafe-summary*.xml' \) -delete
mvn -B -ntp verify "$@" || status=$?
scripts/test-summary.sh || true
exit "$status"
