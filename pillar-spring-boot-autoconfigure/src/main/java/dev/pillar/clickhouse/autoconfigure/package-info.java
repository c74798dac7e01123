/**
 * Auto-configuration for Pillar's ClickHouse migrations.
 */
@NullMarked
package dev.pillar.clickhouse.autoconfigure;

import org.jspecify.annotations.NullMarked;
