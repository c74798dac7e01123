package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.pillar.clickhouse.migration.PillarException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the server recorded of Pillar's statements, found by their query ids
 * ({@link StatementQueryIds}): those still running ({@code system.processes}) and the
 * entries of those that ran ({@code system.query_log}). On a cluster it asks every
 * replica, since a statement sent through a load balancer may have reached any of them.
 * Before it reads the log it sends a logged probe and waits until each server's log holds
 * it: the entries before it are then there too, and the probe proves that the server logs
 * a query sent with {@code log_queries=1} for this user. Asked only once an answer was
 * lost or a holder died: a run that ends well costs nothing here.
 */
final class QueryLog {

	private static final Log logger = LogFactory.getLog(QueryLog.class);

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	/** Two of the query log's flush intervals (7.5 s by default). */
	private static final Duration PROBE_WAIT = Duration.ofSeconds(16);

	static final int QUERY_START = 1;

	static final int QUERY_FINISH = 2;

	static final int EXCEPTION_BEFORE_START = 3;

	static final int EXCEPTION_WHILE_PROCESSING = 4;

	private final JdbcTemplate jdbc;

	private final IdentifiedStatementSender sender;

	private final @Nullable ClusterReplicas replicas;

	/**
	 * @param jdbc the connection to ClickHouse
	 * @param replicas the replicas of the cluster, or {@code null} on a single server
	 */
	QueryLog(JdbcTemplate jdbc, @Nullable ClusterReplicas replicas) {
		this.jdbc = jdbc;
		this.sender = new IdentifiedStatementSender(jdbc);
		this.replicas = replicas;
	}

	/**
	 * @return why statements cannot be found, or empty when they carry their ids
	 */
	Optional<String> unidentified() {
		return this.sender.identifies() ? Optional.empty()
				: Optional.of("statements are sent without query ids: the JDBC driver is not ClickHouse's "
						+ "(com.clickhouse:clickhouse-jdbc)");
	}

	/**
	 * Waits for the statements still running, or kills them.
	 * @param condition which queries, as SQL over {@code query_id}
	 * @param wait how long to wait for them
	 * @param kill whether to kill them instead
	 * @param whose whose statements they are, for the log
	 * @return why it cannot be known, when one still runs after the wait
	 */
	Optional<String> awaitRunning(String condition, Duration wait, boolean kill, String whose) {
		List<String> servers = servers();
		String processes = SystemTables.select(servers, "query_id", "processes", "WHERE " + condition);
		long start = System.nanoTime();
		long loggedAt = start;
		for (boolean killed = false;;) {
			List<String> running = this.jdbc.query(processes,
					(rs, row) -> rs.getString(2) + (rs.getString(1).isEmpty() ? "" : " on " + rs.getString(1)));
			if (running.isEmpty()) {
				return Optional.empty();
			}
			if (kill && !killed) {
				logger.warn("Killing the statements of " + whose + " that still run: " + running);
				this.jdbc.execute("KILL QUERY WHERE " + condition + " SYNC");
				killed = true;
				continue;
			}
			long now = System.nanoTime();
			if (now - start > wait.toNanos()) {
				return Optional.of(running.get(0) + " still runs after waiting " + wait.toSeconds() + " s for it");
			}
			if (now == start || now - loggedAt >= PROGRESS_EVERY.toNanos()) {
				loggedAt = now;
				logger.info("Waiting for the statements of " + whose + " that still run: " + running + ", "
						+ Duration.ofNanos(now - start).toSeconds() + " s so far");
			}
			sleep(200);
		}
	}

