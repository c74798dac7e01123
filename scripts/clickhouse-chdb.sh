#!/usr/bin/env bash
# ClickHouse 26.7 as a library (chDB, npm @chdb/lib-linux-x64-gnu) behind pillar-test-support's HTTP front, as a
# background java process of this checkout with its data under the state directory. Linux x86-64 only.
#
#   scripts/clickhouse-chdb.sh start    fetch the package once into PILLAR_CHDB_CACHE (default
#                                       ~/.cache/pillar/chdb/<version>, npm installed with apt when missing), start
#                                       the front on a free loopback port; writes state/mode and state/server_url
#   scripts/clickhouse-chdb.sh stop
#
# Normally run by scripts/clickhouse.sh (start --engine=chdb).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"

chdb_version=26.7.3-stable.1
chdb_cache=${PILLAR_CHDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pillar/chdb/$chdb_version}
dir=$state/chdb

ensure_chdb_library() {
  [ -f "$chdb_cache/package/libchdb.so" ] && return
  command -v npm >/dev/null || apt_install npm
  log "fetching @chdb/lib-linux-x64-gnu@$chdb_version (about 180 MB, once) into $chdb_cache"
  mkdir -p "$chdb_cache"
  local tarball
  tarball=$(cd "$chdb_cache" && npm pack --silent "@chdb/lib-linux-x64-gnu@$chdb_version" | tail -n1)
  tar -xzf "$chdb_cache/$tarball" -C "$chdb_cache"
  rm -f "$chdb_cache/$tarball"
  [ -f "$chdb_cache/package/libchdb.so" ] || die "the npm package holds no package/libchdb.so"
}

start_chdb() {
  ensure_chdb_library
  local port
  rm -rf "$dir"; mkdir -p "$dir/data"
  log "building pillar-test-support for the chDB front"
  (cd "$root" && mvn -B -q -pl pillar-test-support -am -DskipTests compile >&2 \
    && mvn -B -q -pl pillar-test-support dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$dir/classpath" >&2)
  port=$(free_port)
  # a crash log under target/, as the test JVMs' (the state directory is cleared at each start)
  nohup java -Xmx256m -XX:ErrorFile="$root/pillar-test-support/target/chdb-front-hs_err_pid%p.log" -cp "$root/pillar-test-support/target/classes:$(cat "$dir/classpath")" \
    dev.pillar.clickhouse.test.chdb.ChdbFront "$chdb_cache/package/libchdb.so" "$dir/data" "$port" \
    >"$dir/front.log" 2>&1 &
  echo $! >"$dir/pid"
  local url="http://127.0.0.1:$port"
  wait_http "$url" 60 || { tail -n 30 "$dir/front.log" >&2; die "the chDB front did not answer on $url within 60 s"; }
  echo chdb >"$state/mode"
  echo "jdbc:clickhouse://127.0.0.1:$port" >"$state/server_url"
  log "ClickHouse $(curl -fsS "$url/?query=SELECT%20version()") (chDB) on $url (data: $dir/data)"
}

mkdir -p "$state"
case ${1:-} in
  start) start_chdb ;;
  stop) stop_pid "$dir/pid"; rm -rf "$dir" ;;
  *) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
esac
