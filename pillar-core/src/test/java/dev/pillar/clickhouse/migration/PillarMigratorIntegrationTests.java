package dev.pillar.clickhouse.migration;

import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.migration.internal.ConnectionNames;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ClickHouseTest
class PillarMigratorIntegrationTests {

	@Test
	void appliesAllPendingOnAFreshDatabaseAndRecordsThem(TestDatabase db) {
		List<MigrationRun> runs = migrator(db, new Users(), new Analytics(), new Shards()).migrate();

		assertThat(runs).extracting(MigrationRun::name)
			.containsExactly("create_users_table", "create_analytics_tables", "create_sharded_tables");
		assertThat(runs).extracting(MigrationRun::statements).containsExactly(1, 2, 5);
		for (String table : List.of("users", "page_views", "user_sessions", "events_shard_0", "events_shard_4")) {
			assertThat(db.tableExists(table)).as(table).isTrue();
		}
		assertThat(db.query("SELECT version, name, event, statements, statements_done FROM pillar_migrations "
				+ "ORDER BY sequence"))
			.isEqualTo("20250528120000\tcreate_users_table\tapplied\t1\t1\n"
					+ "20250528120100\tcreate_analytics_tables\tapplied\t2\t2\n"
					+ "20250528120200\tcreate_sharded_tables\tapplied\t5\t5\n");
		MigrationStatus status = migrator(db, new Users(), new Analytics(), new Shards()).status();
		assertThat(status.currentVersion()).isEqualTo(20250528120200L);
		assertThat(status.pendingCount()).isZero();
		assertThat(status.migrations()).allSatisfy((info) -> {
			assertThat(info.state()).isEqualTo(MigrationState.APPLIED);
			assertThat(info.appliedAt()).isNotNull();
			assertThat(info.executionMillis()).isNotNull();
		});
	}

	@Test
	void restartAppliesNothingAndANewMigrationAlone(TestDatabase db) {
		migrator(db, new Users(), new Analytics()).migrate();

		assertThat(migrator(db, new Users(), new Analytics()).migrate()).isEmpty();
		List<MigrationRun> runs = migrator(db, new Users(), new Analytics(), new Shards()).migrate();

		assertThat(runs).extracting(MigrationRun::version).containsExactly(20250528120200L);
		assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("3\n");
	}

	@Test
	void rollbackRunsDownsNewestFirstAndMigrateReappliesThem(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new Users(), new Analytics(), new Shards());
		migrator.migrate();

		List<MigrationRun> rolledBack = migrator.rollback(2);

		assertThat(rolledBack).extracting(MigrationRun::name)
			.containsExactly("create_sharded_tables", "create_analytics_tables");
		assertThat(rolledBack).allSatisfy((run) -> assertThat(run.direction()).isEqualTo(MigrationDirection.DOWN));
		assertThat(db.tableExists("events_shard_0")).isFalse();
		assertThat(db.tableExists("page_views")).isFalse();
		assertThat(db.tableExists("users")).isTrue();
		assertThat(db.query("SELECT version, event FROM pillar_migrations WHERE sequence > 3 ORDER BY sequence"))
			.isEqualTo("20250528120200\trolled_back\n20250528120100\trolled_back\n");
		MigrationStatus status = migrator.status();
		assertThat(status.currentVersion()).isEqualTo(20250528120000L);
		assertThat(status.inState(MigrationState.PENDING)).extracting(MigrationInfo::version)
			.containsExactly(20250528120100L, 20250528120200L);

