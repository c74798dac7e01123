#!/usr/bin/env bash
# A reachable ClickHouse for the sample app and the tests, on a machine that may have nothing.
#
#   scripts/clickhouse.sh start [--server-only] [--engine=chdb|debian|server]
#                                                start one if needed; print the JDBC URL an app uses
#   scripts/clickhouse.sh url                    print that URL again
#   scripts/clickhouse.sh server-url             print the server's own URL (the tests bridge it themselves)
#   scripts/clickhouse.sh stop                   stop what start started
#   scripts/clickhouse.sh status
#   scripts/clickhouse.sh cluster-start          a real cluster: one ZooKeeper and two ClickHouse replicas of one
#                                                shard (cluster 'pillar'), in Docker where a Docker engine answers,
#                                                else Debian's on loopback; prints both replicas' URLs. With
#                                                Debian's, also cluster 'pillar_shards' (two servers, one shard
#                                                each, same ZooKeeper)
#   scripts/clickhouse.sh cluster-urls           print them again
#   scripts/clickhouse.sh cluster-stop
#
# Where it comes from, first match wins:
#   1. PILLAR_CLICKHOUSE_URL, when set: used as it is, nothing is started;
#   2. Docker's clickhouse/clickhouse-server (PILLAR_CLICKHOUSE_IMAGE), where a Docker engine answers;
#   3. Debian's clickhouse-server, installed with apt when missing, run as a throwaway instance on free
#      loopback ports. Debian ships 18.16, which the JDBC driver cannot read results from, so `start` also
#      runs the format bridge in front of it (unless --server-only) and prints the bridge's URL.
#
# What the scripts and the tests read (mode, URLs, pids) stays under .pillar/clickhouse (PILLAR_CLICKHOUSE_HOME).
# A Debian server's own directory (config, data, logs) lives under /var/tmp, one per state directory, and is
# linked from there: the server runs as user clickhouse, which cannot enter a checkout in a private home.
#
# Docker containers publish their HTTP ports on fixed loopback ports, so that a test can restart them
# (docker stop/kill/start) and find them at the same URL. A container that does not answer within
# PILLAR_CLICKHOUSE_START_TIMEOUT seconds (60) has the end of its log printed, and is removed.
# --engine=chdb starts ClickHouse 26.7 instead: chDB's library (npm @chdb/lib-linux-x64-gnu, fetched once into
# PILLAR_CHDB_CACHE, default ~/.cache/pillar/chdb/<version>) behind pillar-test-support's HTTP front, a background
# java process with its data under the state directory. --engine=debian skips Docker. --engine=server is the default
# choice (Docker, else Debian), also when chDB is running: it is replaced.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${PILLAR_CLICKHOUSE_HOME:-$root/.pillar/clickhouse}
image=${PILLAR_CLICKHOUSE_IMAGE:-clickhouse/clickhouse-server:25.8}
zookeeper_image=${PILLAR_ZOOKEEPER_IMAGE:-zookeeper:3.8}
start_timeout=${PILLAR_CLICKHOUSE_START_TIMEOUT:-60}
key=$(printf '%s' "$state" | cksum | cut -d' ' -f1)
container=pillar-clickhouse-$key
runtime=/var/tmp/pillar-clickhouse-$(id -u)-$key

log() { printf 'clickhouse.sh: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    port_free "$p" && { echo "$p"; return; }
  done
  die "no free loopback port found"
}

http_ok() { # url -> 0 when ClickHouse answers SELECT 1
  local body
  body=$(curl -fsS --max-time 2 "$1/?query=SELECT%201" 2>/dev/null) && [ "$body" = 1 ]
}

wait_http() { # url seconds
  for _ in $(seq 1 $(($2 * 5))); do
    http_ok "$1" && return 0
    sleep 0.2
  done
  return 1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"; fi
}

ensure_tools() {
  command -v curl >/dev/null || { as_root apt-get update -q >&2; as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q curl >&2; }
}

ensure_debian_server() {
  [ -x /usr/sbin/clickhouse-server ] && return
  command -v apt-get >/dev/null || die "no ClickHouse: set PILLAR_CLICKHOUSE_URL, start Docker, or install clickhouse-server"
  log "installing Debian's clickhouse-server with apt"
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q clickhouse-server clickhouse-client >&2
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
  echo "jdbc:clickhouse:$url" | sed 's#jdbc:clickhouse:http://#jdbc:clickhouse://#' >"$state/server_url"
  log "Debian ClickHouse $(curl -fsS "$url/?query=SELECT%20version()") on $url (data: $dir)"
}

