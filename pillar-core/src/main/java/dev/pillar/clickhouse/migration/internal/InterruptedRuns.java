package dev.pillar.clickhouse.migration.internal;

import dev.pillar.clickhouse.migration.AbandonedRun;
import dev.pillar.clickhouse.migration.LockHold;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.ResolvedMigration;

/**
 * Finds, for each run whose holder died holding the lock, the migration it left
 * unfinished, and records it as interrupted: the first migration it meant to run that has
 * no history row of its own run (each row it wrote is newer than its intent). A run that
 * recorded an outcome for all of them, or a failure, left nothing unfinished.
 */
final class InterruptedRuns {

	private final MigrationExecutor executor;

	InterruptedRuns(MigrationExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Records what the lock's dead holders left unfinished and settles them.
	 * @param hold the lock, just taken
	 * @param plan the plan read under it
	 * @return whether anything was recorded (the plan is then out of date)
	 */
	boolean record(LockHold hold, MigrationPlan plan) {
		long sequence = plan.nextSequence();
		for (AbandonedRun run : hold.abandoned()) {
			for (long version : run.intent().versions()) {
				if (plan.latestSequence(version) > run.intent().afterSequence()) {
					continue;
				}
				ResolvedMigration migration = plan.migration(version);
				String name = plan.status()
					.migrations()
					.stream()
					.filter((info) -> info.version() == version)
					.map(MigrationInfo::name)
					.findFirst()
					.orElse(String.valueOf(version));
				this.executor.interrupted(run, version, name, migration, sequence++, hold);
				break;
			}
			hold.settle(run);
		}
		return sequence > plan.nextSequence();
	}

}
