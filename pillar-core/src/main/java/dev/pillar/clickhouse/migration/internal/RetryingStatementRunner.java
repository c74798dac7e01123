package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;

import dev.pillar.clickhouse.migration.PillarException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs one statement, retrying it a bounded number of times, with doubling pauses, when
 * it failed for a transient reason: the connection was refused, reset or timed out on the
 * client's side. An error that ClickHouse returned (bad SQL, missing table, its own
 * timeout) is never retried.
 */
public final class RetryingStatementRunner implements StatementRunner {

	private static final Log logger = LogFactory.getLog(RetryingStatementRunner.class);

	private final JdbcTemplate jdbc;

	private final int retries;

	private final Duration backoff;

	/**
	 * Creates a runner.
	 * @param jdbc the connection to ClickHouse
	 * @param retries how many times to retry a statement after a transient failure; 0 for
	 * never
	 * @param backoff the pause before the first retry, doubled for each further one
	 */
	public RetryingStatementRunner(JdbcTemplate jdbc, int retries, Duration backoff) {
		this.jdbc = jdbc;
		this.retries = retries;
		this.backoff = backoff;
	}

	@Override
	public void run(String statement) {
		long pause = this.backoff.toMillis();
		DataAccessException first = null;
		for (int attempt = 0;; attempt++) {
			try {
				this.jdbc.execute(statement);
				return;
			}
			catch (DataAccessException ex) {
				if (attempt >= this.retries || !ClickHouseErrors.isTransient(ex)) {
					if (first != null) {
						ex.addSuppressed(first);
					}
					throw ex;
				}
				first = (first != null) ? first : ex;
				logger.warn("Retrying in " + pause + " ms after a transient failure (" + (attempt + 1) + " of "
						+ this.retries + "): " + ClickHouseErrors.message(ex));
				sleep(pause);
				pause *= 2;
			}
		}
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
