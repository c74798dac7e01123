package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.Nullable;

/**
 * A statement of a migration was refused by ClickHouse. Says which migration, which
 * statement and ClickHouse's own message; the history records the failure with the number
 * of statements that ran.
 */
public class MigrationFailedException extends PillarException {

	private final long version;

	private final String migrationName;

	private final MigrationDirection direction;

	private final int statementNumber;

	private final int statementCount;

	private final String statement;

	private final String clickHouseMessage;

	/**
	 * Creates the exception.
	 * @param migration the migration
	 * @param direction which way it ran
	 * @param statementNumber the number (from 1) of the refused statement
	 * @param clickHouseMessage ClickHouse's own message
	 * @param cause the failure
	 * @param recorded whether the history could record the failure
	 * @param mayHaveRun whether the statement itself may have run: its answer was lost,
	 * and the server's record cannot tell
	 */
	public MigrationFailedException(ResolvedMigration migration, MigrationDirection direction, int statementNumber,
			String clickHouseMessage, @Nullable Throwable cause, boolean recorded, boolean mayHaveRun) {
		this(migration, direction, statementNumber, migration.statements(direction).size(),
				migration.statements(direction).get(statementNumber - 1), clickHouseMessage, cause, recorded,
				mayHaveRun);
	}

	/**
	 * Creates the exception, for a migration whose statements are known only as it runs
	 * ({@link JdbcMigration}).
	 * @param migration the migration
	 * @param direction which way it ran
	 * @param statementNumber the number (from 1) of the refused statement
	 * @param statementCount how many statements it ran, the refused one included
	 * @param statement the refused statement, or where its code failed
	 * @param clickHouseMessage ClickHouse's own message (or the code's)
	 * @param cause the failure
	 * @param recorded whether the history could record the failure
	 * @param mayHaveRun whether the statement itself may have run: its answer was lost,
	 * and the server's record cannot tell
	 */
	public MigrationFailedException(ResolvedMigration migration, MigrationDirection direction, int statementNumber,
			int statementCount, String statement, String clickHouseMessage, @Nullable Throwable cause, boolean recorded,
			boolean mayHaveRun) {
		super(message(migration, direction, statementNumber, statementCount, statement, clickHouseMessage),
				ran(statementNumber, mayHaveRun)
						+ (recorded ? recordedAction(migration, statementNumber) : unrecordedAction(direction)),
				cause);
		this.version = migration.version();
		this.migrationName = migration.name();
		this.direction = direction;
		this.statementNumber = statementNumber;
		this.statementCount = statementCount;
		this.statement = statement;
		this.clickHouseMessage = clickHouseMessage;
	}

	private static String message(ResolvedMigration migration, MigrationDirection direction, int number, int count,
			String statement, String clickHouseMessage) {
		return "Migration " + migration.describe() + " failed at " + direction.label() + " statement " + number + " of "
				+ count + ": " + clickHouseMessage + "\n  Statement: " + statement;
	}

	private static String ran(int number, boolean mayHaveRun) {
		String before = (number > 2)
				? "Statements 1 to " + (number - 1)
						+ " ran and their effect stays: ClickHouse has no transactional DDL."
				: (number == 2) ? "Statement 1 ran and its effect stays: ClickHouse has no transactional DDL."
						: mayHaveRun ? "No statement before it ran." : "No statement of it ran.";
		return mayHaveRun ? before + " Statement " + number + " itself may have run: its answer was lost, and the "
				+ "server's record cannot tell (see above); check whether it did, and if so resume from statement "
				+ (number + 1) + " instead." : before;
	}

	private static String recordedAction(ResolvedMigration migration, int number) {
		String resume = migration.resumeFrom(number);
		return " The history records the failure. Fix the cause, then " + resume
				+ ", or undo what ran by hand and repair the history.";
	}

	private static String unrecordedAction(MigrationDirection direction) {
		return " The history could NOT record the failure (ClickHouse stayed unreachable), so it does not know this "
				+ direction.label() + " was attempted. Pillar's own lock is left to run out instead of released, so "
				+ "the next instance finds this run unfinished and completes it from the server's record, or "
				+ "records it as interrupted; with a lock of your own, the next "
				+ ((direction == MigrationDirection.UP) ? "migrate" : "rollback")
				+ " runs it again from statement 1. Undo what ran by hand, or make the statements re-runnable, "
				+ "before going on.";
	}

	/**
	 * @return the migration's version
	 */
	public long version() {
		return this.version;
	}

	/**
	 * @return the migration's name
	 */
	public String migrationName() {
		return this.migrationName;
	}

	/**
	 * @return which way it ran
	 */
	public MigrationDirection direction() {
		return this.direction;
	}

	/**
	 * @return the number (from 1) of the statement that failed
	 */
	public int statementNumber() {
		return this.statementNumber;
	}

	/**
	 * @return how many statements the direction has (for a {@link JdbcMigration}, how
	 * many it ran)
	 */
	public int statementCount() {
		return this.statementCount;
	}

	/**
	 * @return the statement that failed
	 */
	public String statement() {
		return this.statement;
	}

	/**
	 * @return ClickHouse's own message
	 */
	public String clickHouseMessage() {
		return this.clickHouseMessage;
	}

}
