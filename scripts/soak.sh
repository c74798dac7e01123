#!/usr/bin/env bash
# Kill-anywhere soak: a service applying 20 data-changing migrations (two INSERTs around a pause each) is killed
# with SIGKILL at random moments and started again, until it has been killed N times; whenever all 20 are applied,
# the rows are checked and a fresh database is used. Reports duplicated rows, missing rows, and the starts that
# refused until a person resumed (the soak then resumes as the operator would, from the rows it sees).
#
#   scripts/soak.sh [--kills N]      (default 50; on Debian's ClickHouse 18.16, started in this worktree's state dir)
#
# A tool, not part of `mvn verify`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
kills=50
[ "${1:-}" = "--kills" ] && kills=$2

. scripts/lib.sh
stop=()
trap 'for command in ${stop[@]+"${stop[@]}"}; do scripts/clickhouse.sh "$command" || true; done' EXIT
use_test_server stop
# jdbc:clickhouse://host:port[/db][?…] -> http://host:port
address=${PILLAR_TEST_CLICKHOUSE_URL#jdbc:clickhouse:}
address=${address#http:}
address=${address#//}
http="http://${address%%[/?]*}"

# in one reactor build, so that the test support resolves to its classes
mvn -q -o -ntp -pl pillar-core -am test-compile dependency:build-classpath -Dmdep.outputFile=target/soak.classpath \
  -Dcheckstyle.skip -Dspring-javaformat.skip >/dev/null
cp="pillar-core/target/test-classes:pillar-core/target/classes:pillar-test-support/target/classes:$(cat pillar-core/target/soak.classpath)"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
q() { curl -sS --data-binary "$1" "$http/"; }

killed=0 recovered=0 refused=0 duplicates=0 missing=0 cycles=0 starts=0
db=""
new_db() { db="soak_$(date +%s%N)"; q "CREATE DATABASE $db" >/dev/null; cycles=$((cycles + 1)); }
check_db() {
  local rows; rows=$(q "SELECT countIf(c > 1), sum(c) - countIf(c > 1) FROM (SELECT m, s, count() AS c FROM $db.soak GROUP BY m, s)")
  local dup; dup=$(echo "$rows" | cut -f1)
  local distinct; distinct=$(q "SELECT count() FROM (SELECT DISTINCT m, s FROM $db.soak)")
  duplicates=$((duplicates + dup))
  recovered=$((recovered + $(q "SELECT count() FROM $db.pillar_migrations WHERE event = 'interrupted'")))
  missing=$((missing + 40 - distinct))
  echo "soak.sh: cycle $cycles: $distinct of 40 rows, $dup duplicated" >&2
  if [ "$dup" != 0 ]; then
    # what the server knows of the duplicated rows' migration, to tell why
    for m in $(q "SELECT m FROM $db.soak GROUP BY m, s HAVING count() > 1"); do
      q "SELECT sequence, event, statements_done, error FROM $db.pillar_migrations WHERE version = $((20250101000000 + m)) ORDER BY sequence" >&2
      q "SELECT event_time, query_id, type, written_rows, substring(exception, 1, 200) FROM system.query_log WHERE query_id LIKE '%-$((20250101000000 + m))-%' ORDER BY event_time" >&2
    done
  fi
}
new_db
log=$(mktemp)
while :; do
  args=("$http" "$db")
  starts=$((starts + 1))
  "$java" -cp "$cp" dev.pillar.clickhouse.migration.SoakInstance "${args[@]}" >"$log" 2>&1 &
  pid=$!
  if [ "$killed" -lt "$kills" ]; then
    sleep "$(awk -v r=$RANDOM 'BEGIN { printf "%.2f", 0.5 + r / 32768 * 4 }')"
  fi
  if [ "$killed" -lt "$kills" ] && kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    killed=$((killed + 1))
    continue
  fi
  status=0; wait "$pid" || status=$?
  if [ "$status" = 3 ]; then
    # what a person does: read the data, name the first statement that did not run
    refused=$((refused + 1))
    grep REFUSED "$log" | cut -c1-600 >&2
    version=$(q "SELECT version FROM $db.pillar_migrations WHERE event = 'interrupted' ORDER BY sequence DESC LIMIT 1")
    m=$((version - 20250101000000))
    first=$([ "$m" = 1 ] && echo 1 || echo 0)
    rows=$(q "SELECT count() FROM $db.soak WHERE m = $m" 2>/dev/null || echo 0)
    from=$((first + 1 + (rows > 0 ? 2 : 0) + (rows > 1 ? 1 : 0)))
    "$java" -cp "$cp" dev.pillar.clickhouse.migration.SoakInstance "$http" "$db" resume "$from" >>"$log" 2>&1 || true
    continue
  elif [ "$status" != 0 ]; then
    echo "soak.sh: a start failed:" >&2; tail -5 "$log" >&2
    continue
  fi
  applied=$(q "SELECT count() FROM $db.pillar_migrations WHERE event = 'applied'")
  if [ "$applied" -ge 20 ]; then
    check_db
    [ "$killed" -ge "$kills" ] && break
    new_db
  fi
done
echo "soak.sh: $killed kills over $starts starts and $cycles cycles: duplicated rows $duplicates, missing rows $missing, recoveries needing a person $refused; kills mid-migration (each recorded interrupted, then completed from the query log): $recovered"
