package dev.pillar.clickhouse.autoconfigure;

import javax.sql.DataSource;

import dev.pillar.clickhouse.autoconfigure.endpoint.PillarEndpointAutoConfiguration;
import dev.pillar.clickhouse.endpoint.PillarEndpoint;
import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.MigrationContext;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.migration.internal.ConnectionNames;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which ClickHouse the auto-configuration picks, when it backs off or fails, and what
 * reaches the configuration. Nothing here connects: migrate-on-startup is off and the
 * URLs lead nowhere.
 */
class PillarAutoConfigurationTests {

	private static final String NOWHERE = "pillar.clickhouse.url=jdbc:clickhouse://127.0.0.1:1/default";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class, PillarEndpointAutoConfiguration.class))
		.withUserConfiguration(CreateThings.class, CreateOtherThings.class)
		.withPropertyValues("pillar.clickhouse.migrate-on-startup=false",
				"management.endpoints.web.exposure.include=pillar");

	@Test
	void migrationsWithNoClickHouseFailTheStartupNamingTheProperties() {
		this.runner.run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(PillarConnectionMissingException.class)
				.hasMessage("Pillar has 2 ClickHouse migration(s) [CreateThings, CreateOtherThings] but no ClickHouse "
						+ "to run them against: there is no DataSource");
			FailureAnalysis analysis = new PillarConnectionMissingFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis.getAction()).contains("pillar.clickhouse.url", "spring.datasource.url",
					"@PillarDataSource", "@ServiceConnection", "pillar.clickhouse.enabled=false");
		});
	}

	@Test
	void migrationsWithAnotherDatabaseFailTheStartupWithoutItsSecrets() {
		this.runner
			.withBean(DataSource.class,
					() -> new DriverManagerDataSource("jdbc:postgresql://db:5432/app&password=s3cret"))
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(PillarConnectionMissingException.class)
				.hasMessageEndingWith("the application's DataSource is not ClickHouse "
						+ "(jdbc:postgresql://db:5432/app&password=******)"));
	}

	@Test
	void aJdbcMigrationBeanWithNoClickHouseFailsTheStartupNamingIt() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withBean(Backfill.class)
			.withPropertyValues("pillar.clickhouse.locations=classpath:none")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(PillarConnectionMissingException.class)
				.hasMessageContaining("1 ClickHouse migration(s) [Backfill]"));
	}

	@Test
	void sqlFileMigrationsWithNoClickHouseFailTheStartupNamingThem() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withPropertyValues("pillar.clickhouse.locations=classpath:boot-sql",
					"pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(PillarConnectionMissingException.class)
				.hasMessageContaining(
						"1 ClickHouse migration(s) [classpath:boot-sql/V20250201000000__create_sql_things" + ".sql]"));
	}

	@Test
	void aConfiguredClickHouseUrlSparesTheConditionItsSearchOfTheClasspath() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withPropertyValues("pillar.clickhouse.url=jdbc:clickhouse://localhost:8123/default",
					"pillar.clickhouse.locations=classpath:boot-sql", "pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> assertThat(ConditionEvaluationReport.get(context.getBeanFactory())
				.getConditionAndOutcomesBySource()
				.get(PillarAutoConfiguration.class.getName())
				.stream()
				.map((outcome) -> outcome.getOutcome().getMessage())
				.toList())
				.anySatisfy((message) -> assertThat(message)
					.contains("SQL-file migrations were not looked for, as a ClickHouse URL is configured")
					.doesNotContain("found SQL-file migration")));
	}

	@Test
	void backsOffWithNeitherMigrationsNorClickHouse() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:postgresql://db:5432/app"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PillarMigrator.class));
	}

	@Test
	void disabledLeavesMigrationsAlone() {
		this.runner.withPropertyValues("pillar.clickhouse.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PillarMigrator.class));
	}

	@Test
	void usesTheApplicationsClickHouseDataSource() {
		DataSource clickHouse = new DriverManagerDataSource("jdbc:ch://127.0.0.1:1/app", "reporter", "");
		this.runner.withBean(DataSource.class, () -> clickHouse)
			.run((context) -> assertThat(context.getBean(PillarMigrator.class).configuration()).satisfies((c) -> {
				assertThat(c.getJdbc().getDataSource()).isSameAs(clickHouse);
				assertThat(c.getDatabaseUser()).isEqualTo("reporter");
			}));
	}

	@Test
	void aServiceConnectionWinsOverTheUrl() {
		this.runner.withPropertyValues(NOWHERE)
			.withBean(PillarConnectionDetails.class, () -> () -> "jdbc:clickhouse://127.0.0.1:2/service")
			.run((context) -> assertThat(url(context.getBean(PillarMigrator.class)))
				.isEqualTo("jdbc:clickhouse://127.0.0.1:2/service"));
	}

	@Test
	void theDatabasePropertyReplacesTheUrlsDatabase() {
		this.runner.withPropertyValues(NOWHERE + "?compress=false", "pillar.clickhouse.database=analytics")
			.run((context) -> assertThat(url(context.getBean(PillarMigrator.class)))
				.isEqualTo("jdbc:clickhouse://127.0.0.1:1/analytics?compress=false"));
	}

	@Test
	void customizersChangeTheConfigurationInOrder() {
		this.runner.withPropertyValues(NOWHERE, "pillar.clickhouse.table=from_properties")
			.withUserConfiguration(Customizers.class)
			.run((context) -> assertThat(context.getBean(PillarMigrator.class).configuration()).satisfies((c) -> {
				assertThat(c.getTable()).isEqualTo("from_properties_first_second");
				assertThat(c.isOutOfOrder()).isTrue();
			}));
	}

	private static String url(PillarMigrator migrator) {
		return ((DriverManagerDataSource) migrator.configuration().getJdbc().getDataSource()).getUrl();
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
	void installedByIsAProperty() {
		this.runner.withPropertyValues(NOWHERE, "pillar.clickhouse.installed-by=release-pipeline")
			.run((context) -> assertThat(context.getBean(PillarMigrator.class).configuration().getInstalledBy())
				.isEqualTo("release-pipeline"));
	}

	@Test
	void propertiesReachTheMigratorsConfiguration() {
		this.runner
			.withPropertyValues(NOWHERE, "pillar.clickhouse.table=schema_history",
					"pillar.clickhouse.username=migrator", "pillar.clickhouse.lock.lease=15s",
					"pillar.clickhouse.retry.attempts=3", "pillar.clickhouse.cluster=pillar",
					"pillar.clickhouse.insert-quorum=3")
			.run((context) -> assertThat(context.getBean(PillarMigrator.class).configuration()).satisfies((c) -> {
				assertThat(c.getTable()).isEqualTo("schema_history");
				assertThat(c.getLockTable()).isEqualTo("schema_history_lock");
				assertThat(c.getDatabaseUser()).isEqualTo("migrator");
				assertThat(c.getInstalledBy()).isEqualTo(ConnectionNames.processUser());
				assertThat(c.getLockLease()).hasSeconds(15);
				assertThat(c.getRetryAttempts()).isEqualTo(3);
				assertThat(c.getCluster()).isEqualTo("pillar");
				assertThat(c.getInsertQuorum()).isEqualTo(3);
			}));
	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		@Bean
		@Order(2)
		PillarConfigurationCustomizer second() {
			return (configuration) -> configuration.table(configuration.getTable() + "_second");
		}

		@Bean
		@Order(1)
		PillarConfigurationCustomizer first() {
			return (configuration) -> configuration.table(configuration.getTable() + "_first").outOfOrder(true);
		}

	}

	@ClickHouseMigration(version = 20250301000000L)
	static class Backfill implements JdbcMigration {

		@Override
		public void up(MigrationContext context) {
		}

	}

}
