package dev.pillar.clickhouse.migration.internal;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * A statement whose answer was lost failed: the server's record says how (ClickHouse's
 * error, or that it never ran), or cannot tell whether it ran. Its message is what is
 * known, and is what the history records.
 */
final class LostAnswerException extends NonTransientDataAccessException {

	private final boolean mayHaveRun;

	/**
	 * @param message what is known
	 * @param mayHaveRun whether the statement may have run
	 * @param lost the failure that lost the answer
	 */
	LostAnswerException(String message, boolean mayHaveRun, Throwable lost) {
		super(message);
		this.mayHaveRun = mayHaveRun;
		addSuppressed(lost);
	}

	/**
	 * @return whether the statement may have run
	 */
	boolean mayHaveRun() {
		return this.mayHaveRun;
	}

}