# ---- ClickHouse 26.7 from chDB's library, behind the HTTP front in pillar-test-support ----
chdb_version=26.7.3-stable.1
chdb_cache=${PILLAR_CHDB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pillar/chdb/$chdb_version}

ensure_chdb_library() {
  [ -f "$chdb_cache/package/libchdb.so" ] && return
  command -v npm >/dev/null || { log "installing Debian's npm with apt"; as_root apt-get update -q >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm >&2; }
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
  local dir=$state/chdb port
  rm -rf "$dir"; mkdir -p "$dir/data"
  log "building pillar-test-support for the chDB front"
  (cd "$root" && mvn -B -q -pl pillar-test-support -am -DskipTests compile >&2 \
    && mvn -B -q -pl pillar-test-support dependency:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile="$dir/classpath" >&2)
  port=$(free_port)
  nohup java -Xmx256m -XX:ErrorFile="$dir/hs_err_pid%p.log" -cp "$root/pillar-test-support/target/classes:$(cat "$dir/classpath")" \
    dev.pillar.clickhouse.test.chdb.ChdbFront "$chdb_cache/package/libchdb.so" "$dir/data" "$port" \
    >"$dir/front.log" 2>&1 &
  echo $! >"$dir/pid"
  local url="http://127.0.0.1:$port"
  wait_http "$url" 60 || { tail -n 30 "$dir/front.log" >&2; die "the chDB front did not answer on $url within 60 s"; }
  echo chdb >"$state/mode"
  echo "jdbc:clickhouse://127.0.0.1:$port" >"$state/server_url"
  log "ClickHouse $(curl -fsS "$url/?query=SELECT%20version()") (chDB) on $url (data: $dir/data)"
}

stop_chdb() {
  [ -f "$state/chdb/pid" ] || return 0
  local pid; pid=$(cat "$state/chdb/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

docker_ok() { command -v docker >/dev/null && docker info >/dev/null 2>&1; }

docker_log_tail() { # container
  log "the last lines of docker logs $1:"
  docker logs --tail 30 "$1" >&2 2>&1 || true
}

start_docker() {
  local port url
  port=$(free_port)
  url="http://127.0.0.1:$port"
  docker rm -f "$container" >/dev/null 2>&1 || true
  # current images limit a password-less default user to the container's localhost unless user set-up is skipped;
  # the tests and the sample app log in as that user
  docker run -d --name "$container" -p "127.0.0.1:$port:8123" -e CLICKHOUSE_SKIP_USER_SETUP=1 "$image" >/dev/null
  if ! wait_http "$url" "$start_timeout"; then
    docker_log_tail "$container"
    docker rm -f "$container" >/dev/null 2>&1 || true
    die "the ClickHouse container ($image) did not answer on $url within $start_timeout s; it was removed"
  fi
  echo docker >"$state/mode"
  echo "$container" >"$state/container"
  echo "jdbc:clickhouse://127.0.0.1:$port" >"$state/server_url"
  log "Docker $image on $url (container $container)"
}

server_version_major() { # jdbc url -> major version
  local http=${1#jdbc:clickhouse:}
  http=${http%%\?*}; case $http in http*) ;; *) http="http:$http" ;; esac
  curl -fsS --max-time 5 "$http/?query=SELECT%20version()" | cut -d. -f1
}

start_bridge() {
  local server=$1 port cp
  port=$(free_port)
  log "the server is older than 19.x: starting the format bridge (builds pillar-test-support once)"
  (cd "$root" && mvn -B -q -pl pillar-test-support -am -DskipTests compile >&2)
  cp="$root/pillar-test-support/target/classes"
  local upstream=${server#jdbc:clickhouse:}; upstream="http:${upstream#http:}"
  nohup java -cp "$cp" dev.pillar.clickhouse.test.bridge.FormatBridge --upstream "$upstream" --port "$port" \
    >"$state/bridge.log" 2>&1 &
  echo $! >"$state/bridge.pid"
  wait_http "http://127.0.0.1:$port" 30 || { cat "$state/bridge.log" >&2; die "the format bridge did not start"; }
  echo "jdbc:clickhouse://127.0.0.1:$port?compress=false" >"$state/url"
}

running() { [ -f "$state/server_url" ] && http_ok "$(sed 's#jdbc:clickhouse://#http://#; s#?.*##' "$state/server_url")"; }

cmd_start() {
  local server_only="" engine=""
  for arg in "$@"; do
    case $arg in
      --server-only) server_only=$arg ;;
      --engine=chdb|--engine=debian) engine=${arg#--engine=} ;;
      --engine=server) if docker_ok; then engine=docker; else engine=debian; fi ;;
      *) die "unknown option $arg (expected --server-only, --engine=chdb, --engine=debian or --engine=server)" ;;
    esac
  done
  if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then echo "$PILLAR_CLICKHOUSE_URL"; return; fi
  ensure_tools
  mkdir -p "$state"
  if ! running || { [ -n "$engine" ] && [ "$(cat "$state/mode")" != "$engine" ]; }; then
    stop_single
    mkdir -p "$state"
    case $engine in
      chdb) start_chdb ;;
      debian) start_debian ;;
      docker) start_docker ;;
      *) if docker_ok; then start_docker; else start_debian; fi ;;
    esac
  fi
  local server; server=$(cat "$state/server_url")
  if [ "$server_only" = --server-only ]; then echo "$server"; return; fi
  if [ "$(server_version_major "$server")" -lt 19 ]; then
    [ -f "$state/url" ] && http_ok "$(sed 's#jdbc:clickhouse://#http://#; s#?.*##' "$state/url")" || start_bridge "$server"
  else
    echo "$server" >"$state/url"
  fi
  cat "$state/url"
}

