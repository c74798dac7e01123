package dev.pillar.clickhouse.migration.internal;

import java.util.List;
import java.util.function.Function;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.LockHold;

/**
 * Rolls back the newest applied migrations, newest first, running their {@code down}
 * statements: a number of steps, or down to a target version.
 */
public final class RollbackOperation implements WriteOperation {

	private final MigrationExecutor executor;

	private final Function<MigrationPlan, List<ResolvedMigration>> chosen;

	private RollbackOperation(MigrationExecutor executor, Function<MigrationPlan, List<ResolvedMigration>> chosen) {
		this.executor = executor;
		this.chosen = chosen;
	}

	/**
	 * @param executor runs each migration
	 * @param steps how many of the newest applied migrations
	 * @return the operation
	 */
	public static RollbackOperation steps(MigrationExecutor executor, int steps) {
		return new RollbackOperation(executor, (plan) -> plan.rollback(steps));
	}

	/**
	 * @param executor runs each migration
	 * @param target the version to stand at afterwards ({@code 0} for none)
	 * @return the operation
	 */
	public static RollbackOperation to(MigrationExecutor executor, long target) {
		return new RollbackOperation(executor, (plan) -> plan.rollbackTo(target));
	}

	@Override
	public String name() {
		return "rollback";
	}

	/**
	 * The migrations it would roll back now.
	 * @param plan the plan
	 * @return the migrations, newest first
	 */
	public List<ResolvedMigration> chosen(MigrationPlan plan) {
		return this.chosen.apply(plan);
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan, LockHold hold) {
		return this.executor.runAll(chosen(plan), MigrationDirection.DOWN, plan, hold);
	}

}
