package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.pillar.clickhouse.migration.internal.QueryLog.Entry;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds out what became of a statement whose answer was lost (the connection broke after
 * the request was sent): from the server's record of its query id, once it no longer
 * runs. It finished, failed with ClickHouse's error, never ran, or cannot be known (and
 * why). Asked only when an answer is lost: a statement that answers costs nothing here.
 */
final class LostAnswers {

	private final QueryLog log;

	private final Duration runningWait;

	/**
	 * @param jdbc the connection to ClickHouse
	 * @param replicas the replicas of the cluster, or {@code null} on a single server
	 * @param runningWait how long to wait for the statement while it still runs
	 */
	LostAnswers(JdbcTemplate jdbc, @Nullable ClusterReplicas replicas, Duration runningWait) {
		this.log = new QueryLog(jdbc, replicas);
		this.runningWait = runningWait;
	}

	/**
	 * Looks a statement up.
	 * @param queryId the query id it was sent with, or {@code null} when it had none
	 * @param sentAt when it was sent ({@link System#nanoTime()})
	 * @return what the server's record says
	 */
	Verdict lookUp(@Nullable String queryId, long sentAt) {
		if (queryId == null) {
			return Verdict.unknown("it was sent without a query id to find it by");
		}
		Optional<String> unidentified = this.log.unidentified();
		if (unidentified.isPresent()) {
			return Verdict.unknown(unidentified.get());
		}
		String condition = "query_id = " + SqlText.literal(queryId);
		try {
			Optional<String> running = this.log.awaitRunning(condition, this.runningWait, false,
					"this instance, whose answer was lost,");
			if (running.isPresent()) {
				return Verdict.unknown(running.get());
			}
		}
		catch (DataAccessException ex) {
			return Verdict.unknown("the server cannot be asked: " + ClickHouseErrors.message(ex));
		}
		QueryLog.Reading reading = this.log.read(condition, queryId + "-lookup");
		if (reading.unknown() != null) {
			return Verdict.unknown(reading.unknown());
		}
		if (reading.uptime() <= Duration.ofNanos(System.nanoTime() - sentAt).toSeconds() + 1) {
			return Verdict.unknown("the server restarted since it was sent: its query log may have lost what it "
					+ "had not written yet");
		}
		List<Entry> entries = reading.entries();
		if (entries.isEmpty()) {
			return Verdict.of(Kind.NOT_RUN,
					"the server's query log has no entry of " + queryId + ": the request never reached it");
		}
		Entry last = entries.get(entries.size() - 1);
		return switch (last.type()) {
			case QueryLog.QUERY_FINISH -> Verdict.of(Kind.FINISHED, "the server's query log shows " + queryId
					+ " finished (" + last.writtenRows() + " row(s) written)");
			// a request cut off on its way reads so too (Empty query)
			case QueryLog.EXCEPTION_BEFORE_START -> Verdict.of(Kind.NOT_RUN, "the server's query log shows " + queryId
					+ " was refused before it started: " + last.exception().strip());
			case QueryLog.EXCEPTION_WHILE_PROCESSING ->
				(last.writtenRows() > 0 || ClickHouseErrors.isTimeout(last.exception()))
						? Verdict.unknown("it failed after writing " + last.writtenRows()
								+ " row(s), or timed out and may go on: " + last.exception().strip())
						: Verdict.of(Kind.FAILED, last.exception().strip());
			default -> Verdict.unknown("it started, but the server's query log records no end of it");
		};
	}

	/** What became of the statement. */
	enum Kind {

		/** It ran to its end. */
		FINISHED,

		/** It failed, with ClickHouse's error, having changed nothing. */
		FAILED,

		/** Nothing of it ran: it may be sent again. */
		NOT_RUN,

		/** It cannot be known. */
		UNKNOWN

	}

	/**
	 * The server's word on a statement.
	 *
	 * @param kind what became of it
	 * @param text what was learnt (for {@link Kind#FAILED}, ClickHouse's error), or why
	 * it cannot be known
	 */
	record Verdict(Kind kind, String text) {

		static Verdict of(Kind kind, String text) {
			return new Verdict(kind, text);
		}

		static Verdict unknown(String why) {
			return new Verdict(Kind.UNKNOWN, why);
		}

	}

}
