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

	void execute(String statement) {
		long pause = this.backoff.toMillis();
		for (int attempt = 0;; attempt++) {
			try {
				this.jdbc.execute(statement);
				return;
			}
			catch (DataAccessException ex) {
				if (attempt >= this.retries || !isTransient(ex)) {
					throw ex;
				}
				logger.warn("Retrying in " + pause + " ms after a transient failure (" + (attempt + 1) + " of "
						+ this.retries + "): " + PillarMigrator.clickHouseMessage(ex));
				sleep(pause);
				pause *= 2;
			}
		}
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
