package dev.pillar.clickhouse.autoconfigure.health;

import dev.pillar.clickhouse.autoconfigure.PillarAutoConfiguration;
import dev.pillar.clickhouse.autoconfigure.PillarProperties;
import dev.pillar.clickhouse.health.PillarHealthIndicator;
import dev.pillar.clickhouse.migration.PillarMigrator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@link PillarHealthIndicator}, named {@code pillar}.
 */
@AutoConfiguration(after = PillarAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(PillarMigrator.class)
@ConditionalOnEnabledHealthIndicator("pillar")
public final class PillarHealthAutoConfiguration {

	@Bean(name = "pillarHealthIndicator")
	@ConditionalOnMissingBean(name = "pillarHealthIndicator")
	PillarHealthIndicator pillarHealthIndicator(PillarMigrator migrator, PillarProperties properties) {
		return new PillarHealthIndicator(migrator, properties.isMigrateOnStartup(),
				new Status(properties.getHealth().getPendingStatus()));
	}

}
