package dev.pillar.clickhouse.autoconfigure;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;

/**
 * A {@link DatabaseInitializerDetector} for {@link PillarMigrationInitializer}, so that
 * beans which depend on database initialization wait for the migrations.
 */
public final class PillarMigrationInitializerDatabaseInitializerDetector
		extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		return Set.of(PillarMigrationInitializer.class);
	}

}
