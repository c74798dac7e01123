/**
 * A benchmark, run on demand with {@code scripts/benchmark.sh}: how much time and how
 * many queries Pillar adds to what ClickHouse itself spends, side by side with a baseline
 * that sends the same statements without Pillar.
 */
@NullMarked
package dev.pillar.benchmark;

import org.jspecify.annotations.NullMarked;
