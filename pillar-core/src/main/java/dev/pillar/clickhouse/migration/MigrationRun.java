package dev.pillar.clickhouse.migration;

/**
 * A migration that ran in one direction.
 *
 * @param version the version
 * @param name the name
 * @param direction which way it ran
 * @param statements how many statements ran
 * @param executionMillis how long they took
 */
public record MigrationRun(long version, String name, MigrationDirection direction, int statements,
		long executionMillis) {

}
