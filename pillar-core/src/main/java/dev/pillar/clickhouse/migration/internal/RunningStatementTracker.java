package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MutationProgress;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.RunningStatement;
import org.jspecify.annotations.Nullable;

/**
 * Which statement runs now and which mutations it waits for, kept apart from the running
 * operation so that it can be read while the operation holds the migrator.
 */
public final class RunningStatementTracker {

	private volatile @Nullable RunningStatement current;

	/**
	 * @return the statement running now, or {@code null}
	 */
	public @Nullable RunningStatement current() {
		return this.current;
	}

	void started(ResolvedMigration migration, MigrationDirection direction, int index) {
		this.current = new RunningStatement(migration.version(), migration.name(), direction, index + 1,
				migration.statements(direction).size(), List.of());
	}

	void waitingFor(List<MutationProgress> mutations) {
		RunningStatement running = this.current;
		if (running != null) {
			this.current = running.waitingFor(mutations);
		}
	}

	void finished() {
		this.current = null;
	}

}
