#!/usr/bin/env bash
# Debian's ClickHouse (18.16 on Debian 12) as a throwaway server of this checkout, and the format bridge in front of it.
#
#   scripts/clickhouse-debian.sh start     install clickhouse-server with apt when missing, start it on free loopback
#                                          ports; writes state/mode and state/server_url
#   scripts/clickhouse-debian.sh bridge    start the format bridge in front of it (the JDBC driver cannot read results
#                                          from servers older than 19.x); writes state/url
#   scripts/clickhouse-debian.sh stop
#
# Sourced by scripts/clickhouse-cluster.sh for the servers of the test cluster. Normally run by scripts/clickhouse.sh.
set -euo pipefail
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
. "$root/scripts/lib.sh"

ensure_debian_server() {
  [ -x /usr/sbin/clickhouse-server ] || apt_install clickhouse-server clickhouse-client
}

write_config() { # dir http tcp interserver
  local dir=$1
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$dir/log" "$dir/config.d"
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <logger>
        <level>warning</level>
        <log>$dir/log/server.log</log>
        <errorlog>$dir/log/server.err.log</errorlog>
        <size>10M</size>
        <count>2</count>
    </logger>
    <http_port>$2</http_port>
    <tcp_port>$3</tcp_port>
    <interserver_http_port>$4</interserver_http_port>
    <interserver_http_host>127.0.0.1</interserver_http_host>
    <listen_host>127.0.0.1</listen_host>
    <max_connections>256</max_connections>
    <keep_alive_timeout>3</keep_alive_timeout>
    <max_concurrent_queries>100</max_concurrent_queries>
    <uncompressed_cache_size>8589934592</uncompressed_cache_size>
    <mark_cache_size>268435456</mark_cache_size>
    <path>$dir/data/</path>
    <tmp_path>$dir/tmp/</tmp_path>
    <user_files_path>$dir/user_files/</user_files_path>
    <format_schema_path>$dir/format_schemas/</format_schema_path>
    <users_config>users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <timezone>UTC</timezone>
    <mlock_executable>false</mlock_executable>
    <builtin_dictionaries_reload_interval>3600</builtin_dictionaries_reload_interval>
    <max_session_timeout>3600</max_session_timeout>
    <default_session_timeout>60</default_session_timeout>
    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
</yandex>
XML
  # 'default' has no password; 'pillar' has one, for the tests of credentials.
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <profiles>
        <default><max_memory_usage>4000000000</max_memory_usage><load_balancing>random</load_balancing></default>
    </profiles>
    <users>
        <default>
            <password></password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </default>
        <pillar>
            <password>pillar-secret</password>
            <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
            <profile>default</profile>
            <quota>default</quota>
        </pillar>
    </users>
    <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
        <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

# A fresh directory for a Debian server, outside the checkout, linked as $2: prints its real path.
server_dir() { # name link
  local dir=$runtime/$1
  drop_server_dir "$2"
  mkdir -p "$runtime" "$dir"
  chmod 755 "$runtime"
  ln -sfn "$dir" "$2"
  echo "$dir"
}

drop_server_dir() { # link
  if [ -L "$1" ]; then rm -rf "$(readlink "$1")"; rm -f "$1"; else rm -rf "$1"; fi
}

run_debian_server() { # dir
  local dir=$1
  chown -R clickhouse:clickhouse "$dir" 2>/dev/null || true
  local run=(/usr/sbin/clickhouse-server --config-file="$dir/config.xml" --pid-file="$dir/pid" --daemon)
  if [ "$(id -u)" = 0 ]; then
    # the server refuses to run as root over data owned by its own user
    su -s /bin/sh clickhouse -c "cd '$dir' && ${run[*]}" >&2
  else
    (cd "$dir" && "${run[@]}") >&2
  fi
}

start_debian() {
  ensure_debian_server
  local dir http tcp inter
  dir=$(server_dir server "$state/server")
  http=$(free_port); tcp=$(free_port); inter=$(free_port)
  write_config "$dir" "$http" "$tcp" "$inter"
  run_debian_server "$dir"
  local url="http://127.0.0.1:$http"
  wait_http "$url" 30 || { tail -n 30 "$dir/log/server.err.log" >&2 || true; die "ClickHouse did not answer on $url within 30 s"; }
  echo debian >"$state/mode"
  echo "jdbc:clickhouse://127.0.0.1:$http" >"$state/server_url"
  log "Debian ClickHouse $(curl -fsS "$url/?query=SELECT%20version()") on $url (data: $dir)"
}

start_bridge() {
  [ -f "$state/url" ] && http_ok "$(jdbc_to_http <"$state/url")" && return
  local port upstream
  port=$(free_port)
  upstream=$(jdbc_to_http <"$state/server_url")
  log "the server is older than 19.x: starting the format bridge (builds pillar-test-support once)"
  (cd "$root" && mvn -B -q -pl pillar-test-support -am -DskipTests compile >&2)
  # idle upstream connections dropped before the server's keep_alive_timeout (3 s) closes them
  nohup java -Djdk.httpclient.keepalive.timeout=2 -cp "$root/pillar-test-support/target/classes" dev.pillar.clickhouse.test.bridge.FormatBridge \
    --upstream "$upstream" --port "$port" >"$state/bridge.log" 2>&1 &
  echo $! >"$state/bridge.pid"
  wait_http "http://127.0.0.1:$port" 30 || { cat "$state/bridge.log" >&2; die "the format bridge did not start"; }
  echo "jdbc:clickhouse://127.0.0.1:$port?compress=false" >"$state/url"
}

stop_debian() {
  stop_pid "$state/bridge.pid"
  stop_pid "$state/server/pid"
  drop_server_dir "$state/server"
  rm -f "$state/bridge.pid" "$state/bridge.log"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  mkdir -p "$state"
  case ${1:-} in
    start) start_debian ;;
    bridge) start_bridge ;;
    stop) stop_debian ;;
    *) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
  esac
fi