stop_single() {
  [ -f "$state/bridge.pid" ] && kill "$(cat "$state/bridge.pid")" 2>/dev/null || true
  case $(cat "$state/mode" 2>/dev/null || echo none) in
    chdb) stop_chdb ;;
    docker) docker rm -f "$container" >/dev/null 2>&1 || true ;;
    debian)
      if [ -f "$state/server/pid" ]; then
        local pid; pid=$(cat "$state/server/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -9 "$pid" 2>/dev/null || true
      fi ;;
  esac
  drop_server_dir "$state/server"
  rm -rf "$state/chdb" "$state/mode" "$state/container" "$state/server_url" "$state/url" "$state/bridge.pid" "$state/bridge.log"
}

cmd_stop() {
  [ -d "$cluster" ] && cmd_cluster_stop
  stop_single
  rm -rf "$state"
  rmdir "$runtime" 2>/dev/null || true
  log "stopped"
}

# ---- a two-replica cluster: Debian's zookeeper and clickhouse-server on loopback, or Docker containers ----
# Each replica's directory holds what the tests read (ClickHouseCluster): http (its URL), address (host:port of
# its native port as system.clusters names it), and container (its name) for Docker, or its config and pid.
cluster=$state/cluster

ensure_zookeeper() {
  [ -f /usr/share/java/zookeeper.jar ] && return
  log "installing Debian's zookeeper with apt"
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q zookeeper >&2
}

# bounded: a ZooKeeper still starting can accept the connection and never answer (a CI run hung here 4 minutes)
zk_ok() { [ "$(timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf ruok >&3; cat <&3' zk_ok "$1" 2>/dev/null)" = imok ]; }

start_zookeeper() {
  local dir=$cluster/zookeeper port
  port=$(free_port)
  mkdir -p "$dir/data"
  cat >"$dir/zoo.cfg" <<CFG
tickTime=2000
dataDir=$dir/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=ruok,stat
CFG
  nohup java -Xmx256m -Dzookeeper.log.dir="$dir" -cp /etc/zookeeper/conf:/usr/share/java/zookeeper.jar \
    org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" >"$dir/zookeeper.log" 2>&1 &
  echo $! >"$dir/pid"
  for _ in $(seq 1 100); do zk_ok "$port" && break; sleep 0.2; done
  zk_ok "$port" || { tail -n 20 "$dir/zookeeper.log" >&2; die "ZooKeeper did not start"; }
  echo "$port" >"$dir/port"
}

