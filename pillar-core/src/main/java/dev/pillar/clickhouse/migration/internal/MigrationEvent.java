package dev.pillar.clickhouse.migration.internal;

import java.time.Instant;

/**
 * One row of the history table.
 *
 * @param sequence the row's place in the history, assigned while holding the migration
 * lock
 * @param version the migration's version
 * @param name the migration's name
 * @param type what happened
 * @param checksum the checksum of the migration's {@code up} statements when it ran
 * @param statements how many statements the direction has
 * @param statementsDone how many of them ran successfully
 * @param executionMillis how long they took
 * @param host the host that ran them
 * @param installedBy who asked, and the ClickHouse user that ran them (see
 * {@link ConnectionNames#installedBy})
 * @param error ClickHouse's message for a failure, else empty
 * @param executedAt when it happened (seconds precision)
 */
public record MigrationEvent(long sequence, long version, String name, MigrationEventType type, String checksum,
		int statements, int statementsDone, long executionMillis, String host, String installedBy, String error,
		Instant executedAt) {

}
