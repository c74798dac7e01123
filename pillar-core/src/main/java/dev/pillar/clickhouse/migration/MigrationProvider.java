package dev.pillar.clickhouse.migration;

import java.util.List;

/**
 * Supplies migrations built in code, without a class each: one migration a shard
 * generated in a loop, say. With Spring Boot, declare it as a bean: its migrations join
 * the {@link Migration} beans and the SQL files, in one version order. Build them with
 * {@link ResolvedMigration#of}.
 */
@FunctionalInterface
public interface MigrationProvider {

	/**
	 * The migrations to add.
	 * @return the migrations, in any order
	 */
	List<? extends Migration> migrations();

}
