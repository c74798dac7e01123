package dev.pillar.clickhouse.migration;

import java.util.List;

/**
 * Supplies migrations built in code, without a class each: one migration a shard
 * generated in a loop, say. With Spring Boot, declare it as a bean: its migrations join
 * the {@link Migration} beans and the SQL files, in one version order. Build them with
 * {@link #migration(long, String, List, List)}.
 */
@FunctionalInterface
public interface MigrationProvider {

	/** What the status shows as the {@code source} of a migration built here. */
	String SOURCE = "a MigrationProvider";

	/**
	 * The migrations to add.
	 * @return the migrations, in any order
	 */
	List<? extends Migration> migrations();

	/**
	 * A migration built in code.
	 * @param version its {@code yyyyMMddHHmmss} version
	 * @param name its name
	 * @param up the statements that apply it, run in order
	 * @param down the statements that undo it, run in order; empty when it cannot be
	 * rolled back
	 * @return the migration
	 */
	static Migration migration(long version, String name, List<String> up, List<String> down) {
		return ResolvedMigration.of(version, name, up, down, SOURCE);
	}

}
