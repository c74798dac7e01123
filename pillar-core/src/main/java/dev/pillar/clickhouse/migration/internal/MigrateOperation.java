package dev.pillar.clickhouse.migration.internal;

import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.LockHold;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies every pending migration, oldest first; with a baseline version, on a history
 * that has no row at all, first adopts the migrations up to it, as Flyway's
 * baseline-on-migrate does. The baseline is decided on the plan read under the lock, so
 * two instances starting together baseline once, and a history whose migrations were all
 * rolled back is migrated again, never adopted.
 */
public final class MigrateOperation implements WriteOperation {

	private static final Log logger = LogFactory.getLog(MigrateOperation.class);

	private final MigrationExecutor executor;

	private final HistoryRecorder history;

	private final PlanReader plans;

	private final boolean validate;

	private final boolean outOfOrder;

	private final @Nullable Long baselineVersion;

	/**
	 * @param executor runs each migration
	 * @param history records the baseline
	 * @param plans reads the plan again once the baseline is recorded
	 * @param validate whether a changed applied migration stops it
	 * @param outOfOrder whether pending migrations older than the current version may run
	 * @param baselineVersion the version to baseline at when the history has no row, or
	 * {@code null}
	 */
	public MigrateOperation(MigrationExecutor executor, HistoryRecorder history, PlanReader plans, boolean validate,
			boolean outOfOrder, @Nullable Long baselineVersion) {
		this.executor = executor;
		this.history = history;
		this.plans = plans;
		this.validate = validate;
		this.outOfOrder = outOfOrder;
		this.baselineVersion = baselineVersion;
	}

	@Override
	public String name() {
		return "migrate";
	}

	/**
	 * Whether it would do nothing now: nothing pending, and no baseline to record.
	 * @param plan the plan
	 * @return whether it is up to date
	 */
	public boolean upToDate(MigrationPlan plan) {
		return baseline(plan) == null && pending(plan).isEmpty();
	}

	/**
	 * The migrations it would apply now, after the baseline it would record.
	 * @param plan the plan
	 * @return the pending migrations, oldest first
	 */
	public List<ResolvedMigration> pending(MigrationPlan plan) {
		List<ResolvedMigration> pending = plan.pending(this.validate, this.outOfOrder);
		Long baseline = baseline(plan);
		return (baseline != null) ? pending.stream().filter((migration) -> migration.version() > baseline).toList()
				: pending;
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan, LockHold hold) {
		Long baseline = baseline(plan);
		if (baseline == null) {
			return this.executor.runAll(pending(plan), MigrationDirection.UP, plan, hold);
		}
		logger.info("ClickHouse history is empty: baselining at " + baseline + " before migrating");
		List<MigrationRun> runs = new ArrayList<>(new BaselineOperation(this.history, baseline).apply(plan, hold));
		MigrationPlan adopted = this.plans.read();
		runs.addAll(this.executor.runAll(pending(adopted), MigrationDirection.UP, adopted, hold));
		return runs;
	}

	// only a history with no row at all: a row, even of a rollback, means Pillar
	// migrated this database before
	private @Nullable Long baseline(MigrationPlan plan) {
		return (plan.lastSequence() == 0) ? this.baselineVersion : null;
	}

}