# One server of a test cluster: its name (its replica macro), its shard macro, its native port, ZooKeeper's port, its
# HTTP port, the cluster's name and that cluster's <shard> elements.
start_cluster_server() { # name shard tcp zkport http cluster shards_xml
  local name=$1 dir http=$5 inter
  dir=$(server_dir "$name" "$cluster/$name")
  inter=$(free_port)
  write_config "$dir" "$http" "$3" "$inter"
  cat >"$dir/config.d/cluster.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <remote_servers>
        <$6>
$7
        </$6>
    </remote_servers>
    <zookeeper><node><host>127.0.0.1</host><port>$4</port></node><session_timeout_ms>6000</session_timeout_ms></zookeeper>
    <macros><shard>$2</shard><replica>$name</replica><cluster>$6</cluster></macros>
</yandex>
XML
  run_debian_server "$dir"
  echo "http://127.0.0.1:$http" >"$dir/http"
}

cmd_cluster_start() {
  if [ -f "$cluster/urls" ] && http_ok "$(head -n1 "$cluster/urls" | sed 's#jdbc:clickhouse://#http://#')" \
     && http_ok "$(tail -n1 "$cluster/urls" | sed 's#jdbc:clickhouse://#http://#')"; then
    cat "$cluster/urls"; return
  fi
  cmd_cluster_stop >/dev/null 2>&1 || true
  ensure_tools
  mkdir -p "$cluster"
  if docker_ok; then start_docker_cluster; else start_debian_cluster; fi
  cat "$cluster/urls"
}

start_debian_cluster() {
  ensure_debian_server; ensure_zookeeper
  echo debian >"$cluster/mode"
  local started; started=$(date +%s)
  start_zookeeper
  local zk tcp1 tcp2 http1 http2
  zk=$(cat "$cluster/zookeeper/port"); tcp1=$(free_port); tcp2=$(free_port); http1=$(free_port); http2=$(free_port)
  local replicas="            <shard>
                <internal_replication>true</internal_replication>
                <replica><host>127.0.0.1</host><port>$tcp1</port></replica>
                <replica><host>127.0.0.1</host><port>$tcp2</port></replica>
            </shard>"
  start_cluster_server r1 01 "$tcp1" "$zk" "$http1" pillar "$replicas"
  start_cluster_server r2 01 "$tcp2" "$zk" "$http2" pillar "$replicas"
  local stcp1 stcp2
  stcp1=$(free_port); stcp2=$(free_port)
  # cluster 'pillar_shards': two servers of one shard each. The shard macro is per server, and r1 and r2 must keep
  # one shard for the replicated tables of 'pillar'.
  local shards="            <shard><replica><host>127.0.0.1</host><port>$stcp1</port></replica></shard>
            <shard><replica><host>127.0.0.1</host><port>$stcp2</port></replica></shard>"
  start_cluster_server s1 01 "$stcp1" "$zk" "$(free_port)" pillar_shards "$shards"
  start_cluster_server s2 02 "$stcp2" "$zk" "$(free_port)" pillar_shards "$shards"
  for r in r1 r2 s1 s2; do
    wait_http "$(cat "$cluster/$r/http")" 30 || { tail -n 30 "$cluster/$r/log/server.err.log" >&2 || true; die "server $r did not start"; }
  done
  echo "127.0.0.1:$tcp1" >"$cluster/r1/address"; echo "127.0.0.1:$tcp2" >"$cluster/r2/address"
  echo "127.0.0.1:$stcp1" >"$cluster/s1/address"; echo "127.0.0.1:$stcp2" >"$cluster/s2/address"
  printf 'jdbc:clickhouse://127.0.0.1:%s\njdbc:clickhouse://127.0.0.1:%s\n' "$http1" "$http2" >"$cluster/urls"
  log "cluster 'pillar' up in $(( $(date +%s) - started )) s: ZooKeeper 127.0.0.1:$zk, replicas on HTTP $http1 and $http2; 'pillar_shards' on $(cat "$cluster/s1/http") and $(cat "$cluster/s2/http")"
}

# The same cluster in Docker: a network of its own, ZooKeeper, and two clickhouse-server containers that reach each
# other by container name. Their cluster config is copied into config.d (docker cp, not a bind mount: that works
# with any engine, Docker Desktop's file sharing or a remote one alike).
docker_cluster_config() { # replica
  cat <<XML
<clickhouse>
    <remote_servers>
        <pillar>
            <shard>
                <internal_replication>true</internal_replication>
                <replica><host>$container-r1</host><port>9000</port></replica>
                <replica><host>$container-r2</host><port>9000</port></replica>
            </shard>
        </pillar>
    </remote_servers>
    <zookeeper><node><host>$container-zk</host><port>2181</port></node><session_timeout_ms>6000</session_timeout_ms></zookeeper>
    <macros><shard>01</shard><replica>$1</replica><cluster>pillar</cluster></macros>
    <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
    <interserver_http_host>$container-$1</interserver_http_host>
</clickhouse>
XML
}

