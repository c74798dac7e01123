#!/usr/bin/env bash
# Measures how much Pillar adds to ClickHouse's own time, beside the other ways to migrate ClickHouse (raw JDBC, Boot +
# Flyway, raw Node, npm clickhouse-migrations), and writes pillar-benchmark/RESULTS.md.
#
#   scripts/benchmark.sh [--quick] [--full] [--peers-only] [--startup-only] [--output FILE]
#
# Starts a throwaway ClickHouse unless PILLAR_CLICKHOUSE_URL (or PILLAR_TEST_CLICKHOUSE_URL) names one, builds the
# harness and the sample app (into their target/, installing nothing into ~/.m2), resolves the sample app's classpath
# with and without the starter, installs the Node peers under pillar-benchmark/target/node (node and npm from apt
# when missing), runs the harness (about 6 minutes on 2 cores; --quick about 2; --full adds 1,000 migrations per
# peer, about 10 more), and stops what it started. Not part of `mvn verify`.
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

# The harness, the sample app and what they need; each module's runtime classpath into its target/ (the project's
# own modules as their jars in target/, so nothing is installed).
mvn -B -ntp -q -Pbenchmark -DskipTests -DincludeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt \
  -pl pillar-benchmark,pillar-sample-app -am package dependency:build-classpath
echo "$root/pillar-sample-app/target/classes:$(cat pillar-sample-app/target/runtime-classpath.txt)" >"$work/with.classpath"

# "Without the starter": the sample app's pom minus that one dependency (and its test ones, which would need this
# project's test support installed), resolved by Maven the same way.
awk '
  /<dependency>/ { block = $0 "\n"; inside = 1; next }
  inside { block = block $0 "\n"; if (/<\/dependency>/) { inside = 0; if (block !~ /pillar-spring-boot-starter|<scope>test<\/scope>/) printf "%s", block }; next }
  { print }
' pillar-sample-app/pom.xml | sed -e 's#<artifactId>pillar-sample-app</artifactId>#<artifactId>pillar-sample-app-without-starter</artifactId>#' \
  -e 's#</parent>#  <relativePath>../../../../pom.xml</relativePath>\n  </parent>#' >"$work/without-starter/pom.xml"
mvn -B -ntp -q -f "$work/without-starter/pom.xml" -DincludeScope=runtime -Dmdep.outputFile="$work/without.cp" \
  dependency:build-classpath
echo "$root/pillar-sample-app/target/classes:$(cat "$work/without.cp")" >"$work/without.classpath"

# A minimal app that queries ClickHouse at start-up (pillar-benchmark's ConnectedApplication): Boot's JDBC starter and
# the driver, as an app has them before it adds Pillar; "with" adds the starter's own jars (its other dependencies are
# already there).
mkdir -p "$work/connected"
cat >"$work/connected/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>dev.pillar</groupId>
    <artifactId>pillar-spring-boot-parent</artifactId>
    <version>0.1.0-SNAPSHOT</version>
    <relativePath>../../../../pom.xml</relativePath>
  </parent>
  <artifactId>pillar-benchmark-connected-app</artifactId>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-jdbc</artifactId></dependency>
    <dependency><groupId>com.clickhouse</groupId><artifactId>clickhouse-jdbc</artifactId></dependency>
    <dependency><groupId>com.github.luben</groupId><artifactId>zstd-jni</artifactId></dependency>
  </dependencies>
</project>
POM
mvn -B -ntp -q -f "$work/connected/pom.xml" -DincludeScope=runtime -Dmdep.outputFile="$work/connected/runtime.cp" \
  dependency:build-classpath
connected="$root/pillar-benchmark/target/classes:$(cat "$work/connected/runtime.cp")"
echo "$connected" >"$work/connected-without.classpath"
starter_jars=$(ls "$root"/pillar-core/target/pillar-core-*.jar \
  "$root"/pillar-spring-boot-autoconfigure/target/pillar-spring-boot-autoconfigure-*.jar \
  "$root"/pillar-spring-boot-starter/target/pillar-spring-boot-starter-*.jar | grep -v -e sources -e javadoc -e tests | paste -sd:)
echo "$connected:$starter_jars" >"$work/connected-with.classpath"

# The Node peers, pinned, into pillar-benchmark/target/node (never globally). Without Node the harness reports them
# as not run.
node_dir=$root/pillar-benchmark/target/node
node_args=()
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  (apt_install nodejs npm) || true
fi
if command -v npm >/dev/null; then
  mkdir -p "$node_dir"
  [ -f "$node_dir/package.json" ] || echo '{ "private": true }' >"$node_dir/package.json"
  if (cd "$node_dir" && npm install --no-audit --no-fund --loglevel=error \
      @clickhouse/client@1.23.1 clickhouse-migrations@1.4.0 >&2); then
    node_args=(--node-modules "$node_dir" --node-script pillar-benchmark/src/main/node/peer.js)
  fi
fi

# which code is measured: the results file names the commit and the command
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- . ':!pillar-benchmark/RESULTS*.md' 2>/dev/null || commit="$commit with uncommitted changes"
java -cp "pillar-benchmark/target/classes:$(cat pillar-benchmark/target/runtime-classpath.txt)" dev.pillar.benchmark.BenchmarkMain \
  --run "commit $commit, scripts/benchmark.sh${*:+ $*}" \
  --with-classpath "$work/with.classpath" --without-classpath "$work/without.classpath" \
  --connected-with-classpath "$work/connected-with.classpath" --connected-without-classpath "$work/connected-without.classpath" \
  --peer-work pillar-benchmark/target/peers "${node_args[@]}" --output pillar-benchmark/RESULTS.md "$@"
