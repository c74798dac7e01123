package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.List;

import dev.pillar.clickhouse.test.ClickHouseTags;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An instance killed (SIGKILL, in a JVM of its own) while a migration runs: the next
 * instance reads what the server recorded of the dead instance's statements (their query
 * ids in {@code system.query_log}) and completes the migration from the first statement
 * that did not run, without a person and without running anything twice. Where the server
 * keeps no query log (ClickHouse 26.7 as a library) or its entries are gone, it refuses
 * as before, saying why.
 */
@ClickHouseTest
class RecoveryFromQueryLogIntegrationTests {

	private static final long VERSION = 20250101000000L;

	@Test
	void aMigrationKilledAfterAnInsertIsCompletedOnceFromTheQueryLog(TestDatabase db) throws Exception {
		ChildInstance killed = ChildInstance.start(Instance.class, db.jdbcUrl(), "short");
		ChildInstance.awaitLockRow(db, "progress IN ('" + VERSION + ":4', '" + VERSION + ":5')");
		killed.kill();
		PillarMigrator next = migrator(db.jdbcUrl(), "short");
		if (!StatementQueryIdsIntegrationTests.keepsQueryLog(db)) {
			// the library keeps no query log: the refusal of old, with the reason
			assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate)
				.withMessageContaining("was interrupted")
				.withMessageContaining("the server keeps no query log");
			assertThat(next.status().migrations().get(0).state()).isEqualTo(MigrationState.INTERRUPTED);
			return;
		}
		assertThat(next.migrate()).isEmpty();
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(db.tableExists("after_sleep")).isTrue();
		assertThat(next.status().migrations().get(0).state()).isEqualTo(MigrationState.APPLIED);
		assertThat(db.query("SELECT event, statements_done FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\t" + interruptedDone(db) + "\napplied\t6\n");
		assertThat(db.query("SELECT error FROM pillar_migrations WHERE event = 'interrupted'"))
			.contains("query log shows statements 1 to")
			.contains("never started");
	}

	@Test
	@Tag(ClickHouseTags.CONCURRENT_QUERIES)
	void aMigrationKilledInsideALongInsertSelectStillRunningIsCompletedWithItsRowsOnce(TestDatabase db)
			throws Exception {
		ChildInstance killed = ChildInstance.start(Instance.class, db.jdbcUrl(), "backfill");
		ChildInstance.awaitLockRow(db, "progress = '" + VERSION + ":2'");
		killed.kill();
		PillarMigrator next = migrator(db.jdbcUrl(), "backfill");
		assertThat(StatementQueryIdsIntegrationTests.keepsQueryLog(db)).isTrue();
		// the INSERT goes on without its client; the next instance waits for it
		assertThat(db.query("SELECT count() FROM system.processes WHERE query_id LIKE 'pillar-%-" + VERSION + "-up-2'"))
			.isEqualTo("1\n");
		next.migrate();
		assertThat(db.query("SELECT count(), uniqExact(id) FROM log")).isEqualTo("30\t30\n");
		assertThat(db.tableExists("after_sleep")).isTrue();
		assertThat(next.status().migrations().get(0).state()).isEqualTo(MigrationState.APPLIED);
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\napplied\n");
	}

	@Test
	@Tag(ClickHouseTags.CONCURRENT_QUERIES)
	void aQueryLogWithoutTheDeadRunsEntriesLeavesTheRefusalWithTheReason(TestDatabase db) throws Exception {
		ChildInstance killed = ChildInstance.start(Instance.class, db.jdbcUrl(), "short");
		ChildInstance.awaitLockRow(db, "progress IN ('" + VERSION + ":4', '" + VERSION + ":5')");
		killed.kill();
		assertThat(StatementQueryIdsIntegrationTests.keepsQueryLog(db)).isTrue();
		// the entries of the dead run gone, as when they expired
		db.query("DROP TABLE system.query_log");
		PillarMigrator next = migrator(db.jdbcUrl(), "short");
		assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate)
			.withMessageContaining("was interrupted")
			.withMessageContaining("its entries may have expired");
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(next.status().migrations().get(0).state()).isEqualTo(MigrationState.INTERRUPTED);
	}

	private static String interruptedDone(TestDatabase db) {
		return db.query("SELECT statements_done FROM pillar_migrations WHERE event = 'interrupted'").trim();
	}

	static PillarMigrator migrator(String url, String kind) {
		List<String> up = new java.util.ArrayList<>(
				List.of("CREATE TABLE IF NOT EXISTS log (id UInt64) ENGINE = MergeTree ORDER BY id"));
		if (kind.equals("backfill")) {
			// 6 blocks of 5 rows, 1.25 s each: 7.5 s, longer than the lease
			up.add("INSERT INTO log SELECT number FROM numbers(30) WHERE sleepEachRow(0.25) = 0 "
					+ "SETTINGS max_block_size = 5");
		}
		else {
			up.add("INSERT INTO log VALUES (1)");
			up.addAll(List.of("SELECT sleep(1)", "SELECT sleep(1)", "SELECT sleep(1)"));
		}
		up.add("CREATE TABLE IF NOT EXISTS after_sleep (id UInt64) ENGINE = MergeTree ORDER BY id");
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(url)))
			.migrations(List.of(ResolvedMigration.of(VERSION, "fill_log", up, List.of("SELECT 1"), "test")))
			.lockLease(Duration.ofSeconds(6))
			.lockWaitTimeout(Duration.ofMinutes(1))
			.load();
	}

	/** An application instance in a JVM of its own: migrates. */
	public static final class Instance {

		public static void main(String[] args) {
			migrator(args[0], args[1]).migrate();
		}

	}

}
