package dev.pillar.clickhouse.migration;

/**
 * Where a migration stands, from its code and the newest row of the history for its version.
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

	/** Applied according to the history, but no longer in code. */
	MISSING

}
