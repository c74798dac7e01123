#!/usr/bin/env bash
# Measures how much Pillar adds to ClickHouse's own time, and writes pillar-benchmark/RESULTS.md.
#
#   scripts/benchmark.sh [--quick] [--output FILE]
#
# Starts a throwaway ClickHouse unless PILLAR_CLICKHOUSE_URL (or PILLAR_TEST_CLICKHOUSE_URL) names one, builds the
# harness and the sample app, resolves the sample app's classpath with and without the starter, runs the harness
# (about 3 minutes on 2 cores), and stops what it started. Not part of `mvn verify`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

. scripts/lib.sh
ensure_build_tools

# The harness reads the server from PILLAR_TEST_CLICKHOUSE_URL, like the tests (and starts the format bridge in
# front of an old server itself); the sample apps it launches get the database's URL on their command line.
stop=()
trap 'for command in "${stop[@]}"; do scripts/clickhouse.sh "$command" || true; done' EXIT
use_test_server stop
echo "benchmark.sh: ClickHouse at $PILLAR_TEST_CLICKHOUSE_URL; building" >&2

work=$root/pillar-benchmark/target/startup
mkdir -p "$work/without-starter"

# The harness, the sample app and what they need; each module's runtime classpath into its target/.
mvn -B -ntp -q -Dmaven.test.skip=true -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt \
  -pl pillar-benchmark,pillar-sample-app -am install dependency:build-classpath
echo "$root/pillar-sample-app/target/classes:$(cat pillar-sample-app/target/runtime-classpath.txt)" >"$work/with.classpath"

# "Without the starter": the sample app's pom minus that one dependency, resolved by Maven the same way.
awk '
  /<dependency>/ { block = $0 "\n"; inside = 1; next }
  inside { block = block $0 "\n"; if (/<\/dependency>/) { inside = 0; if (block !~ /pillar-spring-boot-starter/) printf "%s", block }; next }
  { print }
' pillar-sample-app/pom.xml | sed 's#<artifactId>pillar-sample-app</artifactId>#<artifactId>pillar-sample-app-without-starter</artifactId>#' \
  >"$work/without-starter/pom.xml"
mvn -B -ntp -q -f "$work/without-starter/pom.xml" -DincludeScope=runtime -Dmdep.outputFile="$work/without.cp" \
  dependency:build-classpath
echo "$root/pillar-sample-app/target/classes:$(cat "$work/without.cp")" >"$work/without.classpath"

java -cp "pillar-benchmark/target/classes:$(cat pillar-benchmark/target/runtime-classpath.txt)" dev.pillar.benchmark.BenchmarkMain \
  --with-classpath "$work/with.classpath" --without-classpath "$work/without.classpath" \
  --output pillar-benchmark/RESULTS.md "$@"
