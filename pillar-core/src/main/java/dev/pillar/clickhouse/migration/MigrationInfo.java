package dev.pillar.clickhouse.migration;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One migration as the status reports it.
 *
 * @param version the version
 * @param name the name
 * @param state where it stands
 * @param appliedAt when it was applied, if it is applied, failed or missing
 * @param executionMillis how long its newest run took
 * @param statements how many statements its newest run had
 * @param statementsDone how many of them ran successfully
 * @param error ClickHouse's message, for a failed migration
 * @param checksum the checksum of its {@code up} in code, or in the history when it is
 * missing from code
 * @param reversible whether it has a {@code down}
 * @param source the class it comes from, or {@code null} when missing from code
 */
public record MigrationInfo(long version, String name, MigrationState state, @Nullable Instant appliedAt,
		@Nullable Long executionMillis, @Nullable Integer statements, @Nullable Integer statementsDone,
		@Nullable String error, String checksum, boolean reversible, @Nullable String source) {

	/**
	 * @return whether its schema is in the database: applied, whether or not still in
	 * code
	 */
	public boolean applied() {
		return this.state == MigrationState.APPLIED || this.state == MigrationState.MISSING;
	}

}
