package dev.pillar.clickhouse.migration.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationScript;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.LockHold;
import dev.pillar.clickhouse.migration.lock.RunIntent;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs one migration in one direction, statement by statement, observed, and has its
 * outcome recorded by the {@link HistoryRecorder}: how many statements ran, and
 * ClickHouse's message when one was refused.
 */
public final class MigrationExecutor {

	private static final Log logger = LogFactory.getLog(MigrationExecutor.class);

	private final HistoryRecorder history;

	private final StatementRunner statements;

	private final RunningStatementTracker running;

	private final StatementQueryIds queryIds;

	private final JdbcTemplate jdbc;

	private final Map<String, String> placeholders;

	private final ClickHouseFailures failures;

	private final ObservationRegistry observations;

	private final MigrationListener listener;

	/**
	 * Creates an executor.
	 * @param history records each run's outcome
	 * @param statements runs each statement
	 * @param running told which statement runs
	 * @param queryIds told the query id of the statement that runs
	 * @param jdbc the connection that {@link JdbcMigration JDBC migrations} read through
	 * @param placeholders values for placeholders in the statements of JDBC migrations
	 * @param failures describes failures
	 * @param observations where each migration is observed
	 * @param listener told what ran
	 */
	public MigrationExecutor(HistoryRecorder history, StatementRunner statements, RunningStatementTracker running,
			StatementQueryIds queryIds, JdbcTemplate jdbc, Map<String, String> placeholders,
			ClickHouseFailures failures, ObservationRegistry observations, MigrationListener listener) {
		this.history = history;
		this.statements = statements;
		this.running = running;
		this.queryIds = queryIds;
		this.jdbc = jdbc;
		this.placeholders = Map.copyOf(placeholders);
		this.failures = failures;
		this.observations = observations;
		this.listener = listener;
	}

	/**
	 * The same executor, recording with another recorder (one that names someone else).
	 * @param history the recorder
	 * @return the executor
	 */
	public MigrationExecutor recordingWith(HistoryRecorder history) {
		return new MigrationExecutor(history, this.statements, this.running, this.queryIds, this.jdbc,
				this.placeholders, this.failures, this.observations, this.listener);
	}

	/**
	 * Runs migrations one after the other in one direction, having kept with the lock
	 * what it runs.
	 * @param migrations the migrations, in order
	 * @param direction which way
	 * @param plan the plan they come from
	 * @param hold the lock held
	 * @return what ran
	 * @throws MigrationFailedException when ClickHouse refuses a statement; the
	 * migrations before it stay done
	 */
	List<MigrationRun> runAll(List<ResolvedMigration> migrations, MigrationDirection direction, MigrationPlan plan,
			LockHold hold) {
		if (!migrations.isEmpty()) {
			hold.intend(new RunIntent(direction, migrations.stream().map(ResolvedMigration::version).toList(),
					plan.lastSequence()));
		}
		long sequence = plan.nextSequence();
		List<MigrationRun> runs = new ArrayList<>();
		for (ResolvedMigration migration : migrations) {
			runs.add(run(migration, direction, 0, sequence++, hold));
		}
		return runs;
	}

