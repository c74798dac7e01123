package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs one migration in one direction, statement by statement, observed, and records its outcome in the history:
 * how many statements ran, and ClickHouse's message when one was refused. Also records what the operator did
 * without running anything (repair, baseline).
 */
public final class MigrationExecutor {

	private static final Log logger = LogFactory.getLog(MigrationExecutor.class);

	private final MigrationHistory history;

	private final PatientHistoryWriter outcomes;

	private final StatementRunner statements;

	private final JdbcTemplate jdbc;

	private final Map<String, String> placeholders;

	private final ClickHouseFailures failures;

	private final ObservationRegistry observations;

	private final MigrationListener listener;

	private final String host;

	private final String installedBy;

	/**
	 * Creates an executor.
	 * @param history the history
	 * @param outcomePatience how long to wait for ClickHouse to record an outcome
	 * @param statements runs each statement
	 * @param jdbc the connection that {@link JdbcMigration JDBC migrations} read through
	 * @param placeholders values for placeholders in the statements of JDBC migrations
	 * @param failures describes failures
	 * @param observations where each migration is observed
	 * @param listener told what ran
	 * @param installedBy the user recorded in the history
	 */
	public MigrationExecutor(MigrationHistory history, Duration outcomePatience, StatementRunner statements,
			JdbcTemplate jdbc, Map<String, String> placeholders, ClickHouseFailures failures,
			ObservationRegistry observations, MigrationListener listener, String installedBy) {
		this.history = history;
		this.outcomes = new PatientHistoryWriter(history, outcomePatience);
		this.statements = statements;
		this.jdbc = jdbc;
		this.placeholders = Map.copyOf(placeholders);
		this.failures = failures;
		this.observations = observations;
		this.listener = listener;
		this.host = ConnectionNames.localHost();
		this.installedBy = installedBy;
	}

	/**
	 * Runs a migration's statements in one direction.
	 * @param migration the migration
	 * @param direction which way
	 * @param resumeAt how many of its statements ran before (0, or where a resume starts); a JDBC migration always
	 * runs from its start
	 * @param sequence the history row's sequence number
	 * @return what ran
	 * @throws MigrationFailedException when ClickHouse refuses a statement
	 */
	MigrationRun run(ResolvedMigration migration, MigrationDirection direction, int resumeAt, long sequence) {
		List<String> all = migration.statements(direction);
		int from = (migration.code() != null) ? 0 : resumeAt;
		logger.info((direction == MigrationDirection.UP ? "Applying" : "Rolling back") + " ClickHouse migration "
				+ migration.describe() + ((from > 0) ? " from statement " + (from + 1) : ""));
		Observation observation = Observation.createNotStarted("pillar.migration", this.observations)
			.contextualName("pillar " + direction.label() + " " + migration.version())
			.lowCardinalityKeyValue("version", Long.toString(migration.version()))
			.lowCardinalityKeyValue("name", migration.name())
			.lowCardinalityKeyValue("direction", direction.label())
			.start();
		long start = System.nanoTime();
		int count = all.size();
		if (migration.code() != null) {
			count = runCode(migration, direction, sequence, start, observation);
		}
		for (int i = from; i < all.size(); i++) {
			observation.event(Observation.Event.of("pillar.statement", "statement " + (i + 1) + " of " + all.size()));
			try {
				this.statements.run(all.get(i));
			}
			catch (DataAccessException ex) {
				throw failed(migration, direction, i, all.get(i), all.size(), sequence, elapsedMillis(start), ex,
						observation);
			}
		}
		long millis = elapsedMillis(start);
		boolean up = direction == MigrationDirection.UP;
		try {
			this.outcomes.append(event(migration, up ? MigrationEventType.APPLIED : MigrationEventType.ROLLED_BACK,
					sequence, count, count, millis, ""));
		}
		catch (DataAccessException ex) {
			RuntimeException unrecorded = this.failures.unrecorded(migration.describe(), count, direction.label(),
					up, ex);
			observation.lowCardinalityKeyValue("outcome", "failure").error(unrecorded);
			observation.stop();
			throw unrecorded;
		}
		observation.lowCardinalityKeyValue("outcome", "success").stop();
		MigrationRun run = new MigrationRun(migration.version(), migration.name(), direction, count - from, millis);
		this.listener.ran(run);
		return run;
	}

	/** Runs a JDBC migration's code; returns how many statements it executed. */
	private int runCode(ResolvedMigration migration, MigrationDirection direction, long sequence, long start,
			Observation observation) {
		JdbcMigration code = migration.code();
		CountingMigrationContext context = new CountingMigrationContext(this.statements, this.jdbc,
				this.placeholders, observation);
		try {
			if (direction == MigrationDirection.UP) {
				code.up(context);
			}
			else {
				code.down(context);
			}
		}
		catch (Exception ex) {
			// a failure in the code itself, not in a statement, still leaves the statements before it applied
			String failing = context.failing();
			int done = context.executed();
			throw failed(migration, direction, done, (failing != null) ? failing
					: "(in the migration's code, after statement " + done + ")", done + 1, sequence,
					elapsedMillis(start), ex, observation);
		}
		return context.executed();
	}

	private MigrationFailedException failed(ResolvedMigration migration, MigrationDirection direction, int done,
			String statement, int count, long sequence, long millis, Exception ex, Observation observation) {
		// a failure on a retry (say "already exists") may come from a first attempt whose answer was lost
		boolean retried = ex.getSuppressed().length > 0;
		String message = this.failures.withReplicas(ClickHouseErrors.message(ex) + (retried ? " (on a retry, after "
				+ ClickHouseErrors.message(ex.getSuppressed()[0]) + ": the first attempt may have run)" : ""));
		DataAccessException unrecorded = null;
		try {
			this.outcomes.append(event(migration, (direction == MigrationDirection.UP) ? MigrationEventType.FAILED
					: MigrationEventType.ROLLBACK_FAILED, sequence, count, done, millis, message));
		}
		catch (DataAccessException recordFailure) {
			unrecorded = recordFailure;
		}
		MigrationFailedException failure = new MigrationFailedException(migration, direction, done + 1, count,
				statement, message, ex, unrecorded == null, retried);
		if (unrecorded != null) {
			failure.addSuppressed(unrecorded);
		}
		observation.lowCardinalityKeyValue("outcome", "failure").error(failure);
		observation.stop();
		this.listener.failed(failure);
		return failure;
	}

	/**
	 * Records an outcome without running a statement: what the operator did by hand, or adopted.
	 * @param version the migration's version
	 * @param name its name
	 * @param migration the migration in code, or {@code null} when it is no longer there
	 * @param type what to record
	 * @param sequence the history row's sequence number
	 * @param direction which way the migration now stands
	 * @return a run of no statement
	 */
	MigrationRun mark(long version, String name, @Nullable ResolvedMigration migration, MigrationEventType type,
			long sequence, MigrationDirection direction) {
		this.history.append(new MigrationEvent(sequence, version, name, type,
				(migration != null) ? migration.checksum() : "", 0, 0, 0, this.host, this.installedBy, "",
				Instant.now()));
		return new MigrationRun(version, name, direction, 0, 0);
	}

	private MigrationEvent event(ResolvedMigration migration, MigrationEventType type, long sequence, int statements,
			int done, long millis, String error) {
		return new MigrationEvent(sequence, migration.version(), migration.name(), type, migration.checksum(),
				statements, done, millis, this.host, this.installedBy, error, Instant.now());
	}

	private static long elapsedMillis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

}
