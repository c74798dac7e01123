package dev.pillar.clickhouse.migration.internal;

import java.util.List;
import java.util.Optional;

import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.MigrationLock;

import org.springframework.dao.DataAccessException;

/**
 * Reads the history and sets it against the migrations in code. The first read creates
 * the history when it is missing, unless the lock's storage says the database was
 * migrated before (then the history was dropped, and nothing may run).
 */
public final class PlanReader {

	private final List<ResolvedMigration> migrations;

	private final MigrationHistory history;

	private final MigrationLock lock;

	private final ClickHouseFailures failures;

	private final MigrationListener listener;

	private volatile boolean historyReady;

	/**
	 * Creates a reader.
	 * @param migrations the migrations in code, oldest first
	 * @param history the history
	 * @param lock the lock, asked whether the database was migrated before
	 * @param failures describes failures
	 * @param listener told each status read
	 */
	public PlanReader(List<ResolvedMigration> migrations, MigrationHistory history, MigrationLock lock,
			ClickHouseFailures failures, MigrationListener listener) {
		this.migrations = migrations;
		this.history = history;
		this.lock = lock;
		this.failures = failures;
		this.listener = listener;
	}

	/**
	 * Reads the plan: one query once the history exists.
	 * @return the plan
	 * @throws PillarException when the history cannot be read, or was dropped
	 */
	public MigrationPlan read() {
		try {
			if (this.historyReady) {
				return new MigrationPlan(this.migrations, this.history.read());
			}
			// read first and create only when missing: an up-to-date start costs one
			// query
			Optional<List<MigrationEvent>> existing = this.history.readIfPresent();
			if (existing.isEmpty() && this.lock.existsInDatabase()) {
				// every migrator creates the history before the lock table, so read
				// again: another may have just
				// created both
				existing = this.history.readIfPresent();
				if (existing.isEmpty()) {
					throw this.failures.historyMissing();
				}
			}
			if (existing.isEmpty()) {
				this.history.createIfMissing();
			}
			this.historyReady = true;
			return new MigrationPlan(this.migrations, existing.orElse(List.of()));
		}
		catch (DataAccessException ex) {
			throw this.failures.historyUnreadable(ex);
		}
	}

	/**
	 * Reads the status, and tells the listener.
	 * @return the status
	 */
	public MigrationStatus status() {
		return report(read());
	}

	/**
	 * Tells the listener the status of a plan already read.
	 * @param plan the plan
	 * @return its status
	 */
	public MigrationStatus report(MigrationPlan plan) {
		MigrationStatus status = plan.status();
		this.listener.status(status);
		return status;
	}

	/**
	 * Makes sure the history exists, before the lock table: a lock table without a
	 * history is a dropped one.
	 */
	void prepare() {
		if (!this.historyReady) {
			read();
		}
	}

}
