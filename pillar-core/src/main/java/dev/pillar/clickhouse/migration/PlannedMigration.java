package dev.pillar.clickhouse.migration;

import java.util.List;

/**
 * A migration an operation would run, with the exact statements: what a dry run answers.
 *
 * @param version the version
 * @param name the name
 * @param direction which way it would run
 * @param statements the statements, in order; none for a {@link JdbcMigration}
 * @param statementsKnown whether the statements are known in advance: {@code false} for a
 * {@link JdbcMigration}, whose code decides them while it runs
 */
public record PlannedMigration(long version, String name, MigrationDirection direction, List<String> statements,
		boolean statementsKnown) {

	static PlannedMigration of(ResolvedMigration migration, MigrationDirection direction, int from) {
		List<String> statements = migration.statements(direction);
		return new PlannedMigration(migration.version(), migration.name(), direction,
				statements.subList(from, statements.size()), migration.script().statementsKnown());
	}

	/**
	 * The same plan as it may be shown: its statements' secrets masked.
	 * @param redactor the redactor
	 * @return the plan, masked
	 */
	PlannedMigration redacted(SecretRedactor redactor) {
		return new PlannedMigration(this.version, this.name, this.direction, redactor.redact(this.statements),
				this.statementsKnown);
	}

}
