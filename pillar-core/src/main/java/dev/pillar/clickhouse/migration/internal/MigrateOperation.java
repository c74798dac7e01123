package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.LockHold;
import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.ResolvedMigration;

/**
 * Applies every pending migration, oldest first.
 */
public final class MigrateOperation implements WriteOperation {

	private final MigrationExecutor executor;

	private final boolean validate;

	private final boolean outOfOrder;

	/**
	 * @param executor runs each migration
	 * @param validate whether a changed applied migration stops it
	 * @param outOfOrder whether pending migrations older than the current version may run
	 */
	public MigrateOperation(MigrationExecutor executor, boolean validate, boolean outOfOrder) {
		this.executor = executor;
		this.validate = validate;
		this.outOfOrder = outOfOrder;
	}

	@Override
	public String name() {
		return "migrate";
	}

	/**
	 * The migrations it would apply now.
	 * @param plan the plan
	 * @return the pending migrations, oldest first
	 */
	public List<ResolvedMigration> pending(MigrationPlan plan) {
		return plan.pending(this.validate, this.outOfOrder);
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan, LockHold hold) {
		return this.executor.runAll(pending(plan), MigrationDirection.UP, plan, hold);
	}

}
