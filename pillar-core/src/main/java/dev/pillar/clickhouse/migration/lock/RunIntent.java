package dev.pillar.clickhouse.migration.lock;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationDirection;

/**
 * What a lock holder is about to run, kept with the lock so that whoever takes the lock
 * over after the holder died can tell which migration it left unfinished.
 *
 * @param direction which way it runs them
 * @param versions the migrations, in the order it runs them
 * @param afterSequence the history's newest sequence number when it started: every
 * history row it writes is newer
 */
public record RunIntent(MigrationDirection direction, List<Long> versions, long afterSequence) {

	public RunIntent {
		versions = List.copyOf(versions);
	}

}