		assertThat(migrator.migrate()).extracting(MigrationRun::version)
			.containsExactly(20250528120100L, 20250528120200L);
		assertThat(db.tableExists("events_shard_4")).isTrue();
	}

	@Test
	void rollbackPastAMigrationWithoutDownRunsNothing(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new Users(), new Irreversible(), new Shards());
		migrator.migrate();

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.rollback(2))
			.withMessageContaining("20250528120100 (irreversible) has no down");

		assertThat(db.tableExists("events_shard_0")).isTrue();
		assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("3\n");
	}

	@Test
	void aRefusedStatementNamesMigrationPositionAndClickHouseMessageAndIsNotRecordedAsApplied(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new Users(), new Broken());

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.version()).isEqualTo(20250528120300L);
			assertThat(ex.statementNumber()).isEqualTo(2);
			assertThat(ex.statementCount()).isEqualTo(3);
			assertThat(ex.clickHouseMessage()).contains("Code: 62").containsIgnoringCase("syntax error");
			assertThat(ex.getMessage()).contains("Migration 20250528120300 (broken) failed at up statement 2 of 3")
				.contains("CREAT TABLE nope");
		});

		assertThat(db.tableExists("users")).isTrue();
		assertThat(db.tableExists("broken_first")).isTrue();
		assertThat(db.tableExists("broken_third")).isFalse();
		assertThat(db.query("SELECT version, event, statements_done FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("20250528120000\tapplied\t1\n20250528120300\tfailed\t1\n");
		MigrationInfo broken = migrator.status().migrations().get(1);
		assertThat(broken.state()).isEqualTo(MigrationState.FAILED);
		assertThat(broken.error()).contains("Code: 62");
		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("failed earlier: up statement 2 of 3");
	}

	@Test
	void unreachableServerIsAClearError(TestDatabase db) {
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource("jdbc:clickhouse://127.0.0.1:1/default"));
		PillarMigrator migrator = PillarMigrator.configure().jdbc(jdbc).migrations(List.of(new Users())).load();

		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("Cannot read the migration history (table pillar_migrations) from ClickHouse")
			.satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(PillarException.Kind.UNREACHABLE);
				assertThat(ex.action()).contains("jdbc:clickhouse://127.0.0.1:1/default");
			});
	}

	@Test
	void theHistoryRecordsWhoAskedAndTheClickHouseUser(TestDatabase db) {
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), "default", ""));
		PillarMigrator migrator = PillarMigrator.configure()
			.jdbc(jdbc)
			.databaseUser("default")
			.migrations(List.of(new Users(), new Analytics()))
			.load();
		migrator.migrate();
		migrator.requestedBy("alice").rollback(1);

		// start-up and the command line name no requester: the process is recorded
		String process = System.getProperty("user.name") + "@" + ConnectionNames.localHost()
				+ " (ClickHouse user default)\n";
		assertThat(db.query("SELECT installed_by FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo(process + process + "alice (ClickHouse user default)\n");
	}

	@Test
	void withoutADatabaseUserOnlyWhoAskedIsRecorded(TestDatabase db) {
		PillarMigrator migrator = PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl())))
			.installedBy("ci-pipeline-42")
			.migrations(List.of(new Users()))
			.load();
		migrator.migrate();

		assertThat(db.query("SELECT installed_by FROM pillar_migrations")).isEqualTo("ci-pipeline-42\n");
	}

	static PillarMigrator migrator(TestDatabase db, Migration... migrations) {
		return configure(db).migrations(List.of(migrations)).load();
	}

	static PillarConfiguration configure(TestDatabase db) {
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), "default", "")));
	}

	@ClickHouseMigration(version = 20250528120000L, name = "create_users_table")
	static class Users implements Migration {

		@Override
		public List<String> up() {
			return List
				.of("CREATE TABLE IF NOT EXISTS users (id UInt64, email String) ENGINE = MergeTree() ORDER BY id");
		}

		@Override
		public List<String> down() {
			return List.of("DROP TABLE IF EXISTS users");
		}

	}

	@ClickHouseMigration(version = 20250528120100L, name = "create_analytics_tables")
	static class Analytics implements Migration {

		@Override
		public List<String> up() {
			return List.of("CREATE TABLE page_views (user_id UInt64, url String) ENGINE = MergeTree() ORDER BY user_id",
					"CREATE TABLE user_sessions (id String, user_id UInt64) ENGINE = MergeTree() ORDER BY user_id");
		}

		@Override
		public List<String> down() {
			return List.of("DROP TABLE user_sessions", "DROP TABLE page_views");
		}

	}

	@ClickHouseMigration(version = 20250528120200L, name = "create_sharded_tables")
	static class Shards implements Migration {

		@Override
		public List<String> up() {
			List<String> statements = new ArrayList<>();
			for (int shard = 0; shard < 5; shard++) {
				statements.add("CREATE TABLE events_shard_" + shard + " (id UInt64) ENGINE = MergeTree() ORDER BY id");
			}
			return statements;
		}

		@Override
		public List<String> down() {
			List<String> statements = new ArrayList<>();
			for (int shard = 0; shard < 5; shard++) {
				statements.add("DROP TABLE events_shard_" + shard);
			}
			return statements;
		}

	}

	@ClickHouseMigration(version = 20250528120100L, name = "irreversible")
	static class Irreversible implements Migration {

		@Override
		public List<String> up() {
			return List.of("CREATE TABLE kept (id UInt64) ENGINE = MergeTree() ORDER BY id");
		}

	}

	@ClickHouseMigration(version = 20250528120300L, name = "broken")
	static class Broken implements Migration {

		@Override
		public List<String> up() {
			return List.of("CREATE TABLE broken_first (id UInt64) ENGINE = MergeTree() ORDER BY id",
					"CREAT TABLE nope (id UInt64) ENGINE = Memory",
					"CREATE TABLE broken_third (id UInt64) ENGINE = MergeTree() ORDER BY id");
		}

	}

}
