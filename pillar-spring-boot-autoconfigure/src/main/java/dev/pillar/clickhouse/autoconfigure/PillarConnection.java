package dev.pillar.clickhouse.autoconfigure;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The ClickHouse that Pillar migrates.
 *
 * @param dataSource its data source
 * @param confirmedWrites the data source for history and lock rows: on a cluster, one
 * whose inserts wait for a quorum of replicas when Pillar built the connection; else the
 * data source itself
 * @param username the ClickHouse user it logs in as, or {@code null} when not known
 */
record PillarConnection(DataSource dataSource, DataSource confirmedWrites, @Nullable String username) {

}