docker_cluster_failed() { # container what
  docker_log_tail "$1"
  cmd_cluster_stop >/dev/null 2>&1 || true
  die "$2; the cluster's containers were removed"
}

start_docker_cluster() {
  local started net=$container-net r name http dir
  started=$(date +%s)
  echo docker >"$cluster/mode"
  docker network create "$net" >/dev/null
  docker run -d --name "$container-zk" --network "$net" "$zookeeper_image" >/dev/null
  for r in r1 r2; do
    name=$container-$r dir=$cluster/$r http=$(free_port)
    mkdir -p "$dir"
    docker_cluster_config "$r" >"$dir/cluster.xml"
    chmod 644 "$dir/cluster.xml"
    docker create --name "$name" --hostname "$name" --network "$net" -p "127.0.0.1:$http:8123" \
      -e CLICKHOUSE_SKIP_USER_SETUP=1 "$image" >/dev/null
    docker cp "$dir/cluster.xml" "$name:/etc/clickhouse-server/config.d/pillar-cluster.xml" >/dev/null
    docker start "$name" >/dev/null
    echo "$name" >"$dir/container"
    echo "$name:9000" >"$dir/address"
    echo "http://127.0.0.1:$http" >"$dir/http"
  done
  for r in r1 r2; do
    wait_http "$(cat "$cluster/$r/http")" "$start_timeout" \
      || docker_cluster_failed "$container-$r" "replica $r ($image) did not answer within $start_timeout s"
  done
  wait_zookeeper "$(cat "$cluster/r1/http")" "$start_timeout" \
    || docker_cluster_failed "$container-zk" "replica r1 did not reach ZooKeeper ($zookeeper_image) within $start_timeout s"
  sed 's#^http://#jdbc:clickhouse://#' "$cluster/r1/http" "$cluster/r2/http" >"$cluster/urls"
  log "cluster 'pillar' up in Docker in $(( $(date +%s) - started )) s: replicas on $(paste -sd' ' "$cluster/urls")"
}

wait_zookeeper() { # url seconds -> 0 once the server reads ZooKeeper
  for _ in $(seq 1 $(($2 * 5))); do
    curl -fsS --max-time 2 "$1/" --data-binary "SELECT count() FROM system.zookeeper WHERE path = '/'" >/dev/null 2>&1 \
      && return 0
    sleep 0.2
  done
  return 1
}

cmd_cluster_stop() {
  local pid
  if [ "$(cat "$cluster/mode" 2>/dev/null)" = docker ]; then
    docker rm -f "$container-r1" "$container-r2" "$container-zk" >/dev/null 2>&1 || true
    docker network rm "$container-net" >/dev/null 2>&1 || true
  fi
  for r in r1 r2 s1 s2; do
    if [ -f "$cluster/$r/pid" ]; then
      pid=$(cat "$cluster/$r/pid"); kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  [ -f "$cluster/zookeeper/pid" ] && kill "$(cat "$cluster/zookeeper/pid")" 2>/dev/null || true
  for r in r1 r2 s1 s2; do drop_server_dir "$cluster/$r"; done
  rm -rf "$cluster"
  log "cluster stopped"
}

case ${1:-} in
  cluster-start) cmd_cluster_start ;;
  cluster-urls) cat "$cluster/urls" 2>/dev/null || die "cluster not started" ;;
  cluster-stop) cmd_cluster_stop ;;
  start) shift; cmd_start "$@" ;;
  url) if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then echo "$PILLAR_CLICKHOUSE_URL"; else cat "$state/url" 2>/dev/null || die "not started"; fi ;;
  server-url) if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then echo "$PILLAR_CLICKHOUSE_URL"; else cat "$state/server_url" 2>/dev/null || die "not started"; fi ;;
  stop) [ -n "${PILLAR_CLICKHOUSE_URL:-}" ] || cmd_stop ;;
  status) if running; then echo "running: $(cat "$state/server_url")"; else echo "not running"; exit 1; fi ;;
  *) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
esac
