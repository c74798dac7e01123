package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;

import dev.pillar.clickhouse.migration.PillarException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

	private final IdentifiedStatementSender sender;

	private final StatementQueryIds queryIds;

	private final int retries;

	private final Duration backoff;

	/**
	 * Creates a runner.
	 * @param jdbc the connection to ClickHouse
	 * @param queryIds the id of the statement running, each attempt sent under its own
	 * @param retries how many times to retry a statement after a transient failure; 0 for
	 * never
	 * @param backoff the pause before the first retry, doubled for each further one
	 */
	public RetryingStatementRunner(JdbcTemplate jdbc, StatementQueryIds queryIds, int retries, Duration backoff) {
		this.sender = new IdentifiedStatementSender(jdbc);
		this.queryIds = queryIds;
		this.retries = retries;
		this.backoff = backoff;
	}

	@Override
	public void run(String statement) {
		long pause = this.backoff.toMillis();
		DataAccessException first = null;
		@Nullable String id = this.queryIds.current();
		for (int attempt = 0;; attempt++) {
			try {
				this.sender.execute(statement, (id != null) ? StatementQueryIds.attempt(id, attempt) : null);
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
