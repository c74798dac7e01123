package dev.pillar.clickhouse.migration;

/**
 * Told what a {@link PillarMigrator} did, e.g. to keep metrics. Called on the migrating
 * thread; must not throw.
 */
public interface MigrationListener {

	/**
	 * A migration ran to its end.
	 * @param run what ran
	 */
	default void ran(MigrationRun run) {
	}

	/**
	 * A migration stopped at a refused statement.
	 * @param failure what failed
	 */
	default void failed(MigrationFailedException failure) {
	}

	/**
	 * The status was read, after an operation or on request.
	 * @param status the status
	 */
	default void status(MigrationStatus status) {
	}

}
