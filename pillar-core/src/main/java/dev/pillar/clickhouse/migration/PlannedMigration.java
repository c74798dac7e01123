package dev.pillar.clickhouse.migration;

import java.util.List;

/**
 * A migration an operation would run, with the exact statements: what a dry run answers.
 *
 * @param version the version
 * @param name the name
 * @param direction which way it would run
 * @param statements the statements, in order
 */
public record PlannedMigration(long version, String name, MigrationDirection direction, List<String> statements) {

	static PlannedMigration of(ResolvedMigration migration, MigrationDirection direction, int from) {
		List<String> statements = migration.statements(direction);
		return new PlannedMigration(migration.version(), migration.name(), direction,
				statements.subList(from, statements.size()));
	}

}
