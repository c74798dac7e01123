package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pillar.clickhouse.migration.AbandonedRun;
import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.internal.StatementQueryIds.Identified;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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

	private static final Log logger = LogFactory.getLog(QueryLogRecovery.class);

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private static final int QUERY_START = 1;

	private static final int QUERY_FINISH = 2;

	private static final int EXCEPTION_BEFORE_START = 3;

	private static final int EXCEPTION_WHILE_PROCESSING = 4;

	private final JdbcTemplate jdbc;

	private final IdentifiedStatementSender sender;

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
		this.jdbc = jdbc;
		this.sender = new IdentifiedStatementSender(jdbc);
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
		if (!this.sender.identifies()) {
			return Finding.unknown(1, "statements are sent without query ids: the JDBC driver is not ClickHouse's "
					+ "(com.clickhouse:clickhouse-jdbc)");
		}
		String like = SqlText.literal(StatementQueryIds.runPrefix(run.runId()) + "%");
		Optional<String> stillRunning = awaitRunning(like);
		if (stillRunning.isPresent()) {
			return Finding.unknown(1, stillRunning.get());
		}
		String probe = StatementQueryIds.runPrefix(ownRunId) + "probe";
		List<Entry> entries;
		String flushed = "";
		try {
			this.sender.execute("SELECT 1", probe);
			try {
				this.jdbc.execute("SYSTEM FLUSH LOGS");
			}
			catch (DataAccessException ex) {
				// the log is flushed every few seconds anyway: what is missing shows
				// below
				flushed = " (SYSTEM FLUSH LOGS was refused: " + ClickHouseErrors.message(ex) + ")";
			}
			entries = this.jdbc.query(
					"SELECT query_id, toUInt8(type), written_rows, exception, "
							+ "toUInt32(event_time) FROM system.query_log WHERE query_id LIKE " + like
							+ " OR query_id = " + SqlText.literal(probe) + " ORDER BY event_time",
					(rs, row) -> new Entry(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
							rs.getLong(5)));
		}
		catch (DataAccessException ex) {
			return Finding.unknown(1,
					ClickHouseErrors.isUnknownTable(ex)
							? "the server keeps no query log (system.query_log " + "does not exist)"
							: "its query log cannot be read: " + ClickHouseErrors.message(ex));
		}
		if (entries.stream().noneMatch((entry) -> entry.queryId().equals(probe))) {
			return Finding.unknown(1, "the server did not record a query sent with log_queries=1: query logging "
					+ "is off for this server or not allowed for the user" + flushed);
		}
		Long oldest = this.jdbc.queryForObject("SELECT toUInt32(min(event_time)) FROM system.query_log", Long.class);
		// a log younger than the run may have lost its first entries (expired, dropped);
		// a run whose first statement is there started it itself (a fresh server's log
		// begins with it)
		if (oldest != null && oldest > run.acquiredAt().getEpochSecond()
				&& !firstStatementLogged(run, migration, direction, entries, resumedAfter)) {
			return Finding.unknown(1, "the query log keeps entries from " + java.time.Instant.ofEpochSecond(oldest)
					+ " only, and the run started at " + run.acquiredAt() + ": its entries may have expired");
		}
		return decide(run, migration, direction, entries, resumedAfter);
	}

	private Finding decide(AbandonedRun run, ResolvedMigration migration, MigrationDirection direction,
			List<Entry> entries, int resumedAfter) {
		List<String> statements = migration.statements(direction);
		List<List<Entry>> byNumber = new ArrayList<>();
		int highest = (migration.code() != null) ? 0 : statements.size();
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
		if (migration.code() != null) {
			// code runs from its start: it can be completed only when none of it ran
			return byNumber.isEmpty() ? Finding.resume(0, "the server's query log has no statement of it")
					: Finding.unknown(1, "the server's query log shows statements of its code ran, and a migration "
							+ "in code cannot be completed from a statement");
		}
		// a run that resumed the migration sent nothing before where it started: its
		// first statement says where (a resume names it), else the history
		int ran = (migration.code() != null) ? 0
				: Math.min((lowest != Integer.MAX_VALUE) ? lowest - 1 : resumedAfter, statements.size());
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
			Optional<String> unfinished = unfinishedMutation(statements.get(number - 1));
			if (unfinished.isPresent()) {
				return Finding.unknown(number, "it finished, but " + unfinished.get()
						+ " on its table is not done: it may be this statement's");
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
		if (failure.type() == QUERY_START) {
			return Finding.unknown(ran + 1, "it started, but the server's query log records no end of it");
		}
		if (failure.type() == EXCEPTION_BEFORE_START) {
			// nothing of it ran; a request cut off by the instance's death reads so too
			// (Empty query): run it again, and a real error is then recorded as one
			return Finding.resume(ran, learnt + " and statement " + (ran + 1) + " was refused before it started ("
					+ failure.exception().strip() + ")");
		}
		if (failure.type() == EXCEPTION_WHILE_PROCESSING && ClickHouseErrors.isTimeout(failure.exception())) {
			// an ON CLUSTER statement that timed out goes on in the background on the
			// hosts that had not finished: its effect is not known
			return Finding.unknown(ran + 1,
					"it timed out, and may go on in the background: " + failure.exception().strip());
		}
		if (failure.type() == EXCEPTION_WHILE_PROCESSING && failure.writtenRows() > 0) {
			return Finding.unknown(ran + 1,
					"it failed after writing " + failure.writtenRows() + " row(s): " + failure.exception().strip());
		}
		return Finding.failed(ran, learnt + " and statement " + (ran + 1) + " failed: " + failure.exception().strip());
	}

	private static boolean firstStatementLogged(AbandonedRun run, ResolvedMigration migration,
			MigrationDirection direction, List<Entry> entries, int resumedAfter) {
		String first = StatementQueryIds.of(run.runId(), migration.version(), direction, resumedAfter + 1);
		return entries.stream().anyMatch((entry) -> entry.queryId().equals(first));
	}

	private static boolean finished(List<Entry> attempts) {
		return attempts.stream().anyMatch((entry) -> entry.type() == QUERY_FINISH);
	}

	private Optional<String> unfinishedMutation(String statement) {
		Optional<MutatedTable> target = MutatedTable.of(statement);
		if (target.isEmpty()) {
			return Optional.empty();
		}
		String database = this.mutations.database(target.get());
		return this.mutations.read(database, target.get().table())
			.stream()
			.filter((mutation) -> !mutation.done())
			.findFirst()
			.map((mutation) -> "mutation " + mutation.describe());
	}

	/**
	 * Waits for the run's statements still running, or kills them.
	 * @return why it cannot be known, when one still runs after the wait
	 */
	private Optional<String> awaitRunning(String like) {
		long start = System.nanoTime();
		long loggedAt = start;
		String processes = "SELECT query_id FROM system.processes WHERE query_id LIKE " + like;
		for (boolean killed = false;;) {
			List<String> running = this.jdbc.queryForList(processes, String.class);
			if (running.isEmpty()) {
				return Optional.empty();
			}
			if (this.killRunning && !killed) {
				logger.warn("Killing the statements of a dead migration lock holder that still run: " + running);
				this.jdbc.execute("KILL QUERY WHERE query_id LIKE " + like + " SYNC");
				killed = true;
				continue;
			}
			long now = System.nanoTime();
			if (now - start > this.runningWait.toNanos()) {
				return Optional
					.of(running.get(0) + " still runs after waiting " + this.runningWait.toSeconds() + " s for it");
			}
			if (now == start || now - loggedAt >= PROGRESS_EVERY.toNanos()) {
				loggedAt = now;
				logger.info("Waiting for the statements of a dead migration lock holder that still run: " + running
						+ ", " + Duration.ofNanos(now - start).toSeconds() + " s so far");
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new PillarException("Interrupted while waiting for the statements of a dead lock holder",
						"Start again.", ex);
			}
		}
	}

	/** One entry of the query log. */
	private record Entry(String queryId, int type, long writtenRows, String exception, long eventTime) {

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
