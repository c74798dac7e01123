package dev.pillar.clickhouse.migration.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.internal.QueryLogRecovery.Finding;
import dev.pillar.clickhouse.migration.internal.QueryLogRecovery.Outcome;
import dev.pillar.clickhouse.migration.lock.AbandonedRun;
import dev.pillar.clickhouse.migration.lock.LockHold;
import dev.pillar.clickhouse.migration.lock.RunIntent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Finds, for each run whose holder died holding the lock, the migration it left
 * unfinished: the first migration it meant to run that has no history row of its own run
 * (each row it wrote is newer than its intent). A run that recorded an outcome for all of
 * them, or a failure, left nothing unfinished. With a {@link QueryLogRecovery}, asks the
 * server what its statements did: when that decides each of them, records exactly what
 * ran and completes the migration from the first statement that did not; otherwise, and
 * without one, records it as interrupted, to be resumed from a named statement. Runs are
 * settled oldest first (as the lock hands them over), each seeing what the ones before it
 * recorded.
 */
final class InterruptedRuns {

	private static final Log logger = LogFactory.getLog(InterruptedRuns.class);

	private final MigrationExecutor executor;

	private final HistoryRecorder history;

	private final @Nullable QueryLogRecovery recovery;

	InterruptedRuns(MigrationExecutor executor, HistoryRecorder history, @Nullable QueryLogRecovery recovery) {
		this.executor = executor;
		this.history = history;
		this.recovery = recovery;
	}

	/**
	 * Records what the lock's dead holders left unfinished and settles them.
	 * @param hold the lock, just taken
	 * @param plan the plan read under it
	 * @return whether anything was recorded (the plan is then out of date)
	 */
	boolean record(LockHold hold, MigrationPlan plan) {
		long sequence = plan.nextSequence();
		// what this call recorded, which the plan read before it does not show: whether
		// each migration was left unfinished
		Map<Long, Boolean> recorded = new HashMap<>();
		for (AbandonedRun run : hold.abandoned()) {
			ResolvedMigration completing = null;
			Finding finding = null;
			for (long version : run.intent().versions()) {
				Boolean leftUnfinished = recorded.get(version);
				if (leftUnfinished != null) {
					// an older run's, settled just now: a later run that meant to
					// complete
					// it died before recording anything of it (its first row would be
					// the interrupted one)
					if (leftUnfinished) {
						break;
					}
					continue;
				}
				if (plan.latestSequence(version) > run.intent().afterSequence()) {
					if (unfinished(plan, version)) {
						// it stopped there (a failure), or a later holder took it over
						break;
					}
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
				int resumedAfter = plan.status()
					.migrations()
					.stream()
					.filter((info) -> info.version() == version && info.state().unfinished()
							&& info.statementsDone() != null)
					.map(MigrationInfo::statementsDone)
					.findFirst()
					.orElse(0);
				finding = (migration != null && this.recovery != null)
						? this.recovery.read(run, migration, hold.runId(), resumedAfter) : null;
				if (finding != null && finding.outcome() == Outcome.RESUME) {
					// kept with the lock before the row, should this holder die before it
					// completes the migration: the row is then not newer than its intent
					hold.intend(new RunIntent(run.intent().direction(), List.of(version), sequence));
				}
				this.history.interrupted(run, version, name, migration, sequence++, hold, finding);
				if (finding != null && finding.outcome() == Outcome.RESUME) {
					completing = migration;
				}
				recorded.put(version, completing == null);
				break;
			}
			hold.settle(run);
			if (completing != null) {
				MigrationDirection direction = run.intent().direction();
				logger.info("Completing ClickHouse migration " + completing.describe() + " after its interruption: "
						+ finding.text());
				this.executor.run(completing, direction, finding.ran(), sequence++, hold);
			}
		}
		return sequence > plan.nextSequence();
	}

	private static boolean unfinished(MigrationPlan plan, long version) {
		return plan.status()
			.migrations()
			.stream()
			.anyMatch((info) -> info.version() == version && info.state().unfinished());
	}

}
