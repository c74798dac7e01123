package dev.pillar.clickhouse.migration;

import java.util.function.Supplier;

/**
 * Keeps several migrators (threads, processes, hosts) from changing the schema at once. The algorithm lives in
 * {@link PillarMigrator}; this is the storage-side primitive, in the manner of ShedLock's lock providers.
 */
public interface MigrationLock {

	/**
	 * Runs an action while holding the lock, waiting for it if another holder has it.
	 * @param <T> the result type
	 * @param action the action
	 * @return the action's result
	 * @throws PillarException when the lock cannot be had in time
	 */
	<T> T withLock(Supplier<T> action);

}
