/**
 * The lock's SPI: what a {@link dev.pillar.clickhouse.migration.lock.MigrationLock} of
 * one's own implements, and what its holder can learn and leave while it holds it
 * ({@link dev.pillar.clickhouse.migration.lock.LockHold}). Applications that use the
 * default lock, a lease kept in a ClickHouse table, need nothing from here.
 */
@NullMarked
package dev.pillar.clickhouse.migration.lock;

import org.jspecify.annotations.NullMarked;
