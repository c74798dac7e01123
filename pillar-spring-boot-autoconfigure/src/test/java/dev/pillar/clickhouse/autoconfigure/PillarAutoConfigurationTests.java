package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.autoconfigure.endpoint.PillarEndpointAutoConfiguration;
import dev.pillar.clickhouse.endpoint.PillarEndpoint;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the auto-configuration and the endpoint back off. Nothing here connects: migrate-on-startup is off and the
 * URL leads nowhere.
 */
class PillarAutoConfigurationTests {

	private static final String NOWHERE = "pillar.clickhouse.url=jdbc:clickhouse://127.0.0.1:1/default";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class, PillarEndpointAutoConfiguration.class))
		.withUserConfiguration(CreateThings.class, CreateOtherThings.class)
		.withPropertyValues("pillar.clickhouse.migrate-on-startup=false",
				"management.endpoints.web.exposure.include=pillar");

	@Test
	void backsOffWithoutUrlOrQualifiedDataSource() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(PillarMigrator.class)
			.doesNotHaveBean(PillarEndpoint.class));
	}

	@Test
	void buildsTheMigratorAndTheEndpointFromTheUrl() {
		this.runner.withPropertyValues(NOWHERE).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(PillarMigrator.class).hasSingleBean(PillarEndpoint.class);
			assertThat(context.getBean(PillarMigrator.class).migrations()).hasSize(2);
		});
	}

	@Test
	void endpointNeedsActuatorOnTheClasspath() {
		this.runner.withPropertyValues(NOWHERE)
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PillarMigrator.class)
				.doesNotHaveBean(PillarEndpoint.class));
	}

	@Test
	void propertiesReachTheMigratorsConfiguration() {
		this.runner.withPropertyValues(NOWHERE, "pillar.clickhouse.table=schema_history",
				"pillar.clickhouse.username=migrator", "pillar.clickhouse.lock.lease=15s",
				"pillar.clickhouse.retry.attempts=3", "pillar.clickhouse.cluster=pillar")
			.run((context) -> assertThat(context.getBean(PillarMigrator.class).configuration()).satisfies((c) -> {
				assertThat(c.getTable()).isEqualTo("schema_history");
				assertThat(c.getLockTable()).isEqualTo("schema_history_lock");
				assertThat(c.getInstalledBy()).isEqualTo("migrator");
				assertThat(c.getLockLease()).hasSeconds(15);
				assertThat(c.getRetryAttempts()).isEqualTo(3);
				assertThat(c.getCluster()).isEqualTo("pillar");
				assertThat(c.getConfirmedWrites()).isNotSameAs(c.getJdbc());
			}));
	}

}
