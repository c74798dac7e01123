package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.lock.MigrationLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Runs a {@link WriteOperation} under the lock on a plan read once the lock is held,
 * after recording what earlier holders that died left unfinished (see
 * {@link InterruptedRuns}), says what a lock failure was, and keeps listeners current
 * after every write, also a failed one.
 */
public final class LockedOperationRunner {

	private static final Log logger = LogFactory.getLog(LockedOperationRunner.class);

	private final PlanReader plans;

	private final MigrationLock lock;

	private final ClickHouseFailures failures;

	private final InterruptedRuns interrupted;

	private final ConnectionScope connections;

	/**
	 * Creates a runner.
	 * @param plans reads the plan
	 * @param lock the lock
	 * @param failures describes a lock failure
	 * @param executor completes what dead lock holders left unfinished
	 * @param history records what they left unfinished
	 * @param recovery learns what they did from the server's record, or {@code null} to
	 * record it as interrupted only
	 * @param connections the connections each operation keeps from start to end
	 */
	public LockedOperationRunner(PlanReader plans, MigrationLock lock, ClickHouseFailures failures,
			MigrationExecutor executor, HistoryRecorder history, @Nullable QueryLogRecovery recovery,
			ConnectionScope connections) {
		this.connections = connections;
		this.plans = plans;
		this.lock = lock;
		this.failures = failures;
		this.interrupted = new InterruptedRuns(executor, history, recovery);
	}

	/**
	 * Runs an operation under the lock.
	 * @param operation the operation
	 * @return what ran
	 */
	public List<MigrationRun> run(WriteOperation operation) {
		return this.connections.run(() -> runOnBoundConnections(operation));
	}

	private List<MigrationRun> runOnBoundConnections(WriteOperation operation) {
		this.plans.prepare();
		List<MigrationRun> runs;
		try {
			runs = this.lock.withLock((hold) -> {
				MigrationPlan plan = this.plans.read();
				if (this.interrupted.record(hold, plan)) {
					plan = this.plans.read();
				}
				return operation.apply(plan, hold);
			});
		}
		catch (RuntimeException ex) {
			// statements and history reads and writes report their own failures; what is
			// left came from the lock
			RuntimeException failure = (ex instanceof DataAccessException lockFailure)
					? this.failures.lockUnavailable(lockFailure) : ex;
			// keeps listeners (the pending gauge) current after failures too, without
			// hiding the failure when
			// ClickHouse cannot be read now
			try {
				this.plans.status();
			}
			catch (RuntimeException statusFailure) {
				failure.addSuppressed(statusFailure);
			}
			throw failure;
		}
		try {
			this.plans.status();
		}
		catch (RuntimeException statusFailure) {
			// what ran stays done, and is answered as done: a caller told it failed would
			// run it again
			logger.warn("ClickHouse " + operation.name() + " ran, but the status after it could not be read: "
					+ statusFailure.getMessage());
		}
		if (!runs.isEmpty()) {
			logger.info("ClickHouse " + operation.name() + ": " + runs.size() + " migration(s), "
					+ runs.stream().map((run) -> run.version() + " " + run.name()).toList());
		}
		return runs;
	}

}