	/**
	 * Reads the entries of some queries, once the log surely holds them.
	 * @param condition which queries, as SQL over {@code query_id}
	 * @param probe the query id of the probe, one of the asking run's
	 * @return the entries, or why they cannot be known
	 */
	Reading read(String condition, String probe) {
		List<String> servers = servers();
		long[] clock;
		String flushed = "";
		try {
			this.sender.execute("SELECT 1", probe);
			if (servers != null) {
				// logged on each replica as the initial query of what it runs for this
				// one
				this.sender.execute(SystemTables.select(servers, "dummy", "one", ""), probe + "-replicas");
			}
			try {
				this.jdbc.execute("SYSTEM FLUSH LOGS");
			}
			catch (DataAccessException ex) {
				// the log is flushed every few seconds anyway: the wait for the probe
				// below covers it
				flushed = " (SYSTEM FLUSH LOGS was refused: " + ClickHouseErrors.message(ex) + ")";
			}
			// its own start, to tell a log that lost what it had not flushed yet
			clock = this.jdbc.queryForObject("SELECT toUInt32(now()), uptime()",
					(rs, row) -> new long[] { rs.getLong(1), rs.getLong(2) });
		}
		catch (DataAccessException ex) {
			return Reading.unknown("it cannot be asked: " + ClickHouseErrors.message(ex));
		}
		Optional<String> unlogged = awaitProbe(servers, probe, flushed);
		if (unlogged.isPresent()) {
			return Reading.unknown(unlogged.get());
		}
		try {
			// through a subquery: 18.16 orders only the last SELECT of a UNION ALL
			List<Entry> entries = this.jdbc.query(
					"SELECT * FROM (" + SystemTables.select(servers,
							"query_id, toUInt8(type) AS kind, written_rows, exception, toUInt32(event_time) AS at",
							"query_log", "WHERE " + condition) + ") ORDER BY at, kind",
					(rs, row) -> new Entry(rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
							rs.getLong(6)));
			long oldest = this.jdbc
				.query(SystemTables.select(servers, "toUInt32(event_time)", "query_log", "ORDER BY event_time LIMIT 1"),
						(rs, row) -> rs.getLong(2))
				.stream()
				.mapToLong(Long::longValue)
				.max()
				.orElse(0);
			return new Reading(entries, oldest, clock[0], clock[1], null);
		}
		catch (DataAccessException ex) {
			return Reading.unknown("its query log cannot be read: " + ClickHouseErrors.message(ex));
		}
	}

	/**
	 * Waits until each server's log holds the probe: what was logged before it is there.
	 */
	private Optional<String> awaitProbe(@Nullable List<String> servers, String probe, String flushed) {
		String seen = SystemTables.select(servers, "query_id", "query_log", "WHERE query_id = " + SqlText.literal(probe)
				+ " OR initial_query_id = " + SqlText.literal(probe + "-replicas"));
		long deadline = System.nanoTime() + PROBE_WAIT.toNanos();
		String missing;
		while (true) {
			try {
				Set<String> logged = new HashSet<>(this.jdbc.query(seen, (rs, row) -> rs.getString(1)));
				List<String> unlogged = (servers != null) ? servers.stream()
					.filter((replica) -> !logged.contains(replica))
					.map((replica) -> "replica " + replica)
					.toList() : (logged.isEmpty() ? List.of("the server") : List.of());
				if (unlogged.isEmpty()) {
					return Optional.empty();
				}
				missing = String.join(", ", unlogged) + " did not record a query sent with log_queries=1 within "
						+ PROBE_WAIT.toSeconds() + " s: query logging is off there or not allowed for the user"
						+ flushed;
			}
			catch (DataAccessException ex) {
				if (servers == null && ClickHouseErrors.isUnknownTable(ex)) {
					// flushed, and still no table: nothing was ever logged here
					return Optional.of("the server keeps no query log (system.query_log does not exist)" + flushed);
				}
				// on a replica the table appears with its first flush
				missing = "the query log cannot be read: " + ClickHouseErrors.message(ex);
			}
			if (System.nanoTime() - deadline > 0) {
				return Optional.of(missing);
			}
			sleep(500);
		}
	}

	private @Nullable List<String> servers() {
		return (this.replicas != null) ? this.replicas.replicas() : null;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PillarException("Interrupted while reading what the server recorded of Pillar's statements",
					"Start again.", ex);
		}
	}

	/**
	 * One entry of the query log.
	 *
	 * @param queryId the query's id
	 * @param type 1 started, 2 finished, 3 refused before it started, 4 failed while it
	 * ran
	 * @param writtenRows the rows it wrote
	 * @param exception ClickHouse's error, or empty
	 * @param eventTime when (epoch seconds)
	 */
	record Entry(String queryId, int type, long writtenRows, String exception, long eventTime) {

	}

	/**
	 * What the log holds.
	 *
	 * @param entries the entries found, oldest first
	 * @param oldest the time of the oldest entry the log keeps (epoch seconds; on a
	 * cluster the latest of the replicas')
	 * @param serverTime the connected server's time (epoch seconds, its clock)
	 * @param uptime for how long it has been up (seconds)
	 * @param unknown why the log cannot tell, or {@code null}
	 */
	record Reading(List<Entry> entries, long oldest, long serverTime, long uptime, @Nullable String unknown) {

		static Reading unknown(String why) {
			return new Reading(List.of(), 0, 0, 0, why);
		}

		/**
		 * @return when the connected server started (epoch seconds, its clock): what its
		 * log had not written then is lost
		 */
		long serverStart() {
			return this.serverTime - this.uptime;
		}

	}

}
