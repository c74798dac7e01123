package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.Nullable;

/**
 * A migration that needs the database while it runs: it reads (say {@code system.tables})
 * to decide what to do, or backfills data in batches with {@code INSERT ... SELECT}.
 * Annotate it with {@link ClickHouseMigration} like any migration. It is not a
 * {@link Migration}: it has no statements listed in advance.
 * <p>
 * Its statements go through {@link MigrationContext#execute(String)}, so they are run as
 * a listed statement would be: placeholders filled, retried after a transient failure,
 * and counted in the history's progress. Because they are decided only as it runs:
 * <ul>
 * <li>a dry run lists no statements for it, and says so
 * ({@link PlannedMigration#statementsKnown()});</li>
 * <li>its checksum is that of its class name and version, unless it {@link #checksum()
 * supplies one};</li>
 * <li>a resume after it failed runs its code again from the start, so write it to be safe
 * to run again ({@code IF NOT EXISTS}, a backfill that skips what is there).</li>
 * </ul>
 * It can be rolled back when it overrides {@link #down(MigrationContext)}.
 */
public interface JdbcMigration {

	/**
	 * Applies this migration.
	 * @param context runs statements and reads the database
	 * @throws Exception when it cannot; the migration is recorded as failed after the
	 * statements that ran
	 */
	void up(MigrationContext context) throws Exception;

	/**
	 * Undoes this migration. Not overridden, the migration cannot be rolled back.
	 * @param context runs statements and reads the database
	 * @throws Exception when it cannot
	 */
	default void down(MigrationContext context) throws Exception {
		throw new UnsupportedOperationException("This migration has no down(MigrationContext)");
	}

	/**
	 * What identifies the code as applied: change it when a change to the code should
	 * count as changing the migration (validation then reports it).
	 * @return the checksum, or {@code null} for a digest of the class name and version
	 */
	default @Nullable String checksum() {
		return null;
	}

}
