package dev.pillar.clickhouse.autoconfigure.endpoint;

import dev.pillar.clickhouse.autoconfigure.PillarAutoConfiguration;
import dev.pillar.clickhouse.endpoint.PillarEndpoint;
import dev.pillar.clickhouse.migration.PillarMigrator;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for the {@link PillarEndpoint}.
 */
@AutoConfiguration(after = PillarAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(PillarMigrator.class)
@ConditionalOnAvailableEndpoint(PillarEndpoint.class)
public final class PillarEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PillarEndpoint pillarEndpoint(PillarMigrator migrator) {
		return new PillarEndpoint(migrator);
	}

}
