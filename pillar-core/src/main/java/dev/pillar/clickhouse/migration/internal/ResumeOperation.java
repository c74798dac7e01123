package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;

/**
 * Runs the rest of the migration that failed, from the statement after the last one that ran, with the statements
 * now in code.
 */
public final class ResumeOperation implements WriteOperation {

	private final MigrationExecutor executor;

	/**
	 * @param executor runs the migration
	 */
	public ResumeOperation(MigrationExecutor executor) {
		this.executor = executor;
	}

	@Override
	public String name() {
		return "resume";
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan) {
		MigrationInfo failed = plan.failed();
		if (failed == null) {
			throw new PillarException("Nothing to resume: no migration failed", "None needed.");
		}
		ResolvedMigration migration = plan.migration(failed.version());
		if (migration == null) {
			throw new PillarException("Cannot resume " + failed.version() + " (" + failed.name()
					+ "): it is no longer in code", "Restore the class, or undo by hand and repair.");
		}
		MigrationDirection direction = (failed.state() == MigrationState.FAILED) ? MigrationDirection.UP
				: MigrationDirection.DOWN;
		Integer done = failed.statementsDone();
		return List.of(this.executor.run(migration, direction, (done != null) ? done : 0, plan.nextSequence()));
	}

}
