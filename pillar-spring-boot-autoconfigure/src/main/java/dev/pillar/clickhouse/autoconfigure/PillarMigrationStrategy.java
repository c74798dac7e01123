package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarMigrator;

/**
 * What start-up does with the migrator, instead of applying pending migrations
 * ({@link PillarMigrator#migrate()}, which with
 * {@code pillar.clickhouse.baseline-version} baselines first when the history has no
 * row): validate only, say, or baseline then migrate. A bean of this type replaces the
 * default; it runs where the default would, before beans that depend on database
 * initialization.
 */
@FunctionalInterface
public interface PillarMigrationStrategy {

	/**
	 * Runs at start-up.
	 * @param migrator the migrator
	 */
	void migrate(PillarMigrator migrator);

}
