# shellcheck shell=bash
# Shared by scripts/test.sh and scripts/benchmark.sh; source it after cd-ing to the project root.

# Installs a JDK, Maven and curl where missing (Debian's packages).
ensure_build_tools() {
  local need=()
  command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || need+=(maven)
  command -v curl >/dev/null || need+=(curl)
  if [ ${#need[@]} -gt 0 ]; then
    echo "$(basename "$0"): installing ${need[*]}" >&2
    local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -q >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >&2
  fi
}

# Exports PILLAR_TEST_CLICKHOUSE_URL, the server the tests and the benchmark use: PILLAR_CLICKHOUSE_URL when set
# (moved, since Spring would bind it to pillar.clickhouse.url in every application context under test), else one
# that scripts/clickhouse.sh starts. Appends "stop" to the array named by $1 when it started one.
use_test_server() {
  if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then
    export PILLAR_TEST_CLICKHOUSE_URL=$PILLAR_CLICKHOUSE_URL
    unset PILLAR_CLICKHOUSE_URL
  elif [ -z "${PILLAR_TEST_CLICKHOUSE_URL:-}" ]; then
    # eval, not a nameref: macOS runs bash 3.2
    scripts/clickhouse.sh status >/dev/null 2>&1 || eval "$1+=(stop)"
    local started; started=$(date +%s)
    PILLAR_TEST_CLICKHOUSE_URL=$(scripts/clickhouse.sh start --server-only --engine=server)
    export PILLAR_TEST_CLICKHOUSE_URL
    echo "$(basename "$0"): ClickHouse at $PILLAR_TEST_CLICKHOUSE_URL (ready in $(( $(date +%s) - started )) s)" >&2
  fi
}
