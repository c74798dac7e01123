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
 * it is known not to have run: the connection was refused (the request was never sent),
 * or its answer was lost and the server's record of it ({@link LostAnswers}) shows it
 * never ran. A lost answer is looked up before anything else: a statement the record
 * shows finished is done (never sent a second time), one that failed fails with
 * ClickHouse's error, and one the record cannot decide fails saying it may have run, and
 * why it is not known. An error that ClickHouse returned (bad SQL, missing table, its own
 * timeout) is never retried.
 */
public final class RetryingStatementRunner implements StatementRunner {

	private static final Log logger = LogFactory.getLog(RetryingStatementRunner.class);

	private final IdentifiedStatementSender sender;

	private final StatementQueryIds queryIds;

	private final LostAnswers lostAnswers;

	private final int retries;

	private final Duration backoff;

	/**
	 * Creates a runner.
	 * @param jdbc the connection to ClickHouse
	 * @param replicas the replicas of the cluster, or {@code null} on a single server:
	 * where a lost answer is looked up
	 * @param queryIds the id of the statement running, each attempt sent under its own
	 * @param retries how many times to retry a statement known not to have run; 0 for
	 * never
	 * @param backoff the pause before the first retry, doubled for each further one
	 * @param runningWait how long to wait for a statement whose answer was lost while the
	 * server still runs it
	 */
	public RetryingStatementRunner(JdbcTemplate jdbc, @Nullable ClusterReplicas replicas, StatementQueryIds queryIds,
			int retries, Duration backoff, Duration runningWait) {
		this.sender = new IdentifiedStatementSender(jdbc);
		this.queryIds = queryIds;
		this.lostAnswers = new LostAnswers(jdbc, replicas, runningWait);
		this.retries = retries;
		this.backoff = backoff;
	}

	@Override
	public void run(String statement) {
		long pause = this.backoff.toMillis();
		@Nullable String id = this.queryIds.current();
		for (int attempt = 0;; attempt++) {
			String attemptId = (id != null) ? StatementQueryIds.attempt(id, attempt) : null;
			long sentAt = System.nanoTime();
			try {
				this.sender.execute(statement, attemptId);
				return;
			}
			catch (DataAccessException ex) {
				if (!ClickHouseErrors.isTransient(ex)) {
					throw ex;
				}
				boolean neverSent = ClickHouseErrors.isNeverSent(ex);
				String notRun = neverSent ? "the request was never sent" : lookUp(ex, attemptId, sentAt);
				if (notRun == null) {
					return;
				}
				if (attempt >= this.retries) {
					throw neverSent ? ex : new LostAnswerException(
							ClickHouseErrors.message(ex) + " (it did not run: " + notRun + ")", false, ex);
				}
				logger.warn("Retrying in " + pause + " ms after a transient failure (" + (attempt + 1) + " of "
						+ this.retries + "): " + ClickHouseErrors.message(ex) + "; " + notRun);
				sleep(pause);
				pause *= 2;
			}
		}
	}

	/**
	 * What became of a statement whose answer was lost.
	 * @return why it surely did not run, or {@code null} when it finished
	 * @throws LostAnswerException when it failed, or may have run
	 */
	private @Nullable String lookUp(DataAccessException ex, @Nullable String queryId, long sentAt) {
		LostAnswers.Verdict verdict = this.lostAnswers.lookUp(queryId, sentAt);
		return switch (verdict.kind()) {
			case FINISHED -> {
				logger.warn("The answer to a statement was lost (" + ClickHouseErrors.message(ex) + "), but "
						+ verdict.text() + ": it is done");
				yield null;
			}
			case FAILED -> throw new LostAnswerException(
					verdict.text() + " (its answer was lost: this is the error the server's query log recorded)", false,
					ex);
			case UNKNOWN -> throw new LostAnswerException(ClickHouseErrors.message(ex)
					+ ": the request was sent but its answer was lost, and the server's record cannot tell whether "
					+ "it ran: " + verdict.text(), true, ex);
			case NOT_RUN -> verdict.text();
		};
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
