package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.Nullable;

/**
 * Something Pillar could not do, with what to do about it. The message says what went
 * wrong; {@link #action()} says what the operator can do next, in words that hold
 * wherever Pillar runs; {@link #kind()} lets a front end (the Spring Boot
 * auto-configuration, its endpoint and command line) name its own setting or command for
 * it.
 */
public class PillarException extends RuntimeException {

	private final String action;

	private final Kind kind;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param action what to do about it
	 * @param kind what sort of failure it is
	 * @param cause the cause, or {@code null}
	 */
	public PillarException(String message, String action, Kind kind, @Nullable Throwable cause) {
		super(message, cause);
		this.action = action;
		this.kind = kind;
	}

	/**
	 * Creates an exception of no particular {@link Kind kind}.
	 * @param message what went wrong
	 * @param action what to do about it
	 * @param cause the cause, or {@code null}
	 */
	public PillarException(String message, String action, @Nullable Throwable cause) {
		this(message, action, Kind.OTHER, cause);
	}

	/**
	 * Creates an exception of a kind, without a cause.
	 * @param message what went wrong
	 * @param action what to do about it
	 * @param kind what sort of failure it is
	 */
	public PillarException(String message, String action, Kind kind) {
		this(message, action, kind, null);
	}

	/**
	 * Creates an exception of no particular kind, without a cause.
	 * @param message what went wrong
	 * @param action what to do about it
	 */
	public PillarException(String message, String action) {
		this(message, action, Kind.OTHER, null);
	}

	/**
	 * @return what the operator can do next
	 */
	public String action() {
		return this.action;
	}

	/**
	 * @return what sort of failure it is
	 */
	public Kind kind() {
		return this.kind;
	}

	/**
	 * What sort of failure a {@link PillarException} is, for front ends that add their
	 * own setting or command to the action.
	 */
	public enum Kind {

		/** ClickHouse did not answer: the address or the connect timeout. */
		UNREACHABLE,

		/** ClickHouse refused the login: the user name or password. */
		LOGIN_REFUSED,

		/** Another migrator held the lock for longer than the wait timeout. */
		LOCK_TIMEOUT,

		/**
		 * The lock could not be written: on a cluster, too few replicas for the insert
		 * quorum, or an insert quorum below the number of replicas of Pillar's tables.
		 */
		LOCK_UNAVAILABLE,

		/**
		 * The holder could no longer be sure the lock was its own (a pause longer than
		 * its lease allows, renewals that failed, or another instance took it over): it
		 * stopped before its next statement.
		 */
		LOCK_LOST,

		/**
		 * The history holds two rows of one sequence number: written by a holder that had
		 * lost the lock.
		 */
		HISTORY_CORRUPT,

		/**
		 * The history table is gone while its lock table remains: restore it, or
		 * baseline.
		 */
		HISTORY_MISSING,

		/** Pillar's table name is not a plain identifier. */
		INVALID_TABLE,

		/** A migration failed earlier: resume or repair. */
		FAILED_EARLIER,

		/**
		 * An applied migration changed since: repair to accept, or turn validation off.
		 */
		CHANGED,

		/**
		 * A pending migration is older than the current version: allow out-of-order
		 * migrations.
		 */
		OUT_OF_ORDER,

		/** A rollback target is not an applied version: look at the status. */
		UNKNOWN_VERSION,

		/** An operation that needs a target version was asked without one. */
		TARGET_REQUIRED,

		/** A request named both steps and a target. */
		STEPS_AND_TARGET,

		/**
		 * A resume needs the statement to resume from (the migration was interrupted), or
		 * named one out of range.
		 */
		STATEMENT_REQUIRED,

		/** An operation Pillar does not know. */
		UNKNOWN_OPERATION,

		/** A request named no operation. */
		OPERATION_REQUIRED,

		/**
		 * A dry run was asked of an operation that has none (resume, repair, baseline).
		 */
		DRY_RUN_UNSUPPORTED,

		/**
		 * A request named a parameter that its operation does not take (steps for a
		 * migrate, say).
		 */
		PARAMETER_UNSUPPORTED,

		/** Anything else: the action says all there is to do. */
		OTHER

	}

}
