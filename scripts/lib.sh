# shellcheck shell=bash
# Shared by the scripts; source it after setting root (the project directory).

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "$*"; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $*"; fi
}

# Installs Debian packages with apt (one update per call).
apt_install() { # package...
  command -v apt-get >/dev/null || die "cannot install $*: no apt-get here; install them, or set PILLAR_CLICKHOUSE_URL"
  log "installing $* with apt"
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

# Stops the process whose pid the file holds: SIGTERM, up to 10 s to exit, then SIGKILL.
stop_pid() { # pidfile
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

# Installs a JDK, Maven and curl where missing.
ensure_build_tools() {
  local need=()
  command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
  command -v mvn >/dev/null || need+=(maven)
  command -v curl >/dev/null || need+=(curl)
  [ ${#need[@]} -eq 0 ] || apt_install "${need[@]}"
}

# ---- the servers of this checkout (scripts/clickhouse*.sh) ----
# What the scripts and the tests read (mode, URLs, pids) stays under the state directory. A Debian server's own
# directory (config, data, logs) lives under /var/tmp, one per state directory, and is linked from there: the server
# runs as user clickhouse, which cannot enter a checkout in a private home.
state=${PILLAR_CLICKHOUSE_HOME:-$root/.pillar/clickhouse}
runtime=/var/tmp/pillar-clickhouse-$(id -u)-$(printf '%s' "$state" | cksum | cut -d' ' -f1)

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A loopback port nothing listens on and that no earlier call handed out: the servers bind theirs only once started,
# so a later call would otherwise find a port already given to a server still starting.
free_port() {
  local p given=$state/ports-given
  mkdir -p "$state"
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 30000))
    if port_free "$p" && ! grep -qx "$p" "$given" 2>/dev/null; then
      echo "$p" >>"$given"
      echo "$p"
      return
    fi
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

jdbc_to_http() { sed 's#jdbc:clickhouse://#http://#; s#?.*##'; } # stdin: JDBC URLs

# Exports PILLAR_TEST_CLICKHOUSE_URL, the server the tests and the benchmark use: PILLAR_CLICKHOUSE_URL when set
# (moved, since Spring would bind it to pillar.clickhouse.url in every application context under test), else Debian's
# that scripts/clickhouse.sh starts. Appends "stop" to the array named by $1 when it started one. Where Debian's
# server cannot be installed (no apt-get), it leaves the URL unset: the tests start a Docker image through
# Testcontainers.
use_test_server() {
  if [ -n "${PILLAR_CLICKHOUSE_URL:-}" ]; then
    export PILLAR_TEST_CLICKHOUSE_URL=$PILLAR_CLICKHOUSE_URL
    unset PILLAR_CLICKHOUSE_URL
  elif [ -z "${PILLAR_TEST_CLICKHOUSE_URL:-}" ]; then
    if [ ! -x /usr/sbin/clickhouse-server ] && ! command -v apt-get >/dev/null; then
      log "no Debian ClickHouse here: the tests start Docker images through Testcontainers"
      return
    fi
    # eval, not a nameref: macOS runs bash 3.2
    scripts/clickhouse.sh status >/dev/null 2>&1 || eval "$1+=(stop)"
    local started; started=$(date +%s)
    PILLAR_TEST_CLICKHOUSE_URL=$(scripts/clickhouse.sh start --server-only --engine=debian)
    export PILLAR_TEST_CLICKHOUSE_URL
    log "ClickHouse at $PILLAR_TEST_CLICKHOUSE_URL (ready in $(( $(date +%s) - started )) s)"
  fi
}
