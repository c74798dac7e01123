#!/usr/bin/env bash
# Prints how many tests ran on which ClickHouse, from the Surefire reports of the last `mvn verify`: each report
# records the server's version (pillar.test.clickhouse-version) of the JVM that ran it.
set -euo pipefail
cd "$(dirname "$0")/.."
find . -path '*/target/surefire-reports/TEST-*.xml' -print0 | xargs -0 -r awk '
  function flush() { if (seen) { t[version] += tests; s[version] += skipped; f[version] += failed } }
  function attribute(name) { return match($0, " " name "=\"[0-9]+\"") ? substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 4) + 0 : 0 }
  FNR == 1 { flush(); seen = 1; version = "no ClickHouse" }
  /<testsuite / { tests = attribute("tests"); skipped = attribute("skipped"); failed = attribute("failures") + attribute("errors") }
  /name="pillar.test.clickhouse-version"/ { match($0, /value="[^"]*"/); version = "ClickHouse " substr($0, RSTART + 7, RLENGTH - 8) }
  END { flush(); for (v in t) printf "test-summary: %-24s %4d tests, %d failed, %d skipped\n", v ":", t[v], f[v], s[v] }
' | sort
