package dev.pillar.clickhouse.autoconfigure;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The ClickHouse that Pillar migrates.
 *
 * @param dataSource its data source
 * @param username the ClickHouse user it logs in as, or {@code null} when not known
 */
record PillarConnection(DataSource dataSource, @Nullable String username) {

}
