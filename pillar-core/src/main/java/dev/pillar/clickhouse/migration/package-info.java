/**
 * Pillar's core: migrations, their ordering and planning, the history table in ClickHouse and the migrator.
 * Plain classes that need no Spring context.
 */
@NullMarked
package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.NullMarked;