	/**
	 * Runs a migration's statements in one direction.
	 * @param migration the migration
	 * @param direction which way
	 * @param resumeAt how many of its statements ran before (0, or where a resume
	 * starts); a JDBC migration always runs from its start
	 * @param sequence the history row's sequence number
	 * @param hold the lock held, told which statement runs
	 * @return what ran
	 * @throws MigrationFailedException when ClickHouse refuses a statement
	 */
	MigrationRun run(ResolvedMigration migration, MigrationDirection direction, int resumeAt, long sequence,
			LockHold hold) {
		int listed = migration.statements(direction).size();
		// meters get the low-cardinality values only: one series per direction and
		// outcome, not per migration; the
		// migration itself is in the span (high cardinality), the log and the endpoint
		Observation observation = Observation.createNotStarted("pillar.migration", this.observations)
			.contextualName("pillar " + direction.label() + " " + migration.version())
			.highCardinalityKeyValue("version", Long.toString(migration.version()))
			.highCardinalityKeyValue("name", migration.name())
			.highCardinalityKeyValue("statements", Integer.toString(listed))
			.lowCardinalityKeyValue("direction", direction.label());
		long start = System.nanoTime();
		Ran ran = migration.script().run(direction, new MigrationScript.Runner<>() {

			@Override
			public Ran statements(List<String> statements) {
				log(migration, direction, resumeAt);
				observation.start();
				runStatements(migration, direction, statements, resumeAt, sequence, start, observation, hold);
				return new Ran(statements.size(), resumeAt);
			}

			@Override
			public Ran code(MigrationScript.Code code) {
				// code decides its statements as it runs: it runs from its start
				log(migration, direction, 0);
				observation.start();
				return new Ran(runCode(migration, direction, code, sequence, start, observation, hold), 0);
			}

		});
		int count = ran.statements();
		long millis = elapsedMillis(start);
		boolean up = direction == MigrationDirection.UP;
		ensureHeld(hold, migration, direction, count, count, null, observation);
		try {
			this.history.outcome(migration, up ? MigrationEventType.APPLIED : MigrationEventType.ROLLED_BACK, sequence,
					count, count, millis, "", hold);
		}
		catch (DataAccessException ex) {
			RuntimeException unrecorded = this.failures.unrecorded(migration.describe(), count, direction.label(), up,
					ex);
			observation.lowCardinalityKeyValue("outcome", "failure").error(unrecorded);
			observation.stop();
			throw unrecorded;
		}
		observation.lowCardinalityKeyValue("outcome", "success").stop();
		MigrationRun run = new MigrationRun(migration.version(), migration.name(), direction, count - ran.from(),
				millis);
		this.listener.ran(run);
		return run;
	}

	private static void log(ResolvedMigration migration, MigrationDirection direction, int from) {
		logger.info(((direction == MigrationDirection.UP) ? "Applying" : "Rolling back") + " ClickHouse migration "
				+ migration.describe() + ((from > 0) ? " from statement " + (from + 1) : ""));
	}

	/**
	 * Runs listed statements from one on, each told to the lock, the tracker and the ids.
	 */
	private void runStatements(ResolvedMigration migration, MigrationDirection direction, List<String> all, int from,
			long sequence, long start, Observation observation, LockHold hold) {
		for (int i = from; i < all.size(); i++) {
			ensureHeld(hold, migration, direction, i, all.size(), null, observation);
			hold.progress(migration.version(), i + 1);
			this.running.started(migration, direction, i);
			this.queryIds.next(hold.runId(), migration.version(), direction, i + 1);
			try {
				this.statements.run(all.get(i));
			}
			catch (DataAccessException ex) {
				throw failed(migration, direction, i, all.get(i), all.size(), sequence, elapsedMillis(start), ex,
						observation, hold);
			}
			finally {
				this.running.finished();
				this.queryIds.finished();
			}
		}
	}

	/** Runs a JDBC migration's code; returns how many statements it executed. */
	private int runCode(ResolvedMigration migration, MigrationDirection direction, MigrationScript.Code code,
			long sequence, long start, Observation observation, LockHold hold) {
		int[] number = { 0 };
		CountingMigrationContext context = new CountingMigrationContext((statement) -> {
			hold.ensureHeld();
			this.queryIds.next(hold.runId(), migration.version(), direction, ++number[0]);
			try {
				this.statements.run(statement);
			}
			finally {
				this.queryIds.finished();
			}
		}, this.jdbc, this.placeholders);
		try {
			code.run(context);
		}
		catch (Exception ex) {
			int done = context.executed();
			if (isLockLost(ex)) {
				throw lockLost(migration, direction, done, null, (PillarException) ex, null, observation);
			}
			// a failure in the code itself, not in a statement, still leaves the
			// statements before it applied
			String failing = context.failing();
			throw failed(migration, direction, done,
					(failing != null) ? failing : "(in the migration's code, after statement " + done + ")", done + 1,
					sequence, elapsedMillis(start), ex, observation, hold);
		}
		return context.executed();
	}

