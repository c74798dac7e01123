package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseTags;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
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

	// the short migration's first six of ten pauses (statements 3 to 12), as its renewals
	// report them: two seconds of pauses remain, the time to see the row and kill the
	// instance even where the poll waits behind a pause
	private static final String IN_THE_PAUSES = ChildInstance.runningOneOf(VERSION, 3, 8);

	@Test
	void aMigrationKilledAfterAnInsertIsCompletedOnceFromTheQueryLog(TestDatabase db) throws Exception {
		ChildInstance killed = ChildInstance.start(Instance.class, db.jdbcUrl(), "short");
		ChildInstance.awaitLockRow(db, IN_THE_PAUSES);
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
			.isEqualTo("interrupted\t" + interruptedDone(db) + "\napplied\t13\n");
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
		ChildInstance.awaitRunning(db, "pillar-%-" + VERSION + "-up-2");
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
	void withKillRunningALongInsertSelectOfTheDeadRunIsKilledAndItsRowsAreThereOnce(TestDatabase db) throws Exception {
		ChildInstance killed = ChildInstance.start(Instance.class, db.jdbcUrl(), "long-backfill");
		ChildInstance.awaitLockRow(db, "progress = '" + VERSION + ":2'");
		ChildInstance.awaitRunning(db, "pillar-%-" + VERSION + "-up-2");
		killed.kill();
		PillarMigrator next = configuration(db.jdbcUrl(), "long-backfill").recoveryKillRunning(true).load();
		assertThat(db.query("SELECT count() FROM system.processes WHERE query_id LIKE 'pillar-%-" + VERSION + "-up-2'"))
			.isEqualTo("1\n");

		next.migrate();
		// killed, not waited for: the statement is run again, and its rows are there once
		assertThat(db.query("SELECT count() FROM system.query_log WHERE query_id LIKE 'pillar-%-" + VERSION
				+ "-up-2' AND exception LIKE '%cancelled%'"))
			.isEqualTo("1\n");
		assertThat(db.query("SELECT count(), uniqExact(id) FROM log")).isEqualTo("60\t60\n");
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\napplied\n");
		assertThat(db.query("SELECT error FROM pillar_migrations WHERE event = 'interrupted'"))
			.contains("statement 1 finished and statement 2 was killed before it wrote anything");
	}

	@Test
	@Tag(ClickHouseTags.CONCURRENT_QUERIES)
	void aQueryLogWithoutTheDeadRunsEntriesLeavesTheRefusalWithTheReason(TestDatabase db) throws Exception {
		killedInShortMigration(db);
		// the entries of the dead run gone, as when they expired
		db.query("DROP TABLE system.query_log");
		PillarMigrator next = migrator(db.jdbcUrl(), "short");
		assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate)
			.withMessageContaining("was interrupted")
			.withMessageContaining("its entries may have expired");
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(next.status().migrations().get(0).state()).isEqualTo(MigrationState.INTERRUPTED);
	}

	// the soak's duplicate: a holder that completed an interrupted migration keeps a
	// second intent for what it runs next; killed in that, the next holder read the
	// first intent ("up 9 …" is after "up 10 …" as text) and ran the next migration
	// again from statement 1, with no interrupted row
	// (pauses beside lock renewals: queries side by side)
	@Test
	@Tag(ClickHouseTags.CONCURRENT_QUERIES)
	void aHolderKilledAfterCompletingAnInterruptedMigrationIsRecoveredFromItsLatestIntent(TestDatabase db)
			throws Exception {
		ChildInstance first = ChildInstance.start(Instance.class, db.jdbcUrl(), "tenth");
		ChildInstance.awaitLockRow(db, "progress IN ('" + (VERSION + 9) + ":3', '" + (VERSION + 9) + ":4')");
		first.kill();
		assertThat(StatementQueryIdsIntegrationTests.keepsQueryLog(db)).isTrue();
		ChildInstance second = ChildInstance.start(Instance.class, db.jdbcUrl(), "tenth");
		// the second completes 9 (history rows 9 and 10), then dies inside 10
		ChildInstance.awaitLockRow(db, "progress IN ('" + (VERSION + 10) + ":3', '" + (VERSION + 10) + ":4')");
		second.kill();
		PillarMigrator next = migrator(db.jdbcUrl(), "tenth");
		next.migrate();
		assertThat(db.query("SELECT id, count() FROM log GROUP BY id ORDER BY id")).isEqualTo("9\t1\n10\t1\n");
		assertThat(db.query("SELECT version - " + VERSION + ", event FROM pillar_migrations WHERE version > "
				+ (VERSION + 8) + " ORDER BY sequence"))
			.isEqualTo("9\tinterrupted\n9\tapplied\n10\tinterrupted\n10\tapplied\n");
	}

	// two dead holders of one migration: the second took over to complete it and died
	// before it recorded anything; the first one's is completed once, and the second one
	// (which ran nothing of it) does not run it again
	@Test
	@Tag(ClickHouseTags.CONCURRENT_QUERIES)
	void aHolderKilledBeforeItRecordedTheInterruptionItWasCompletingRunsNothingTwice(TestDatabase db) throws Exception {
		killedInShortMigration(db);
		String historyInsert = "INSERT INTO pillar_migrations (";
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			// its interrupted row held: it kept its intent to complete the migration, and
			// dies waiting
			proxy.stall(historyInsert, 1);
			ChildInstance second = ChildInstance.start(Instance.class, proxy.uncompressedJdbcUrl(db.jdbcUrl()),
					"short");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (proxy.requests(historyInsert) == 0) {
				assertThat(System.nanoTime()).as("the second instance writes its row within 60 s").isLessThan(deadline);
				Thread.sleep(50);
			}
			second.kill();
		}
		PillarMigrator next = migrator(db.jdbcUrl(), "short");
		next.migrate();
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\napplied\n");
	}

	// the history's interrupted row is not the end of it: the holder that recorded it may
	// have died completing it, and the next start takes the lock to find out instead of
	// refusing at the first read
	@Test
	@Tag(ClickHouseTags.CONCURRENT_QUERIES)
	void aHolderKilledWhileCompletingAnInterruptedMigrationIsCompletedByTheNextStart(TestDatabase db) throws Exception {
		killedInShortMigration(db);
		ChildInstance second = ChildInstance.start(Instance.class, db.jdbcUrl(), "short");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!db.tableExists("pillar_migrations")
				|| db.query("SELECT count() FROM pillar_migrations WHERE event = 'interrupted'").equals("0\n")) {
			assertThat(System.nanoTime()).as("the second instance records the interruption within 60 s")
				.isLessThan(deadline);
			Thread.sleep(20);
		}
		// inside the pauses it completes the migration with
		second.kill();
		PillarMigrator next = migrator(db.jdbcUrl(), "short");
		next.migrate();
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(db.tableExists("after_sleep")).isTrue();
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\ninterrupted\napplied\n");
	}

	/**
	 * Starts an instance of the short migration in a JVM of its own, kills it once its
	 * renewals say it is in the pauses, on a server that keeps a query log.
	 */
	private static void killedInShortMigration(TestDatabase db) throws Exception {
		ChildInstance killed = ChildInstance.start(Instance.class, db.jdbcUrl(), "short");
		ChildInstance.awaitLockRow(db, IN_THE_PAUSES);
		killed.kill();
		assertThat(StatementQueryIdsIntegrationTests.keepsQueryLog(db)).isTrue();
	}

	private static String interruptedDone(TestDatabase db) {
		return db.query("SELECT statements_done FROM pillar_migrations WHERE event = 'interrupted'").trim();
	}

	static PillarMigrator migrator(String url, String kind) {
		return configuration(url, kind).load();
	}

	private static PillarConfiguration configuration(String url, String kind) {
		if (kind.equals("tenth")) {
			return tenth(url);
		}
		List<String> up = new java.util.ArrayList<>(
				List.of("CREATE TABLE IF NOT EXISTS log (id UInt64) ENGINE = MergeTree ORDER BY id"));
		if (kind.endsWith("backfill")) {
			// blocks of 5 rows, 1.25 s each: 7.5 s for 30 rows, longer than the lease; 15
			// s
			// for 60, still running when the lease of a holder killed in it has run out
			int rows = kind.equals("long-backfill") ? 60 : 30;
			up.add("INSERT INTO log SELECT number FROM numbers(" + rows + ") WHERE sleepEachRow(0.25) = 0 "
					+ "SETTINGS max_block_size = 5");
		}
		else {
			up.add("INSERT INTO log VALUES (1)");
			up.addAll(ChildInstance.pauses(10));
		}
		up.add("CREATE TABLE IF NOT EXISTS after_sleep (id UInt64) ENGINE = MergeTree ORDER BY id");
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(url)))
			.migrations(List.of(ResolvedMigration.of(VERSION, "fill_log", up, List.of("SELECT 1"), "test")))
			.lockLease(Duration.ofSeconds(6))
			.lockWaitTimeout(Duration.ofMinutes(1));
	}

	/**
	 * Eight migrations of nothing, then two of an INSERT and pauses: the second of them
	 * runs after history row 9.
	 */
	private static PillarConfiguration tenth(String url) {
		List<Migration> migrations = new java.util.ArrayList<>();
		migrations.add(ResolvedMigration.of(VERSION, "log",
				List.of("CREATE TABLE IF NOT EXISTS log (id UInt64) ENGINE = MergeTree ORDER BY id"), List.of(),
				"test"));
		for (int m = 1; m <= 7; m++) {
			migrations.add(ResolvedMigration.of(VERSION + m, "nothing_" + m, List.of("SELECT 1"), List.of(), "test"));
		}
		for (int m = 9; m <= 10; m++) {
			migrations.add(ResolvedMigration.of(VERSION + m, "insert_" + m, List.of("SELECT 1",
					"INSERT INTO log VALUES (" + m + ")", "SELECT sleep(1)", "SELECT sleep(1)", "SELECT sleep(1)"),
					List.of(), "test"));
		}
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(url)))
			.migrations(migrations)
			.lockLease(Duration.ofSeconds(4))
			.lockWaitTimeout(Duration.ofMinutes(1));
	}

	/** An application instance in a JVM of its own: migrates. */
	public static final class Instance {

		public static void main(String[] args) {
			migrator(args[0], args[1]).migrate();
		}

	}

}
