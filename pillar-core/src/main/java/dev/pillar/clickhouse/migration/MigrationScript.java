package dev.pillar.clickhouse.migration;

import java.util.List;
import java.util.Map;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * How a {@link ResolvedMigration} runs: statements listed in advance, or code that
 * decides them while it runs. Each kind answers for itself what the engine needs to know
 * (its statements, whether it can be rolled back or resumed part-way) and runs itself
 * through a {@link Runner}, so that no caller asks which kind it is.
 */
public sealed interface MigrationScript permits MigrationScript.Listed, MigrationScript.Coded {

	/**
	 * The statements of one direction, as far as they are known before it runs.
	 * @param direction up or down
	 * @return the statements; none for code
	 */
	List<String> statements(MigrationDirection direction);

	/**
	 * @return whether its statements are known before it runs, so that a dry run lists
	 * them and a resume starts at the one that did not run; code runs again from its
	 * start
	 */
	boolean statementsKnown();

	/**
	 * @return whether it has a {@code down} and so can be rolled back
	 */
	boolean reversible();

	/**
	 * The same script with placeholders filled.
	 * @param values values for {@code {name}} placeholders
	 * @return the script
	 */
	MigrationScript withPlaceholders(Map<String, String> values);

	/**
	 * Runs one direction of it with what a runner does for each kind.
	 * @param <T> what the runner answers
	 * @param direction up or down
	 * @param runner runs listed statements, or code
	 * @return the runner's answer
	 */
	<T> T run(MigrationDirection direction, Runner<T> runner);

	/**
	 * What runs a script of either kind.
	 *
	 * @param <T> what it answers
	 */
	interface Runner<T> {

		/**
		 * Runs listed statements.
		 * @param statements the statements of the direction, in order
		 * @return the answer
		 */
		T statements(List<String> statements);

		/**
		 * Runs code.
		 * @param code the direction's code
		 * @return the answer
		 */
		T code(Code code);

	}

	/**
	 * One direction of a {@link JdbcMigration}.
	 */
	@FunctionalInterface
	interface Code {

		/**
		 * Runs it.
		 * @param context runs statements and reads the database
		 * @throws Exception when it cannot
		 */
		void run(MigrationContext context) throws Exception;

	}

	/**
	 * Statements listed in advance.
	 *
	 * @param up the statements that apply it
	 * @param down the statements that undo it; empty when it cannot be rolled back
	 */
	record Listed(List<String> up, List<String> down) implements MigrationScript {

		public Listed {
			up = List.copyOf(up);
			down = List.copyOf(down);
		}

		@Override
		public List<String> statements(MigrationDirection direction) {
			return (direction == MigrationDirection.UP) ? this.up : this.down;
		}

		@Override
		public boolean statementsKnown() {
			return true;
		}

		@Override
		public boolean reversible() {
			return !this.down.isEmpty();
		}

		@Override
		public MigrationScript withPlaceholders(Map<String, String> values) {
			return values.isEmpty() ? this : new Listed(fill(this.up, values), fill(this.down, values));
		}

		private static List<String> fill(List<String> statements, Map<String, String> values) {
			return statements.stream().map((statement) -> ResolvedMigration.fill(statement, values)).toList();
		}

		@Override
		public <T> T run(MigrationDirection direction, Runner<T> runner) {
			return runner.statements(statements(direction));
		}

	}

	/**
	 * A {@link JdbcMigration}'s code, which decides its statements while it runs.
	 *
	 * @param migration the migration
	 */
	record Coded(JdbcMigration migration) implements MigrationScript {

		@Override
		public List<String> statements(MigrationDirection direction) {
			return List.of();
		}

		@Override
		public boolean statementsKnown() {
			return false;
		}

		@Override
		public boolean reversible() {
			Class<?> declaring = ReflectionUtils
				.findMethod(ClassUtils.getUserClass(this.migration), "down", MigrationContext.class)
				.getDeclaringClass();
			return declaring != JdbcMigration.class;
		}

		@Override
		public MigrationScript withPlaceholders(Map<String, String> values) {
			// its context fills them in each statement it runs
			return this;
		}

		@Override
		public <T> T run(MigrationDirection direction, Runner<T> runner) {
			return runner.code((direction == MigrationDirection.UP) ? this.migration::up : this.migration::down);
		}

	}

}
