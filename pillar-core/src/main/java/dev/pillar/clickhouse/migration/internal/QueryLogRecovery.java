package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.internal.QueryLog.Entry;
import dev.pillar.clickhouse.migration.internal.StatementQueryIds.Identified;
import dev.pillar.clickhouse.migration.lock.AbandonedRun;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Learns from the server's own record what the run of a holder that died did to the
 * migration it left unfinished: each statement was sent under its own query id (see
 * {@link StatementQueryIds}) with query logging on. It waits for the run's statements
 * still running ({@code system.processes}), or kills them when told to, flushes the logs,
 * and reads {@code system.query_log}: each statement finished, failed (with ClickHouse's
 * error) or never started. Only when that decides every statement does it say from where
 * to complete the migration; otherwise it says which statement is unknown and why. Runs
 * only once a dead holder was found: a run that ends well costs nothing here.
 */
public final class QueryLogRecovery {

	private final QueryLog log;

	private final MutationReader mutations;

	private final Duration runningWait;

	private final boolean killRunning;

	/**
	 * @param jdbc the connection to ClickHouse
	 * @param replicas the replicas of the cluster, or {@code null} on a single server
	 * @param runningWait how long to wait for the dead run's statements still running
	 * @param killRunning whether to kill them instead of waiting
	 */
	public QueryLogRecovery(JdbcTemplate jdbc, @Nullable ClusterReplicas replicas, Duration runningWait,
			boolean killRunning) {
		this.log = new QueryLog(jdbc, replicas);
		this.mutations = new MutationReader(jdbc, replicas);
		this.runningWait = runningWait;
		this.killRunning = killRunning;
	}

	/**
	 * Reads what the dead run did to a migration.
	 * @param run the dead holder's run
	 * @param migration the migration it left unfinished
	 * @param ownRunId the run of the holder asking, for the query that proves the log
	 * works
	 * @param resumedAfter how many of its statements the history says ran before that run
	 * (it resumed an interrupted or failed migration), else 0
	 * @return what the record says
	 */
	Finding read(AbandonedRun run, ResolvedMigration migration, @Nullable String ownRunId, int resumedAfter) {
		MigrationDirection direction = run.intent().direction();
		if (run.runId() == null || ownRunId == null) {
			return Finding.unknown(1, "the lock keeps no id of the run, which its statements' query ids carry");
		}
		Optional<String> unidentified = this.log.unidentified();
		if (unidentified.isPresent()) {
			return Finding.unknown(1, unidentified.get());
		}
		String condition = "query_id LIKE " + SqlText.literal(StatementQueryIds.runPrefix(run.runId()) + "%");
		Optional<String> stillRunning;
		try {
			stillRunning = this.log.awaitRunning(condition, this.runningWait, this.killRunning,
					"a dead migration lock holder");
		}
		catch (DataAccessException ex) {
			return Finding.unknown(1,
					"the server cannot tell which of its statements still run: " + ClickHouseErrors.message(ex));
		}
		if (stillRunning.isPresent()) {
			return Finding.unknown(1, stillRunning.get());
		}
		QueryLog.Reading reading = this.log.read(condition, StatementQueryIds.runPrefix(ownRunId) + "probe");
		if (reading.unknown() != null) {
			return Finding.unknown(1, reading.unknown());
		}
		List<Entry> entries = reading.entries();
		long started = run.acquiredAt().getEpochSecond();
		if (reading.serverStart() - 1 > started) {
			// the log keeps what it flushed: entries still in memory then are gone
			return Finding.unknown(1,
					"the server restarted at " + Instant.ofEpochSecond(reading.serverStart())
							+ ", after the run started at " + run.acquiredAt()
							+ ": its query log may have lost entries it " + "had not written yet");
		}
		// a log younger than the run may have lost its first entries (expired, dropped);
		// a run whose first statement is there started it itself (a fresh server's log
		// begins with it)
		if (reading.oldest() > started && !firstStatementLogged(run, migration, direction, entries, resumedAfter)) {
			return Finding.unknown(1, "the query log keeps entries from " + Instant.ofEpochSecond(reading.oldest())
					+ " only, and the run started at " + run.acquiredAt() + ": its entries may have expired");
		}
		return decide(run, migration, direction, entries, resumedAfter);
	}

