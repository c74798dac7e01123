package dev.pillar.clickhouse.migration.lock;

import java.util.List;

import dev.pillar.clickhouse.migration.PillarException;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MigrationLock} holder can learn and leave while it holds the lock: the
 * runs of earlier holders that died holding it, and what it is running itself, for
 * whoever takes over should it die. A lock that keeps none of this uses {@link #NONE}:
 * the migrator then cannot tell an interrupted migration from a pending one.
 */
public interface LockHold {

	/** A hold that knows and keeps nothing, and is never lost. */
	LockHold NONE = new LockHold() {
	};

	/**
	 * What tells this holder's run apart from every other: the statements it sends carry
	 * it in their query ids, and an {@link AbandonedRun} names it, so that whoever takes
	 * over can look them up on the server.
	 * @return the run's id, or {@code null} when the lock keeps none
	 */
	default @Nullable String runId() {
		return null;
	}

	/**
	 * The runs of earlier holders that died holding the lock and that no holder dealt
	 * with yet, oldest first.
	 * @return those runs
	 */
	default List<AbandonedRun> abandoned() {
		return List.of();
	}

	/**
	 * Marks an abandoned run as dealt with: later holders are not told of it again.
	 * @param run the run
	 */
	default void settle(AbandonedRun run) {
	}

	/**
	 * Keeps what this holder is about to run with the lock, before it runs any of it.
	 * @param intent what it runs
	 */
	default void intend(RunIntent intent) {
	}

	/**
	 * Notes how far this holder got; the lock keeps it with its next renewal, so it is
	 * known as of then.
	 * @param version the migration running
	 * @param statement the statement of it about to run (1 for the first)
	 */
	default void progress(long version, int statement) {
	}

	/**
	 * Fails unless the lock is surely still this holder's: asked before every statement
	 * and every history row, so it must be a clock read, not a request. A hold that was
	 * lost once stays lost.
	 * @throws PillarException of {@link PillarException.Kind#LOCK_LOST} saying why the
	 * lock may no longer be this holder's
	 */
	default void ensureHeld() {
	}

}
