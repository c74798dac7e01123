package dev.pillar.clickhouse.migration;

import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Migrations that need the database while they run, against a real server.
 */
@ClickHouseTest
class JdbcMigrationIntegrationTests {

	@Test
	void readsSystemTablesAndBackfillsInBatchesCountingEachStatement(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new CreateVisits(), new BackfillDailyVisits());

		List<MigrationRun> runs = migrator.migrate();

		// 1 CREATE + 1000 rows in batches of 300: 4 INSERTs
		assertThat(runs).extracting(MigrationRun::statements).containsExactly(2, 5);
		assertThat(db.query("SELECT count(), sum(visits) FROM daily_visits")).isEqualTo("1000\t1000\n");
		assertThat(db.query("SELECT statements, statements_done FROM pillar_migrations WHERE version = 20250402000000"))
			.isEqualTo("5\t5\n");
		MigrationInfo info = migrator.status().migrations().get(1);
		assertThat(info.source()).isEqualTo(BackfillDailyVisits.class.getName());
		assertThat(info.reversible()).isTrue();
		assertThat(info.checksum())
			.isEqualTo(ResolvedMigration.of(20250402000000L, "x", new BackfillDailyVisits()).checksum())
			.isNotEqualTo(ResolvedMigration.of(20250402000001L, "x", new BackfillDailyVisits()).checksum());

		assertThat(migrator.rollback(1)).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(db.tableExists("daily_visits")).isFalse();
	}

	@Test
	void decidesFromTheDatabaseWhatToRun(TestDatabase db) {
		// without the visits table there is nothing to backfill: only the CREATE runs
		List<MigrationRun> runs = migrator(db, new BackfillDailyVisits()).migrate();

		assertThat(runs).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(db.query("SELECT count() FROM daily_visits")).isEqualTo("0\n");
	}

	@Test
	void aDryRunSaysItsStatementsAreDecidedWhileItRuns(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new CreateVisits(), new BackfillDailyVisits());

		List<PlannedMigration> plan = migrator.planMigrate();

		assertThat(plan).extracting(PlannedMigration::statementsKnown).containsExactly(true, false);
		assertThat(plan.get(1).statements()).isEmpty();
		assertThat(db.tableExists("daily_visits")).isFalse();
	}

	@Test
	void aRefusedStatementIsRecordedAfterThoseThatRanAndResumeRunsTheCodeAgain(TestDatabase db) {
		FailingOnce migration = new FailingOnce();
		PillarMigrator migrator = migrator(db, migration);

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.statementNumber()).isEqualTo(2);
			assertThat(ex.statement()).isEqualTo("ALTER TABLE flaky ADD COLUMN note Strin");
			assertThat(ex.action()).contains("resume (it runs the migration's code again from its start)");
		});
		MigrationInfo failed = migrator.status().failed();
		assertThat(failed.statementsDone()).isEqualTo(1);
		assertThat(failed.statements()).isEqualTo(2);
		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.action())
				.contains("resume (it runs the migration's code again from its start)"));

		migration.fixed = true;
		assertThat(migrator.resume()).extracting(MigrationRun::statements).containsExactly(2);
		assertThat(db.query("SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'flaky' "
				+ "ORDER BY name"))
			.isEqualTo("id\nnote\n");
	}

	@Test
	void aFailureOfTheCodeItselfIsRecordedToo(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new Broken());

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("after statement 1")
			.withMessageContaining("no rows to copy");
		assertThat(migrator.status().failed().statementsDone()).isEqualTo(1);
		assertThat(db.tableExists("broken")).isTrue();
	}

	@Test
	void withoutADownItCannotBeRolledBack(TestDatabase db) {
		PillarMigrator migrator = migrator(db, new CreateFilled());
		migrator.migrate();

		assertThat(db.tableExists("filled")).isTrue();
		assertThat(migrator.status().migrations().get(0).reversible()).isFalse();
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.rollback(1))
			.withMessageContaining("has no down");
	}

	/** Migrations of either kind, in one list as written. */
	private static PillarMigrator migrator(TestDatabase db, Object... migrations) {
		List<Object> all = List.of(migrations);
		return PillarMigratorIntegrationTests.configure(db)
			.migrations(all.stream().filter(Migration.class::isInstance).map(Migration.class::cast).toList())
			.jdbcMigrations(
					all.stream().filter(JdbcMigration.class::isInstance).map(JdbcMigration.class::cast).toList())
			.placeholders(Map.of("table", "filled"))
			.load();
	}

	@ClickHouseMigration(version = 20250401000000L, name = "create_visits")
	static class CreateVisits implements Migration {

		@Override
		public List<String> up() {
			return List.of("CREATE TABLE visits (id UInt64, day Date) ENGINE = MergeTree() ORDER BY id",
					"INSERT INTO visits SELECT number, toDate('2025-01-01') + number FROM numbers(1000)");
		}

	}

	@ClickHouseMigration(version = 20250402000000L, name = "backfill_daily_visits")
	static class BackfillDailyVisits implements JdbcMigration {

		private static final int BATCH = 300;

		@Override
		public void up(MigrationContext context) {
			context.execute(
					"CREATE TABLE daily_visits (day Date, visits UInt64) ENGINE = SummingMergeTree() ORDER BY day");
			Integer sources = context.jdbc()
				.queryForObject(
						"SELECT count() FROM system.tables WHERE database = currentDatabase() " + "AND name = 'visits'",
						Integer.class);
			if (sources == 0) {
				return;
			}
			long rows = context.jdbc().queryForObject("SELECT max(id) + 1 FROM visits", Long.class);
			for (long from = 0; from < rows; from += BATCH) {
				context.execute("INSERT INTO daily_visits SELECT day, count() FROM visits WHERE id >= " + from
						+ " AND id < " + (from + BATCH) + " GROUP BY day");
			}
		}

		@Override
		public void down(MigrationContext context) {
			context.execute("DROP TABLE daily_visits");
		}

	}

	@ClickHouseMigration(version = 20250403000000L, name = "flaky")
	static class FailingOnce implements JdbcMigration {

		boolean fixed;

		@Override
		public void up(MigrationContext context) {
			context.execute("CREATE TABLE IF NOT EXISTS flaky (id UInt64) ENGINE = MergeTree() ORDER BY id");
			context.execute("ALTER TABLE flaky ADD COLUMN note " + (this.fixed ? "String" : "Strin"));
		}

	}

	@ClickHouseMigration(version = 20250404000000L, name = "broken")
	static class Broken implements JdbcMigration {

		@Override
		public void up(MigrationContext context) {
			context.execute("CREATE TABLE broken (id UInt64) ENGINE = Memory");
			throw new IllegalStateException("no rows to copy");
		}

	}

	@ClickHouseMigration(version = 20250405000000L, name = "create_filled")
	static class CreateFilled implements JdbcMigration {

		@Override
		public void up(MigrationContext context) {
			context.execute("CREATE TABLE {table} (id UInt64) ENGINE = Memory");
		}

	}

}
