package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarMigrator;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Applies pending migrations while the context starts. Beans that depend on database
 * initialization (a {@code JdbcTemplate}, or any bean annotated
 * {@code @DependsOnDatabaseInitialization}) are created after it.
 */
public class PillarMigrationInitializer implements InitializingBean, Ordered {

	private final PillarMigrator migrator;

	private final ObservationRegistry observations;

	private final @Nullable PillarMigrationStrategy strategy;

	private int order;

	/**
	 * Creates an initializer.
	 * @param migrator the migrator to run
	 * @param observations where the whole startup run is observed (the
	 * {@code pillar.startup} timer)
	 * @param strategy what to run instead of the default
	 * ({@link PillarMigrator#migrate()}, which baselines first when the migrator has a
	 * baseline version and the history has no row), or {@code null}
	 */
	public PillarMigrationInitializer(PillarMigrator migrator, ObservationRegistry observations,
			@Nullable PillarMigrationStrategy strategy) {
		this.migrator = migrator;
		this.observations = observations;
		this.strategy = strategy;
	}

	@Override
	public void afterPropertiesSet() {
		Observation.createNotStarted("pillar.startup", this.observations).observe(() -> {
			if (this.strategy != null) {
				this.strategy.migrate(this.migrator);
				return;
			}
			this.migrator.migrate();
		});
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * Sets the order of this initializer among others.
	 * @param order the order
	 */
	public void setOrder(int order) {
		this.order = order;
	}

}
