package dev.pillar.clickhouse.autoconfigure.metrics;

import dev.pillar.clickhouse.autoconfigure.PillarAutoConfiguration;
import dev.pillar.clickhouse.metrics.PillarMeterFilter;
import dev.pillar.clickhouse.metrics.PillarMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration for {@link PillarMetrics}: registered before the migrator is
 * created, so the startup run is counted.
 */
@AutoConfiguration(before = PillarAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class PillarMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PillarMetrics pillarMetrics(MeterRegistry registry) {
		return new PillarMetrics(registry);
	}

	// Spring Boot applies MeterFilter beans to the registries it configures
	@Bean
	@ConditionalOnMissingBean
	static PillarMeterFilter pillarMeterFilter() {
		return new PillarMeterFilter();
	}

}
