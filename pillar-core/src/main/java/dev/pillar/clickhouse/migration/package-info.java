/**
 * Pillar's API: {@link dev.pillar.clickhouse.migration.Migration migrations}, the
 * {@link dev.pillar.clickhouse.migration.PillarMigrator migrator} and how it is
 * configured and observed, and what it reports; the lock's SPI is in the {@code lock}
 * package. Plain classes that need no Spring context; the engine is in the
 * {@code internal} package.
 */
@NullMarked
package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.NullMarked;
