/**
 * Pillar's engine behind {@link dev.pillar.clickhouse.migration.PillarMigrator}:
 * planning, the history and lock tables in ClickHouse, and running statements. Not an
 * API: it may change in any release.
 */
@NullMarked
package dev.pillar.clickhouse.migration.internal;

import org.jspecify.annotations.NullMarked;
