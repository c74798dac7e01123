package dev.pillar.clickhouse.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.MigrationContext;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationProvider;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the auto-configuration finds migrations besides Migration beans: SQL files under
 * {@code pillar.clickhouse.locations}, MigrationProvider beans, and JDBC migrations.
 */
@ClickHouseTest
class PillarMigrationSourcesIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class));

	@TempDir
	Path dir;

	@Test
	void readsSqlFilesFromTheLocationsBesideMigrationBeans(TestDatabase db) {
		this.runner.withBean(CreateThings.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(),
					"pillar.clickhouse.locations=classpath:boot-sql,filesystem:" + this.dir)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PillarMigrator.class).status().migrations())
					.extracting(MigrationInfo::source)
					.containsExactly(CreateThings.class.getName(),
							"classpath:boot-sql/V20250201000000__create_sql_things.sql");
				assertThat(context.getBean(PillarMigrator.class).rollback(1)).hasSize(1);
			});
		assertThat(db.tableExists("things")).isTrue();
		assertThat(db.tableExists("sql_things")).isFalse();
	}

	@Test
	void readsTheDefaultLocationOnlyWhenItExists(TestDatabase db) {
		this.runner.withBean(CreateThings.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PillarMigrator.class)
				.extracting((migrator) -> migrator.migrations().size())
				.isEqualTo(1));
	}

	@Test
	void refusesToStartOnAMisnamedFileNamingIt(TestDatabase db) throws IOException {
		Files.writeString(this.dir.resolve("V1__create_sql_things.sql"), "SELECT 1");
		this.runner
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(),
					"pillar.clickhouse.locations=filesystem:" + this.dir)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(PillarException.class)
				.hasMessageContaining("V1__create_sql_things.sql has version 1, which is not a yyyyMMddHHmmss"));
		assertThat(db.tableExists("pillar_migrations")).isFalse();
	}

	@Test
	void migrationProvidersJoinTheMigrationBeansInVersionOrder(TestDatabase db) {
		this.runner.withUserConfiguration(Providers.class)
			.withBean(CreateThings.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(PillarMigrator.class).status().migrations()).extracting(MigrationInfo::name)
					.containsExactly("create_things", "create_shard_0", "create_shard_1", "create_shard_2",
							"create_archive");
				assertThat(context.getBean(PillarMigrator.class).status().migrations().get(1).source())
					.isEqualTo(MigrationProvider.SOURCE);
			});
		assertThat(db.tableExists("shard_2")).isTrue();
		assertThat(db.tableExists("archive")).isTrue();
	}

	@Test
	void aJdbcMigrationBeanRunsWithTheDatabase(TestDatabase db) {
		this.runner.withBean(CreateThings.class)
			.withBean(CopyThings.class)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(db.query("SELECT count() FROM things_copy")).isEqualTo("0\n");
		assertThat(db.query("SELECT statements FROM pillar_migrations WHERE name = 'copy_things'")).isEqualTo("2\n");
	}

	@Configuration(proxyBeanMethods = false)
	static class Providers {

		@Bean
		@Order(2)
		MigrationProvider archive() {
			return () -> List.of(ResolvedMigration.of(20250301000000L, "create_archive",
					List.of("CREATE TABLE archive (id UInt64) ENGINE = MergeTree() ORDER BY id"), List.of(),
					"archive provider"));
		}

		@Bean
		@Order(1)
		MigrationProvider shards() {
			// one migration a shard, generated in a loop
			return () -> IntStream.range(0, 3)
				.mapToObj((shard) -> MigrationProvider.migration(20250201000000L + shard, "create_shard_" + shard,
						List.of("CREATE TABLE shard_" + shard + " (id UInt64) ENGINE = MergeTree() ORDER BY id"),
						List.of("DROP TABLE shard_" + shard)))
				.toList();
		}

	}

	@ClickHouseMigration(version = 20250301000000L, name = "copy_things")
	static class CopyThings implements JdbcMigration {

		@Override
		public void up(MigrationContext context) {
			context.execute("CREATE TABLE things_copy (id UInt64) ENGINE = MergeTree() ORDER BY id");
			Long rows = context.jdbc().queryForObject("SELECT count() FROM things", Long.class);
			context.execute("INSERT INTO things_copy SELECT id FROM things LIMIT " + rows);
		}

	}

}
