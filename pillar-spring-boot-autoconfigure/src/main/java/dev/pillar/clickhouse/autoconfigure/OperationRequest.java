package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import org.jspecify.annotations.Nullable;

/**
 * A request to run an operation, as the endpoint and the command line receive it;
 * {@link #runOn(PillarMigrator)} runs it with the migrator's own methods. A request that
 * cannot be honoured whole is refused when it is made, before anything runs.
 *
 * @param operation the operation
 * @param steps for a rollback, how many of the newest applied migrations; {@code null}
 * for 1 (or a target)
 * @param target for a rollback, the version to stand at afterwards instead of steps; for
 * a baseline, the newest version the database already has
 * @param dryRun whether to only say what would run; only migrate and rollback have a dry
 * run, any other operation is refused with it
 * @param fromStatement for a resume, the statement to resume from (1 for the first)
 * instead of the one after the last that ran; needed for an interrupted migration
 * @param requestedBy who asks (an authenticated principal, say), recorded in the
 * history's {@code installed_by}; {@code null} for the migrator's
 * {@link dev.pillar.clickhouse.migration.PillarConfiguration#installedBy(String) default}
 */
public record OperationRequest(MigrationOperation operation, @Nullable Integer steps, @Nullable Long target,
		boolean dryRun, @Nullable Integer fromStatement, @Nullable String requestedBy) {

	/**
	 * Checks the request.
	 * @throws PillarException when it names both steps and a target, steps for anything
	 * but a rollback, a target for anything but a rollback or a baseline, a statement for
	 * anything but a resume, a dry run of an operation that has none, or a baseline
	 * without a target
	 */
	public OperationRequest {
		if (steps != null && target != null) {
			throw new PillarException(
					"The request names both steps (" + steps + ") and a target (" + target + "); nothing was run",
					"Name either the number of steps or the target version, not both.",
					PillarException.Kind.STEPS_AND_TARGET);
		}
		// a parameter its operation ignores would not do what was asked: steps on a
		// migrate would still apply every pending migration
		if (steps != null && operation != MigrationOperation.ROLLBACK) {
			throw unsupported("Only a rollback takes steps (" + steps + " given", operation,
					"Leave the steps out, or ask for a rollback.");
		}
		if (target != null && operation != MigrationOperation.ROLLBACK && operation != MigrationOperation.BASELINE) {
			throw unsupported("Only a rollback or a baseline takes a target (" + target + " given", operation,
					"Leave the target out, or ask for a rollback or a baseline.");
		}
		if (fromStatement != null && operation != MigrationOperation.RESUME) {
			throw unsupported("Only a resume takes a statement to start from (" + fromStatement + " given", operation,
					"Leave the statement out, or ask for a resume.");
		}
		if (dryRun && operation != MigrationOperation.MIGRATE && operation != MigrationOperation.ROLLBACK) {
			throw new PillarException(
					"A " + operation.label() + " has no dry run: only migrate and rollback can say what they would "
							+ "run; nothing was run",
					"Read the status to see what it would act on, then ask for it without the dry run.",
					PillarException.Kind.DRY_RUN_UNSUPPORTED);
		}
		if (operation == MigrationOperation.BASELINE && target == null) {
			throw new PillarException("The baseline operation needs a target version; nothing was run",
					"Name the newest version whose schema the database already has as the target.",
					PillarException.Kind.TARGET_REQUIRED);
		}
	}

	private static PillarException unsupported(String what, MigrationOperation operation, String action) {
		return new PillarException(what + " for " + operation.label() + "); nothing was run", action,
				PillarException.Kind.PARAMETER_UNSUPPORTED);
	}

	/**
	 * Reads a request.
	 * @param operation the operation's name
	 * @param steps the steps, or {@code null}
	 * @param target the target, or {@code null}
	 * @param dryRun whether to only plan
	 * @param fromStatement for a resume, the statement to resume from, or {@code null}
	 * @return the request
	 * @throws PillarException when the operation is unknown or the request cannot be
	 * honoured whole
	 */
	public static OperationRequest of(@Nullable String operation, @Nullable Integer steps, @Nullable Long target,
			boolean dryRun, @Nullable Integer fromStatement) {
		return new OperationRequest(MigrationOperation.of(operation), steps, target, dryRun, fromStatement, null);
	}

	/**
	 * The same request, made by someone.
	 * @param who who asks, recorded in the history
	 * @return the request
	 */
	public OperationRequest by(String who) {
		return new OperationRequest(this.operation, this.steps, this.target, this.dryRun, this.fromStatement, who);
	}

	/**
	 * Runs the operation, or for a dry run says what it would run; the history records
	 * the {@link #requestedBy() requester}.
	 * @param migrator the migrator
	 * @return what ran, or would run
	 * @throws PillarException when the request cannot be honoured whole (nothing runs
	 * then)
	 * @throws dev.pillar.clickhouse.migration.MigrationFailedException when ClickHouse
	 * refuses a statement
	 */
	public OperationResult runOn(PillarMigrator migrator) {
		PillarMigrator asked = (this.requestedBy != null) ? migrator.requestedBy(this.requestedBy) : migrator;
		int stepCount = (this.steps != null) ? this.steps : 1;
		return switch (this.operation) {
			case MIGRATE -> this.dryRun ? OperationResult.planned(this.operation, asked.planMigrate())
					: OperationResult.ran(this.operation, asked.migrate());
			case ROLLBACK -> (this.target != null)
					? (this.dryRun ? OperationResult.planned(this.operation, asked.planRollbackTo(this.target))
							: OperationResult.ran(this.operation, asked.rollbackTo(this.target)))
					: (this.dryRun ? OperationResult.planned(this.operation, asked.planRollback(stepCount))
							: OperationResult.ran(this.operation, asked.rollback(stepCount)));
			case RESUME -> OperationResult.ran(this.operation,
					(this.fromStatement != null) ? asked.resume(this.fromStatement) : asked.resume());
			case REPAIR -> OperationResult.ran(this.operation, asked.repair());
			// the constructor refuses a baseline without a target
			case BASELINE ->
				OperationResult.ran(this.operation, asked.baseline((this.target != null) ? this.target : 0));
		};
	}

}
