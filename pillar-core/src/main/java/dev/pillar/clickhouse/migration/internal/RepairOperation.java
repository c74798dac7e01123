package dev.pillar.clickhouse.migration.internal;

import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.LockHold;

/**
 * Records that the operator dealt with what validation or a failure reported: a failed
 * migration's partial effect was undone by hand (a failed {@code up} becomes pending, a
 * failed {@code down} applied), and applied migrations whose statements changed are
 * accepted with their new checksum. Runs no migration statement.
 */
public final class RepairOperation implements WriteOperation {

	private final HistoryRecorder history;

	/**
	 * @param history records what it repairs
	 */
	public RepairOperation(HistoryRecorder history) {
		this.history = history;
	}

	@Override
	public String name() {
		return "repair";
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan, LockHold hold) {
		long sequence = plan.nextSequence();
		List<MigrationRun> repaired = new ArrayList<>();
		MigrationInfo failed = plan.failed();
		if (failed != null) {
			boolean up = failed.state().direction() == MigrationDirection.UP;
			repaired.add(this.history.mark(failed.version(), failed.name(), plan.migration(failed.version()),
					up ? MigrationEventType.REPAIRED : MigrationEventType.ROLLBACK_REPAIRED, sequence++,
					up ? MigrationDirection.DOWN : MigrationDirection.UP, hold));
		}
		for (ResolvedMigration changed : plan.changed()) {
			repaired.add(this.history.mark(changed.version(), changed.name(), changed, MigrationEventType.ACCEPTED,
					sequence++, MigrationDirection.UP, hold));
		}
		if (repaired.isEmpty()) {
			throw new PillarException("Nothing to repair: no migration failed or changed", "None needed.");
		}
		return repaired;
	}

}
