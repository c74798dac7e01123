package dev.pillar.clickhouse.migration;

import java.util.List;

/**
 * The statement this migrator runs now, and the mutations it waits for: what
 * {@link PillarMigrator#running()} shows while an operation runs, without waiting for it.
 *
 * @param version the migration's version
 * @param migrationName the migration's name
 * @param direction which way it runs
 * @param statementNumber the statement's number, from 1
 * @param statementCount how many statements the direction has
 * @param mutations the mutations the statement started that are not done yet; empty while
 * the statement itself runs
 */
public record RunningStatement(long version, String migrationName, MigrationDirection direction, int statementNumber,
		int statementCount, List<MutationProgress> mutations) {

	/**
	 * The same statement, now waiting for mutations.
	 * @param mutations the mutations not done yet
	 * @return the statement with those mutations
	 */
	public RunningStatement waitingFor(List<MutationProgress> mutations) {
		return new RunningStatement(this.version, this.migrationName, this.direction, this.statementNumber,
				this.statementCount, List.copyOf(mutations));
	}

}
