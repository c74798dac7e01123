package dev.pillar.clickhouse.migration.internal;

import java.util.Locale;

/**
 * What a row of the history records. The history is append-only: a rollback or a failure
 * adds a row, it never edits one, since updates in ClickHouse are asynchronous mutations.
 */
public enum MigrationEventType {

	/** All {@code up} statements ran. */
	APPLIED,

	/** An {@code up} statement failed; the row says how many ran before it. */
	FAILED,

	/** All {@code down} statements ran: the migration is pending again. */
	ROLLED_BACK,

	/** A {@code down} statement failed; the row says how many ran before it. */
	ROLLBACK_FAILED,

	/**
	 * The instance running its {@code up} died; the row says how many statements surely
	 * ran.
	 */
	INTERRUPTED,
	/**
	 * The instance running its {@code down} died; the row says how many statements surely
	 * ran.
	 */
	ROLLBACK_INTERRUPTED,
	/** The operator undid a failed {@code up} by hand: the migration is pending again. */
	REPAIRED,

	/**
	 * The operator undid a failed {@code down} by hand: the migration is applied again.
	 */
	ROLLBACK_REPAIRED,

	/**
	 * The operator accepted the changed statements of an applied migration: its checksum
	 * is the new one.
	 */
	ACCEPTED,

	/**
	 * The migration was adopted as applied without running: the database already had its
	 * schema.
	 */
	BASELINE;

	/**
	 * @return the value stored in the {@code event} column
	 */
	public String column() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads a value of the {@code event} column.
	 * @param column the stored value
	 * @return the event type
	 */
	public static MigrationEventType fromColumn(String column) {
		return valueOf(column.toUpperCase(Locale.ROOT));
	}

}