	private RuntimeException failed(ResolvedMigration migration, MigrationDirection direction, int done,
			String statement, int count, long sequence, long millis, Exception ex, Observation observation,
			LockHold hold) {
		// an answer lost where the server's record cannot tell whether it ran
		boolean mayHaveRun = ex instanceof LostAnswerException lost && lost.mayHaveRun();
		String message = this.failures.withReplicas(ClickHouseErrors.message(ex));
		// a holder that lost the lock records nothing, not even a failure: another may be
		// writing the history now
		ensureHeld(hold, migration, direction, done, count, message, observation);
		DataAccessException unrecorded = null;
		try {
			this.history.outcome(migration, (direction == MigrationDirection.UP) ? MigrationEventType.FAILED
					: MigrationEventType.ROLLBACK_FAILED, sequence, count, done, millis, message, hold);
		}
		catch (DataAccessException recordFailure) {
			unrecorded = recordFailure;
		}
		// the statement and ClickHouse's message (which may quote it) with its secrets
		// masked: the exception is logged, traced and served
		MigrationFailedException failure = new MigrationFailedException(migration, direction, done + 1, count,
				this.failures.redact(statement), message, this.failures.redact(ex), unrecorded == null, mayHaveRun);
		if (unrecorded != null) {
			failure.addSuppressed(this.failures.redact(unrecorded));
		}
		observation.lowCardinalityKeyValue("outcome", "failure").error(failure);
		observation.stop();
		this.listener.failed(failure);
		return failure;
	}

	/**
	 * Goes on only while the lock is surely this holder's; otherwise ends the run, saying
	 * what of the migration ran.
	 * @param done how many of its statements ran
	 * @param failure ClickHouse's message when the statement after them failed, or
	 * {@code null}
	 */
	private void ensureHeld(LockHold hold, ResolvedMigration migration, MigrationDirection direction, int done,
			int count, @Nullable String failure, Observation observation) {
		try {
			hold.ensureHeld();
		}
		catch (PillarException ex) {
			throw lockLost(migration, direction, done, count, ex, failure, observation);
		}
	}

	private static boolean isLockLost(Throwable ex) {
		return ex instanceof PillarException pillar && pillar.kind() == PillarException.Kind.LOCK_LOST;
	}

	/**
	 * @param count how many statements it has, or {@code null} for code
	 */
	private PillarException lockLost(ResolvedMigration migration, MigrationDirection direction, int done,
			@Nullable Integer count, PillarException lost, @Nullable String failure, Observation observation) {
		String ran;
		if (count != null && done == count) {
			ran = "all " + count + " " + direction.label() + " statement(s) ran, but the outcome was not recorded";
		}
		else {
			ran = ((done == 0) ? "no statement of it ran"
					: (done == 1) ? "statement 1 ran" : "statements 1 to " + done + " ran")
					+ ((failure != null) ? ", statement " + (done + 1) + " failed (" + failure + ")" : "")
					+ "; nothing more was run";
		}
		PillarException exception = new PillarException(
				"Lost the migration lock while running migration " + migration.describe() + ": " + ran + ". Why: "
						+ this.failures.redact(lost.getMessage()),
				"When another instance takes the lock over, it records " + migration.version() + " as "
						+ ((direction == MigrationDirection.UP) ? "interrupted" : "interrupted in its rollback")
						+ ". With recovery on and a server that keeps a query log, it completes it from the "
						+ "server's record, and nobody needs to act; otherwise look at its status (GET "
						+ "/actuator/pillar) and resume it from statement " + (done + 1) + ". " + lost.action(),
				PillarException.Kind.LOCK_LOST, lost);
		logger.error(exception.getMessage());
		observation.lowCardinalityKeyValue("outcome", "failure").error(exception);
		observation.stop();
		return exception;
	}

	private static long elapsedMillis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	/** How many statements a direction has, and how many of them had run before. */
	private record Ran(int statements, int from) {

	}

}
