package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.LockHold;
import dev.pillar.clickhouse.migration.lock.RunIntent;
import org.jspecify.annotations.Nullable;

/**
 * Runs the rest of the migration that failed or was interrupted, with the statements now
 * in code: from the statement after the last one that ran, or from one the operator
 * names. An interrupted migration needs the name: how far it got is known only as of its
 * instance's last renewal of the lock.
 */
public final class ResumeOperation implements WriteOperation {

	private final MigrationExecutor executor;

	private final @Nullable Integer fromStatement;

	/**
	 * @param executor runs the migration
	 * @param fromStatement the statement to resume from (1 for the first), or
	 * {@code null} for the one after the last that ran
	 */
	public ResumeOperation(MigrationExecutor executor, @Nullable Integer fromStatement) {
		this.executor = executor;
		this.fromStatement = fromStatement;
	}

	@Override
	public String name() {
		return "resume";
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan, LockHold hold) {
		MigrationInfo failed = plan.failed();
		if (failed == null) {
			throw new PillarException("Nothing to resume: no migration failed or was interrupted", "None needed.");
		}
		ResolvedMigration migration = plan.migration(failed.version());
		if (migration == null) {
			throw new PillarException(
					"Cannot resume " + failed.version() + " (" + failed.name() + "): it is no longer in code",
					"Restore the class, or undo by hand and repair.");
		}
		MigrationDirection direction = failed.state().direction();
		int statements = migration.statements(direction).size();
		boolean interrupted = failed.state() == MigrationState.INTERRUPTED
				|| failed.state() == MigrationState.ROLLBACK_INTERRUPTED;
		if (this.fromStatement == null && interrupted) {
			throw new PillarException(
					"Cannot resume " + migration.describe() + " without a statement to resume from: "
							+ "it was interrupted, and how far it got is not known exactly (" + failed.error() + ")",
					"Check what its " + direction.label() + " statements did, then resume naming the first statement "
							+ "that did not run (1 to " + statements + "), or undo what ran by hand and repair.",
					PillarException.Kind.STATEMENT_REQUIRED);
		}
		if (this.fromStatement != null && (this.fromStatement < 1 || this.fromStatement > statements)) {
			throw new PillarException(
					"Cannot resume " + migration.describe() + " from statement " + this.fromStatement + ": its "
							+ direction.label() + " has statements 1 to " + statements,
					"Name a statement from 1 to " + statements + ".", PillarException.Kind.STATEMENT_REQUIRED);
		}
		Integer done = failed.statementsDone();
		int from = (this.fromStatement != null) ? this.fromStatement - 1 : (done != null) ? done : 0;
		hold.intend(new RunIntent(direction, List.of(migration.version()), plan.lastSequence()));
		return List.of(this.executor.run(migration, direction, from, plan.nextSequence(), hold));
	}

}
