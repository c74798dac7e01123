package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs one statement, retrying it a bounded number of times, with doubling pauses, when it failed for a transient
 * reason: the connection was refused, reset or timed out on the client's side. An error that ClickHouse returned
 * (bad SQL, missing table, its own timeout) is never retried.
 */
final class StatementExecutor {

	private static final Log logger = LogFactory.getLog(StatementExecutor.class);

	private final JdbcTemplate jdbc;

	private final int retries;

	private final Duration backoff;

	StatementExecutor(JdbcTemplate jdbc, int retries, Duration backoff) {
		this.jdbc = jdbc;
		this.retries = retries;
		this.backoff = backoff;
	}

	/**
	 * Runs a statement.
	 * @param statement the statement
	 * @throws DataAccessException the last failure; when it came on a retry, the first failure is suppressed in it
	 */
	void execute(String statement) {
		long pause = this.backoff.toMillis();
		DataAccessException first = null;
		for (int attempt = 0;; attempt++) {
			try {
				this.jdbc.execute(statement);
				return;
			}
			catch (DataAccessException ex) {
				if (attempt >= this.retries || !isTransient(ex)) {
					if (first != null) {
						ex.addSuppressed(first);
					}
					throw ex;
				}
				first = (first != null) ? first : ex;
				logger.warn("Retrying in " + pause + " ms after a transient failure (" + (attempt + 1) + " of "
						+ this.retries + "): " + PillarMigrator.clickHouseMessage(ex));
				sleep(pause);
				pause *= 2;
			}
		}
	}

	/**
	 * Whether ClickHouse could not be reached at all: a {@link #isTransient network failure}, or ClickHouse's own
	 * NETWORK_ERROR (code 210), which proxies in front of ClickHouse also answer with when it is down. Used to wait
	 * for the server before writing the history, never to retry a statement.
	 */
	static boolean isNetworkFailure(Throwable ex) {
		if (isTransient(ex)) {
			return true;
		}
		return PillarMigrator.clickHouseMessage(ex).startsWith("Code: 210.");
	}

	/** Whether the failure came from the network rather than from ClickHouse. */
	static boolean isTransient(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals("com.clickhouse.client.api.ServerException")) {
				return false;
			}
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PillarException("Interrupted while waiting to retry a statement", "Start again.", ex);
		}
	}

}
