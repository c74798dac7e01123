package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.Nullable;

/**
 * A statement of a migration was refused by ClickHouse. Says which migration, which statement and ClickHouse's own
 * message; the history records the failure with the number of statements that ran.
 */
public class MigrationFailedException extends PillarException {

	private final long version;

	private final String migrationName;

	private final MigrationDirection direction;

	private final int statementNumber;

	private final int statementCount;

	private final String statement;

	private final String clickHouseMessage;

	MigrationFailedException(ResolvedMigration migration, MigrationDirection direction, int statementNumber,
			String clickHouseMessage, @Nullable Throwable cause) {
		super(message(migration, direction, statementNumber, clickHouseMessage),
				action(direction, statementNumber), cause);
		this.version = migration.version();
		this.migrationName = migration.name();
		this.direction = direction;
		this.statementNumber = statementNumber;
		this.statementCount = migration.statements(direction).size();
		this.statement = migration.statements(direction).get(statementNumber - 1);
		this.clickHouseMessage = clickHouseMessage;
	}

	private static String message(ResolvedMigration migration, MigrationDirection direction, int number,
			String clickHouseMessage) {
		String statement = migration.statements(direction).get(number - 1);
		return "Migration " + migration.describe() + " failed at " + direction.label() + " statement " + number
				+ " of " + migration.statements(direction).size() + ": " + clickHouseMessage + "\n  Statement: "
				+ statement;
	}

	private static String action(MigrationDirection direction, int number) {
		String ran = (number == 1) ? "No statement of it ran."
				: "Statements 1 to " + (number - 1) + " ran and their effect stays: ClickHouse has no transactional DDL.";
		return ran + " The history records the failure. Fix the cause, then resume from statement " + number
				+ ", or undo what ran by hand and repair the history.";
	}

	/** @return the migration's version */
	public long version() {
		return this.version;
	}

	/** @return the migration's name */
	public String migrationName() {
		return this.migrationName;
	}

	/** @return which way it ran */
	public MigrationDirection direction() {
		return this.direction;
	}

	/** @return the number (from 1) of the statement that failed */
	public int statementNumber() {
		return this.statementNumber;
	}

	/** @return how many statements the direction has */
	public int statementCount() {
		return this.statementCount;
	}

	/** @return the statement that failed */
	public String statement() {
		return this.statement;
	}

	/** @return ClickHouse's own message */
	public String clickHouseMessage() {
		return this.clickHouseMessage;
	}

}
