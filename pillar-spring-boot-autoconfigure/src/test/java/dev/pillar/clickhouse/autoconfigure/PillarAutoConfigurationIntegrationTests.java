package dev.pillar.clickhouse.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.migration.internal.ConnectionNames;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

@ClickHouseTest
class PillarAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class));

	@Test
	void backsOffWhenDisabled(TestDatabase db) {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PillarMigrator.class));
		assertThat(db.tableExists("pillar_migrations")).isFalse();
	}

	@Test
	void migratesOnStartupFromTheUrl(TestDatabase db) {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(PillarMigrator.class)
					.hasSingleBean(PillarMigrationInitializer.class);
				assertThat(context.getBean(PillarMigrator.class).status().inState(MigrationState.APPLIED)).hasSize(2);
			});
		assertThat(db.tableExists("things")).isTrue();
		assertThat(db.tableExists("other_things")).isTrue();
	}

	@Test
	void migratesBeforeBeansThatDependOnDatabaseInitialization(TestDatabase db) {
		this.runner.withUserConfiguration(ReaderConfiguration.class, Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(ThingsReader.class)
				.extracting((reader) -> reader.tableExisted)
				.isEqualTo(true));
	}

	@Test
	void leavesMigrationToTheUserWhenMigrateOnStartupIsOff(TestDatabase db) {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(PillarMigrator.class)
					.doesNotHaveBean(PillarMigrationInitializer.class);
				assertThat(context.getBean(PillarMigrator.class).status().pendingCount()).isEqualTo(2);
			});
		assertThat(db.tableExists("things")).isFalse();
	}

	@Test
	void usesTheQualifiedDataSourceAndLeavesThePrimaryAlone(TestDatabase db) {
		this.runner.withUserConfiguration(TwoDataSources.class, Migrations.class)
			.withPropertyValues("test.clickhouse-url=" + db.jdbcUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(PillarMigrator.class);
				assertThat(context.getBean(DataSource.class)).isSameAs(context.getBean("primary"));
			});
		assertThat(db.tableExists("things")).isTrue();
	}

	@Test
	void migratesTheApplicationsClickHouseDataSource(TestDatabase db) {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withUserConfiguration(Migrations.class)
			.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(),
					"spring.datasource.type=" + SimpleDriverDataSource.class.getName())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(PillarMigrator.class);
				assertThat(context.getBean(PillarMigrator.class).configuration().getJdbc().getDataSource())
					.isSameAs(context.getBean(DataSource.class));
			});
		assertThat(db.tableExists("things")).isTrue();
		assertThat(db.tableExists("other_things")).isTrue();
	}

	@Test
	void aClickHouseDataSourceWithoutMigrationsStillGetsAMigrator(TestDatabase db) {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + db.jdbcUrl(),
					"spring.datasource.type=" + SimpleDriverDataSource.class.getName())
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PillarMigrator.class)
				.satisfies((migrator) -> assertThat(migrator.status().migrations()).isEmpty()));
	}

	@Test
	void theDatabasePropertyWinsOverTheDatabaseInTheUrl(TestDatabase db) {
		// the driver prefers a database in the URL to its database property: Pillar
		// rewrites the URL
		String defaultDatabase = db.server().jdbcUrl("default");
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + defaultDatabase, "pillar.clickhouse.database=" + db.name())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PillarMigrator.class)
					.configuration()
					.getJdbc()
					.queryForObject("SELECT currentDatabase()", String.class)).isEqualTo(db.name());
			});
		assertThat(db.tableExists("things")).isTrue();
		assertThat(db.tableExists("pillar_migrations")).isTrue();
		assertThat(db.server().query("EXISTS TABLE default.pillar_migrations").trim()).isEqualTo("0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "-my-db", " 5% off" })
	void aDatabaseWhoseNameAUrlMustEncodeIsTheOneMigrated(String suffix, TestDatabase db) {
		// the name written into the URL is URL-encoded: the driver decodes the path
		String name = db.name() + suffix;
		db.server().query("CREATE DATABASE `" + name + "`");
		try {
			this.runner.withUserConfiguration(Migrations.class)
				.withPropertyValues("pillar.clickhouse.url=" + db.server().jdbcUrl("default"),
						"pillar.clickhouse.database=" + name)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(PillarMigrator.class)
						.configuration()
						.getJdbc()
						.queryForObject("SELECT currentDatabase()", String.class)).isEqualTo(name);
				});
			assertThat(db.server().query("EXISTS TABLE `" + name + "`.things").trim()).isEqualTo("1");
			assertThat(db.server().query("SELECT count() FROM `" + name + "`.pillar_migrations").trim()).isEqualTo("2");
		}
		finally {
			db.server().query("DROP DATABASE IF EXISTS `" + name + "`");
		}
	}

	@Test
	void aMigrationStrategyReplacesWhatStartupDoes(TestDatabase db) {
		List<Integer> pendingSeen = new ArrayList<>();
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.withBean(PillarMigrationStrategy.class,
					() -> (migrator) -> pendingSeen.add(migrator.status().pendingCount()))
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(pendingSeen).containsExactly(2);
		assertThat(db.tableExists("things")).isFalse();
	}

	@Test
	void aMigrationStrategyCanBaselineThenMigrate(TestDatabase db) {
		db.query("CREATE TABLE things (id UInt64) ENGINE = MergeTree ORDER BY id");
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.withBean(PillarMigrationStrategy.class, () -> (migrator) -> {
				migrator.baseline(migrator.migrations().get(0).version());
				migrator.migrate();
			})
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence")).isEqualTo("baseline\napplied\n");
		assertThat(db.tableExists("other_things")).isTrue();
	}

	@Test
	void startupRecordsTheProcessAndTheClickHouseUser(TestDatabase db) {
		this.runner.withUserConfiguration(Migrations.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.username=default")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(db.query("SELECT DISTINCT installed_by FROM pillar_migrations"))
			.isEqualTo(ConnectionNames.processUser() + " (ClickHouse user default)\n");
	}

	@Test
	void startupFailsNamingTheMigrationAndStatement(TestDatabase db) {
		this.runner.withUserConfiguration(Migrations.class, BrokenMigration.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (!(failure instanceof MigrationFailedException) && failure.getCause() != null) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(MigrationFailedException.class)
					.hasMessageContaining("Migration 20250103000000 (broken) failed at up statement 1 of 1")
					.hasMessageContaining("Code: 62");
			});
		assertThat(db.query("SELECT event FROM pillar_migrations WHERE version = 20250103000000"))
			.isEqualTo("failed\n");
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ CreateThings.class, CreateOtherThings.class })
	static class Migrations {

	}

	@Configuration(proxyBeanMethods = false)
	@Import(BrokenMigration.Broken.class)
	static class BrokenMigration {

		@ClickHouseMigration(version = 20250103000000L, name = "broken")
		static class Broken implements Migration {

			@Override
			public List<String> up() {
				return List.of("CREATE TABLE broken (id UInt64) ENGINE = MergeTree() ORDR BY id");
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSources {

		@Bean
		DataSource primary() {
			return new DriverManagerDataSource("jdbc:unused://nowhere");
		}

		@Bean(defaultCandidate = false)
		@PillarDataSource
		DataSource clickHouse(org.springframework.core.env.Environment environment) {
			return new DriverManagerDataSource(environment.getRequiredProperty("test.clickhouse-url"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReaderConfiguration {

		@Bean
		@DependsOnDatabaseInitialization
		ThingsReader thingsReader(PillarProperties properties) {
			return new ThingsReader(properties.getUrl());
		}

	}

	/**
	 * Reads the migrated table as soon as it is created, as an application's repository
	 * would.
	 */
	static class ThingsReader implements InitializingBean {

		private final String url;

		boolean tableExisted;

		ThingsReader(String url) {
			this.url = url;
		}

		@Override
		public void afterPropertiesSet() {
			Integer exists = new org.springframework.jdbc.core.JdbcTemplate(new DriverManagerDataSource(this.url))
				.queryForObject("EXISTS TABLE things", Integer.class);
			this.tableExisted = exists != null && exists == 1;
		}

	}

}
