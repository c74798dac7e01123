package dev.pillar.clickhouse.migration;

/**
 * Where a migration stands, from its code and the newest row of the history for its
 * version.
 */
public enum MigrationState {

	/** In code, not applied (never, or rolled back since). */
	PENDING,

	/** Applied, and still in code. */
	APPLIED,

	/** Its {@code up} stopped part-way: the schema holds the statements that ran. */
	FAILED,

	/** Its {@code down} stopped part-way: the schema holds what was not undone. */
	ROLLBACK_FAILED,
	/**
	 * Its {@code up} was running when its instance died (killed, evicted): how far it got
	 * is known only as far as the lock kept it.
	 */
	INTERRUPTED,
	/**
	 * Its {@code down} was running when its instance died: how far it got is known only
	 * as far as the lock kept it.
	 */
	ROLLBACK_INTERRUPTED,

	/** Applied according to the history, but no longer in code. */
	MISSING;

	/**
	 * @return whether its newest run stopped part-way (failed or interrupted): the
	 * operator resumes or repairs it
	 */
	public boolean unfinished() {
		return this == FAILED || this == ROLLBACK_FAILED || this == INTERRUPTED || this == ROLLBACK_INTERRUPTED;
	}

	/**
	 * @return the direction of the run that stopped part-way, for an
	 * {@link #unfinished()} state
	 */
	public MigrationDirection direction() {
		return (this == ROLLBACK_FAILED || this == ROLLBACK_INTERRUPTED) ? MigrationDirection.DOWN
				: MigrationDirection.UP;
	}

}