	private Finding decide(AbandonedRun run, ResolvedMigration migration, MigrationDirection direction,
			List<Entry> entries, int resumedAfter) {
		List<String> statements = migration.statements(direction);
		boolean listed = migration.script().statementsKnown();
		List<List<Entry>> byNumber = new ArrayList<>();
		int highest = statements.size();
		int lowest = Integer.MAX_VALUE;
		for (Entry entry : entries) {
			Identified statement = StatementQueryIds.parse(run.runId(), entry.queryId());
			if (statement != null && statement.version() == migration.version() && statement.direction() == direction) {
				highest = Math.max(highest, statement.number());
				lowest = Math.min(lowest, statement.number());
			}
		}
		for (int number = 1; number <= highest; number++) {
			List<Entry> its = new ArrayList<>();
			for (Entry entry : entries) {
				Identified statement = StatementQueryIds.parse(run.runId(), entry.queryId());
				if (statement != null && statement.version() == migration.version()
						&& statement.direction() == direction && statement.number() == number) {
					its.add(entry);
				}
			}
			byNumber.add(its);
		}
		if (!listed) {
			// code runs from its start: it can be completed only when none of it ran
			return byNumber.isEmpty() ? Finding.resume(0, "the server's query log has no statement of it")
					: Finding.unknown(1, "the server's query log shows statements of its code ran, and a migration "
							+ "in code cannot be completed from a statement");
		}
		// a run that resumed the migration sent nothing before where it started: its
		// first statement says where (a resume names it), else the history
		int ran = Math.min((lowest != Integer.MAX_VALUE) ? lowest - 1 : resumedAfter, statements.size());
		int startedAt = ran;
		while (ran < byNumber.size() && finished(byNumber.get(ran))) {
			ran++;
		}
		Integer renewed = (run.version() != null && run.version() == migration.version()) ? run.statement() : null;
		if (renewed != null && ran < renewed - 1) {
			return Finding.unknown(ran + 1,
					"the run's lock renewal says it had passed statement " + (ran + 1)
							+ ", but the server's query log holds no finished entry of it: it may have expired, or "
							+ "the statement ran unlogged");
		}
		for (int later = ran + 1; later < byNumber.size(); later++) {
			if (!byNumber.get(later).isEmpty()) {
				return Finding.unknown(later + 1, "the server's query log holds an entry of statement " + (later + 1)
						+ ", although statement " + (ran + 1) + " did not finish");
			}
		}
		for (int number = startedAt + 1; number <= ran; number++) {
			long sent = byNumber.get(number - 1).stream().mapToLong(Entry::eventTime).min().orElse(0);
			Optional<String> unfinished = unfinishedMutation(statements.get(number - 1), sent);
			if (unfinished.isPresent()) {
				return Finding.unknown(number, "it finished, but its " + unfinished.get() + " is not done");
			}
		}
		String learnt = ((startedAt > 0) ? "the run resumed it after statement " + startedAt + ", and " : "")
				+ "the server's query log shows "
				+ ((ran == startedAt) ? "no statement of it finished"
						: (ran == startedAt + 1) ? "statement " + ran + " finished"
								: "statements " + (startedAt + 1) + " to " + ran + " finished");
		if (ran == statements.size()) {
			return Finding.resume(ran, learnt);
		}
		List<Entry> next = byNumber.get(ran);
		if (next.isEmpty()) {
			return Finding.resume(ran, learnt + " and statement " + (ran + 1) + " never started");
		}
		Entry failure = next.get(next.size() - 1);
		if (failure.type() == QueryLog.QUERY_START) {
			return Finding.unknown(ran + 1, "it started, but the server's query log records no end of it");
		}
		if (failure.type() == QueryLog.EXCEPTION_BEFORE_START) {
			// nothing of it ran; a request cut off by the instance's death reads so too
			// (Empty query): run it again, and a real error is then recorded as one
			return Finding.resume(ran, learnt + " and statement " + (ran + 1) + " was refused before it started ("
					+ failure.exception().strip() + ")");
		}
		if (failure.type() == QueryLog.EXCEPTION_WHILE_PROCESSING && ClickHouseErrors.isTimeout(failure.exception())) {
			// an ON CLUSTER statement that timed out goes on in the background on the
			// hosts that had not finished: its effect is not known
			return Finding.unknown(ran + 1,
					"it timed out, and may go on in the background: " + failure.exception().strip());
		}
		if (failure.type() == QueryLog.EXCEPTION_WHILE_PROCESSING && failure.writtenRows() > 0) {
			return Finding.unknown(ran + 1,
					"it failed after writing " + failure.writtenRows() + " row(s): " + failure.exception().strip());
		}
		if (failure.type() == QueryLog.EXCEPTION_WHILE_PROCESSING && ClickHouseErrors.isCancelled(failure.exception())
				&& ran < statements.size() && MutatedTable.of(statements.get(ran)).isEmpty()) {
			// killed (by recovery.kill-running, say) before it wrote a row: no fault of
			// the statement's, and nothing of it took effect, so it runs again; not a
			// mutation's ALTER, which may have queued its mutation before the kill
			return Finding.resume(ran, learnt + " and statement " + (ran + 1) + " was killed before it wrote anything ("
					+ failure.exception().strip() + ")");
		}
		return Finding.failed(ran, learnt + " and statement " + (ran + 1) + " failed: " + failure.exception().strip());
	}

