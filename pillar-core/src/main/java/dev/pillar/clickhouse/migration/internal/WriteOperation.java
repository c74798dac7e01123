package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.lock.LockHold;

/**
 * An operation that changes the schema or the history, run by a
 * {@link LockedOperationRunner} under the lock.
 */
public interface WriteOperation {

	/**
	 * @return the operation's name, for the log
	 */
	String name();

	/**
	 * Runs the operation.
	 * @param plan the plan read under the lock
	 * @param hold the lock held: an operation that runs statements tells it what and how
	 * far
	 * @return what ran
	 */
	List<MigrationRun> apply(MigrationPlan plan, LockHold hold);

}
