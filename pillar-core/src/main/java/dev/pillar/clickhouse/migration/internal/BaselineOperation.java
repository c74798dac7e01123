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
 * Adopts an existing database: records every migration up to a version as applied without
 * running it.
 */
public final class BaselineOperation implements WriteOperation {

	private final HistoryRecorder history;

	private final long version;

	/**
	 * @param history records what it adopts
	 * @param version the newest migration the database already has
	 */
	public BaselineOperation(HistoryRecorder history, long version) {
		this.history = history;
		this.version = version;
	}

	@Override
	public String name() {
		return "baseline";
	}

	@Override
	public List<MigrationRun> apply(MigrationPlan plan, LockHold hold) {
		MigrationInfo failed = plan.failed();
		if (failed != null) {
			throw new PillarException(
					"Cannot baseline: migration " + failed.version() + " (" + failed.name() + ") failed",
					"Repair it first (it records that none of it stays), then baseline.");
		}
		if (plan.status().currentVersion() != null) {
			throw new PillarException("Cannot baseline: the history already has applied migrations",
					"Baseline only a database that Pillar has not migrated yet.");
		}
		List<ResolvedMigration> adopted = plan.inCode().stream().filter((m) -> m.version() <= this.version).toList();
		if (adopted.isEmpty()) {
			throw new PillarException("Cannot baseline at " + this.version + ": no migration is that old",
					"Name the version of the newest migration whose schema the database already has.");
		}
		long sequence = plan.nextSequence();
		List<MigrationRun> runs = new ArrayList<>();
		for (ResolvedMigration migration : adopted) {
			runs.add(this.history.mark(migration.version(), migration.name(), migration, MigrationEventType.BASELINE,
					sequence++, MigrationDirection.UP, hold));
		}
		return runs;
	}

}