	private static boolean firstStatementLogged(AbandonedRun run, ResolvedMigration migration,
			MigrationDirection direction, List<Entry> entries, int resumedAfter) {
		String first = StatementQueryIds.of(run.runId(), migration.version(), direction, resumedAfter + 1);
		return entries.stream().anyMatch((entry) -> entry.queryId().equals(first));
	}

	private static boolean finished(List<Entry> attempts) {
		return attempts.stream().anyMatch((entry) -> entry.type() == QueryLog.QUERY_FINISH);
	}

	private Optional<String> unfinishedMutation(String statement, long sent) {
		Optional<MutatedTable> target = MutatedTable.of(statement);
		if (target.isEmpty()) {
			return Optional.empty();
		}
		String database = this.mutations.database(target.get());
		return this.mutations.read(database, target.get().table())
			.stream()
			.filter((mutation) -> !mutation.done() && mutation.startedBy(statement, sent))
			.findFirst()
			.map((mutation) -> "mutation " + mutation.describe());
	}

	/**
	 * What the server's record says of the migration.
	 *
	 * @param outcome what it decides
	 * @param ran how many of its statements surely finished (for {@link Outcome#UNKNOWN},
	 * the number of the statement unknown)
	 * @param text what was learnt, or why it cannot be known
	 */
	record Finding(Outcome outcome, int ran, String text) {

		static Finding resume(int ran, String learnt) {
			return new Finding(Outcome.RESUME, ran, learnt);
		}

		static Finding failed(int ran, String learnt) {
			return new Finding(Outcome.FAILED, ran, learnt);
		}

		static Finding unknown(int statement, String why) {
			return new Finding(Outcome.UNKNOWN, statement, why);
		}

	}

	/** What the record decides. */
	enum Outcome {

		/** Every statement decided: complete the migration after the ones that ran. */
		RESUME,

		/** A statement failed, as ClickHouse said. */
		FAILED,

		/** A statement cannot be decided. */
		UNKNOWN

	}

}
