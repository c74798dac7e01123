package dev.pillar.clickhouse.migration;

import java.util.List;

/**
 * One schema change: the statements that apply it and, optionally, those that undo it.
 * Implementations are annotated with {@link ClickHouseMigration}. Statements may be built
 * in code (a loop over shards, say); they run one by one, in order, each as a single
 * ClickHouse query.
 */
public interface Migration {

	/**
	 * The statements that apply this migration, run in order.
	 * @return one statement or more
	 */
	List<String> up();

	/**
	 * The statements that undo this migration, run in order on rollback. An empty list
	 * (the default) means the migration cannot be rolled back: a rollback that reaches it
	 * runs nothing and fails.
	 * @return the statements, or an empty list
	 */
	default List<String> down() {
		return List.of();
	}

}
