package dev.pillar.clickhouse.migration.lock;

import java.util.function.Function;
import java.util.function.Supplier;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;

/**
 * Keeps several migrators (threads, processes, hosts) from changing the schema at once:
 * the contract that a {@link PillarMigrator} takes its lock through. Each implementation
 * holds its own algorithm and storage, in the manner of ShedLock's lock providers; the
 * default one, a lease kept in a ClickHouse table, is
 * {@code dev.pillar.clickhouse.migration.internal.ClickHouseMigrationLock}, whose javadoc
 * describes the algorithm.
 * <p>
 * An implementation must: run the action only while no other holder runs one (also across
 * JVMs and hosts); wait for another holder up to a timeout and then fail with a
 * {@link PillarException}; keep the lock for as long as the action runs, however long;
 * let it go when the action ends, normally or not; and let it go by itself, after a
 * lease, when its holder dies without releasing it. A lock may also keep what its holder
 * runs ({@link LockHold}): then a migration interrupted by its holder's death is known as
 * such, instead of looking pending.
 */
public interface MigrationLock {

	/**
	 * Runs an action while holding the lock, waiting for it if another holder has it.
	 * @param <T> the result type
	 * @param action the action
	 * @return the action's result
	 * @throws PillarException when the lock cannot be had in time
	 */
	default <T> T withLock(Supplier<T> action) {
		return withLock((hold) -> action.get());
	}

	/**
	 * Runs an action while holding the lock, waiting for it if another holder has it, and
	 * hands it the hold: what earlier holders left unfinished, and where to keep what
	 * this one runs.
	 * @param <T> the result type
	 * @param action the action
	 * @return the action's result
	 * @throws PillarException when the lock cannot be had in time
	 */
	<T> T withLock(Function<LockHold, T> action);

	/**
	 * Whether this lock left its storage in the database, that is whether a migrator ever
	 * ran there. The migrator asks when the history table is missing: a lock without a
	 * history means the history was dropped, not that the database is new. A lock that
	 * keeps nothing in the database answers {@code false}.
	 * @return whether the lock's storage exists
	 */
	default boolean existsInDatabase() {
		return false;
	}

}
