/**
 * Pillar's API: {@link dev.pillar.clickhouse.migration.Migration migrations}, the
 * {@link dev.pillar.clickhouse.migration.PillarMigrator migrator} and how it is
 * configured, locked and observed, and what it reports. Plain classes that need no Spring
 * context; the engine is in the {@code internal} package.
 */
@NullMarked
package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.NullMarked;
