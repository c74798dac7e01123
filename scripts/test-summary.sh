#!/usr/bin/env bash
# Prints how many ClickHouse tests ran on which server in the last `mvn verify`, from the lines that
# pillar-test-support's ClickHouseTestCounter writes (target/clickhouse-tests.tsv of each module; the test command
# removes them before Maven runs).
set -euo pipefail
cd "$(dirname "$0")/.."
find . -path '*/target/clickhouse-tests.tsv' -print0 | xargs -0 -r cat | awk -F '\t' '
  { total[$1]++; count[$1, $2]++ }
  END {
    for (v in total)
      printf "test-summary: ClickHouse %-10s %4d tests: %d passed, %d failed, %d skipped\n", v ":", total[v],
        count[v, "passed"], count[v, "failed"], count[v, "skipped"]
  }
' | sort
