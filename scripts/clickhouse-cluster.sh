#!/usr/bin/env bash
# The test cluster of this checkout: one ZooKeeper (Debian's 3.8) and Debian's ClickHouse servers on loopback,
# cluster 'pillar' (two replicas r1, r2 of one shard; also named 'prod-cluster') and cluster 'pillar_shards' (servers
# s1, s2, one shard each).
#
#   scripts/clickhouse-cluster.sh start     start them (zookeeper and clickhouse-server installed with apt when
#                                           missing) unless they answer; print the replicas' JDBC URLs
#   scripts/clickhouse-cluster.sh urls      print them again
#   scripts/clickhouse-cluster.sh stop      stop them and remove their directories
#
# Each server's directory (state/cluster/<name>) holds what the tests read (ClickHouseCluster): http (its URL),
# address (host:port of its native port as system.clusters names it), its config and its pid.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/clickhouse-debian.sh"
cluster=$state/cluster

ensure_zookeeper() {
  [ -f /usr/share/java/zookeeper.jar ] || apt_install zookeeper
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
# HTTP port, the cluster's name, that cluster's <shard> elements and optionally a second name for the same cluster.
start_cluster_server() { # name shard tcp zkport http cluster shards_xml [alias]
  local name=$1 dir http=$5 inter alias=""
  dir=$(server_dir "$name" "$cluster/$name")
  inter=$(free_port)
  write_config "$dir" "$http" "$3" "$inter"
  [ -n "${8:-}" ] && alias="        <$8>
$7
        </$8>"
  cat >"$dir/config.d/cluster.xml" <<XML
<?xml version="1.0"?>
<yandex>
    <remote_servers>
        <$6>
$7
        </$6>
$alias
    </remote_servers>
    <zookeeper><node><host>127.0.0.1</host><port>$4</port></node><session_timeout_ms>6000</session_timeout_ms></zookeeper>
    <macros><shard>$2</shard><replica>$name</replica><cluster>$6</cluster></macros>
</yandex>
XML
  run_debian_server "$dir"
  echo "http://127.0.0.1:$http" >"$dir/http"
}

start_debian_cluster() {
  ensure_debian_server; ensure_zookeeper
  local started; started=$(date +%s)
  start_zookeeper
  local zk tcp1 tcp2 http1 http2
  zk=$(cat "$cluster/zookeeper/port"); tcp1=$(free_port); tcp2=$(free_port); http1=$(free_port); http2=$(free_port)
  local replicas="            <shard>
                <internal_replication>true</internal_replication>
                <replica><host>127.0.0.1</host><port>$tcp1</port></replica>
                <replica><host>127.0.0.1</host><port>$tcp2</port></replica>
            </shard>"
  # 'prod-cluster': the same replicas under a name that needs quoting in SQL
  start_cluster_server r1 01 "$tcp1" "$zk" "$http1" pillar "$replicas" prod-cluster
  start_cluster_server r2 01 "$tcp2" "$zk" "$http2" pillar "$replicas" prod-cluster
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

cluster_start() {
  if [ -f "$cluster/urls" ] && http_ok "$(head -n1 "$cluster/urls" | jdbc_to_http)" \
     && http_ok "$(tail -n1 "$cluster/urls" | jdbc_to_http)"; then
    cat "$cluster/urls"; return
  fi
  cluster_stop >/dev/null 2>&1 || true
  mkdir -p "$cluster"
  start_debian_cluster
  cat "$cluster/urls"
}

cluster_stop() {
  for r in r1 r2 s1 s2; do stop_pid "$cluster/$r/pid"; done
  stop_pid "$cluster/zookeeper/pid"
  for r in r1 r2 s1 s2; do drop_server_dir "$cluster/$r"; done
  rm -rf "$cluster"
  log "cluster stopped"
}

case ${1:-} in
  start) cluster_start ;;
  urls) cat "$cluster/urls" 2>/dev/null || die "cluster not started" ;;
  stop) cluster_stop ;;
  *) sed -n '2,/^set /p' "$0" | sed '$d' >&2; exit 2 ;;
esac
