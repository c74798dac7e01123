#!/usr/bin/env bash
# Starts a ClickHouse if needed and runs the sample app against it on http://localhost:8080 (PORT to change).
# Its migrations are applied on startup; see http://localhost:8080/actuator/pillar. Ctrl-C stops the app;
# `scripts/clickhouse.sh stop` stops ClickHouse.
#
#   scripts/run-sample.sh [--engine=chdb|debian] [application arguments...]
#
# --engine=chdb runs it on ClickHouse 26.7 (chDB's library behind the test front), --engine=debian on Debian's 18.16;
# without it, Debian's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
engine=()
case ${1:-} in --engine=*) engine=("$1"); shift ;; esac
PILLAR_CLICKHOUSE_URL=$(scripts/clickhouse.sh start ${engine[@]+"${engine[@]}"})
export PILLAR_CLICKHOUSE_URL
# the actuator needs a login (reader: status; admin: migrate and roll back); the sample has no default password
for var in SAMPLE_READER_PASSWORD SAMPLE_ADMIN_PASSWORD; do
  if [ -z "${!var:-}" ]; then
    export "$var=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    echo "run-sample.sh: $var was not set; using ${!var} (users reader and admin)" >&2
  fi
done
echo "run-sample.sh: ClickHouse at $PILLAR_CLICKHOUSE_URL; building the sample app" >&2
mvn -B -q -ntp -DskipTests -pl pillar-sample-app -am package
exec java -jar pillar-sample-app/target/pillar-sample-app-0.1.0-SNAPSHOT.jar --server.port="${PORT:-8080}" "$@"
