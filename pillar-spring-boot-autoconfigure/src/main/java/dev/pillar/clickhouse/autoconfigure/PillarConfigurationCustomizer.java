package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarConfiguration;

/**
 * Changes the migrator's {@link PillarConfiguration} after the properties are applied and
 * before it is loaded. Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order order}.
 */
@FunctionalInterface
public interface PillarConfigurationCustomizer {

	/**
	 * Customizes the configuration.
	 * @param configuration the configuration, with the properties applied
	 */
	void customize(PillarConfiguration configuration);

}
