package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.autoconfigure.health.PillarHealthAutoConfiguration;
import dev.pillar.clickhouse.autoconfigure.metrics.PillarMetricsAutoConfiguration;
import dev.pillar.clickhouse.health.PillarHealthIndicator;
import dev.pillar.clickhouse.metrics.PillarMeterFilter;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Meters and health read after real runs against the real server.
 */
@ClickHouseTest
class PillarOperationsAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class, PillarMetricsAutoConfiguration.class,
				PillarHealthAutoConfiguration.class))
		.withUserConfiguration(Meters.class, Migrations.class);

	@Test
	void metersCountTimeAndGaugeWhatRan(TestDatabase db) {
		this.runner.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl()).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get("pillar.migrations.applied").counter().count()).isEqualTo(2);
			assertThat(meters.get("pillar.migrations.pending").gauge().value()).isZero();
			assertThat(meters.get("pillar.startup").timer().count()).isEqualTo(1);
			// one series per direction and outcome, not per migration
			Timer up = meters.get("pillar.migration").tags("direction", "up", "outcome", "success").timer();
			assertThat(up.count()).isEqualTo(2);
			assertThat(meters.find("pillar.migration").tagKeys("version").meters()).isEmpty();
			assertThat(meters.find("pillar.migration").tagKeys("name").meters()).isEmpty();
			assertThat(meters.get("pillar.statements").tags("direction", "up").counter().count()).isEqualTo(2);
			assertThat(meters.getMeters()).filteredOn((meter) -> meter.getId().getName().startsWith("pillar."))
				.isNotEmpty()
				.allSatisfy(
						(meter) -> assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank());

			PillarMigrator migrator = context.getBean(PillarMigrator.class);
			migrator.rollback(1);
			assertThat(meters.get("pillar.migrations.rolled.back").counter().count()).isEqualTo(1);
			assertThat(meters.get("pillar.migrations.pending").gauge().value()).isEqualTo(1);
			assertThat(meters.get("pillar.migration").tags("direction", "down", "outcome", "success").timer().count())
				.isEqualTo(1);

			db.query("CREATE TABLE other_things (id UInt64) ENGINE = MergeTree ORDER BY id");
			assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate);
			assertThat(meters.get("pillar.migrations.failed").counter().count()).isEqualTo(1);
			assertThat(meters.get("pillar.migration").tags("outcome", "failure").timer().count()).isEqualTo(1);
		});
	}

	@Test
	void healthIsUpWhenCurrentAndDownWhenAMigrationFailed(TestDatabase db) {
		this.runner.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl()).run((context) -> {
			PillarHealthIndicator health = context.getBean(PillarHealthIndicator.class);
			Health up = health.health(true);
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("currentVersion", 20250102000000L)
				.containsEntry("pendingCount", 0);

			PillarMigrator migrator = context.getBean(PillarMigrator.class);
			migrator.rollback(1);
			db.query("CREATE TABLE other_things (id UInt64) ENGINE = MergeTree ORDER BY id");
			assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate);
			Health down = health.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("failedVersion", 20250102000000L);
			assertThat((String) down.getDetails().get("error")).contains("Code: 57");
		});
	}

	@Test
	void healthIsOutOfServiceWhilePendingWithoutStartupMigration(TestDatabase db) {
		this.runner
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> {
				Health health = context.getBean(PillarHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(health.getDetails()).containsEntry("pendingCount", 2)
					.containsEntry("currentVersion", "none");
			});
		this.runner
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.migrate-on-startup=false",
					"pillar.clickhouse.health.pending-status=UP")
			.run((context) -> assertThat(context.getBean(PillarHealthIndicator.class).health(false).getStatus())
				.isEqualTo(Status.UP));
	}

	@Test
	void healthIsDownWhenTheHistoryCannotBeRead() {
		this.runner
			.withPropertyValues("pillar.clickhouse.url=jdbc:clickhouse://127.0.0.1:1/default",
					"pillar.clickhouse.migrate-on-startup=false", "pillar.clickhouse.connect-timeout=2s")
			.run((context) -> {
				Health health = context.getBean(PillarHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat((String) health.getDetails().get("error")).contains("Cannot read the migration history");
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			// as Spring Boot applies MeterFilter beans to the registries it makes
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			registry.config().meterFilter(new PillarMeterFilter());
			return registry;
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meters) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ CreateThings.class, CreateOtherThings.class })
	static class Migrations {

	}

}
