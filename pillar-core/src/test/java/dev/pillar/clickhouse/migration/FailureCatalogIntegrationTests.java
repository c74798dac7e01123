package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.ClickHouseTags;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bad input and faults, tried for real against ClickHouse: each case must give a clear
 * error (which migration, which statement, ClickHouse's own words, what to do) and leave
 * a history that never claims success for what failed. Passwords must appear in no error
 * and no log line.
 */
@ClickHouseTest
@ExtendWith(OutputCaptureExtension.class)
class FailureCatalogIntegrationTests {

	private static final String SOURCE = "FailureCatalogIntegrationTests";

	private static final String SECRET = "s3cret-pw";

	private static final long V1 = 20250101000000L;

	private static final long V2 = 20250102000000L;

	// 1
	@Test
	void syntaxErrorInStatementThreeOfFour(TestDatabase db) {
		ResolvedMigration four = ResolvedMigration.of(
				V1, "four_statements", List.of(create("one"), create("two"),
						"CREATE TABLE three (id UInt64) ENGINE = MergeTree ORDR BY id", create("four")),
				List.of(), SOURCE);
		PillarMigrator migrator = migrator(jdbc(db.jdbcUrl()), four);

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage())
				.startsWith("Migration 20250101000000 (four_statements) failed at up statement 3 of 4: Code: 62.")
				.contains("Syntax error")
				.contains("Statement: CREATE TABLE three (id UInt64) ENGINE = MergeTree ORDR BY id");
			assertThat(ex.action()).startsWith("Statements 1 to 2 ran and their effect stays")
				.contains("resume from statement 3");
		});

		assertThat(db.tableExists("one")).isTrue();
		assertThat(db.tableExists("two")).isTrue();
		assertThat(db.tableExists("four")).isFalse();
		assertThat(history(db)).isEqualTo("20250101000000\tfailed\t4\t2\n");
		assertThat(db.query("SELECT error FROM pillar_migrations")).startsWith("Code: 62.");
		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate)
			.withMessageStartingWith("Migration 20250101000000 (four_statements) failed earlier: up statement 3 of 4 "
					+ "was refused: Code: 62.");
	}

	// 2
	@Test
	void statementThatTimesOutIsNamedAndNotRetried(TestDatabase db) {
		JdbcTemplate jdbc = jdbc(db.jdbcUrl());
		jdbc.setQueryTimeout(1);
		ResolvedMigration slow = ResolvedMigration.of(V1, "slow_backfill",
				List.of(create("slow_target"), "SELECT sleep(3)"), List.of(), SOURCE);
		// retries on: a timeout that ClickHouse reports is its answer, not a network
		// failure
		PillarMigrator migrator = configure(jdbc, slow).retryAttempts(2).retryBackoff(Duration.ofMillis(50)).load();

		long start = System.nanoTime();
		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage())
				.startsWith("Migration 20250101000000 (slow_backfill) failed at up statement 2 of 2: Code: 159.")
				.contains("Timeout exceeded")
				.endsWith("Statement: SELECT sleep(3)");
			assertThat(ex.statement()).isEqualTo("SELECT sleep(3)");
		});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(5500));
		assertThat(history(db)).isEqualTo("20250101000000\tfailed\t2\t1\n");
	}

	// 3
	@Test
	void emptyUpStopsConstruction(TestDatabase db) {
		ResolvedMigration empty = ResolvedMigration.of(V1, "nothing_yet", List.of(), List.of(), SOURCE);

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator(jdbc(db.jdbcUrl()), empty))
			.withMessage(
					"Migration 20250101000000 (nothing_yet) in FailureCatalogIntegrationTests has no up statements")
			.satisfies((ex) -> assertThat(ex.action()).isEqualTo("Return at least one statement from up()."));
		assertThat(db.tableExists("pillar_migrations")).isFalse();
	}

	// 4
	@Test
	void versionThatIsNotATimestampStopsConstruction(TestDatabase db) {
		ResolvedMigration month13 = ResolvedMigration.of(20251399000000L, "thirteenth_month", List.of(create("x")),
				List.of(), SOURCE);

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator(jdbc(db.jdbcUrl()), month13))
			.withMessage("Migration thirteenth_month in FailureCatalogIntegrationTests has version 20251399000000, "
					+ "which is not a yyyyMMddHHmmss timestamp")
			.satisfies((ex) -> assertThat(ex.action()).startsWith("Use the time the migration was written, e.g. "));
		assertThat(db.tableExists("pillar_migrations")).isFalse();
	}

	// 5
	@Test
	void duplicateVersionsNameBothSources(TestDatabase db) {
		ResolvedMigration first = ResolvedMigration.of(V1, "create_users", List.of(create("users")), List.of(),
				"com.example.CreateUsers");
		ResolvedMigration second = ResolvedMigration.of(V1, "create_events", List.of(create("events")), List.of(),
				"com.example.CreateEvents");

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator(jdbc(db.jdbcUrl()), first, second))
			.withMessage("Two migrations have version 20250101000000: create_users (com.example.CreateUsers) and "
					+ "create_events (com.example.CreateEvents)")
			.satisfies(
					(ex) -> assertThat(ex.action()).isEqualTo("Give one of them a new version (a later timestamp)."));
		assertThat(db.tableExists("pillar_migrations")).isFalse();
	}

	// 6 and 11
	@Test
	void unreachableServerFailsFastNamingTheTargetWithoutThePassword(CapturedOutput output) throws IOException {
		try (Blackhole blackhole = new Blackhole()) {
			String url = "jdbc:clickhouse://127.0.0.1:" + blackhole.port() + "/default";
			DriverManagerDataSource dataSource = new DriverManagerDataSource(url, "pillar", SECRET);
			Properties driver = new Properties();
			driver.setProperty("connection_timeout", "1000");
			// the driver retries a connect timeout 3 times by default: 4 s, not 1
			driver.setProperty("retry", "0");
			dataSource.setConnectionProperties(driver);
			PillarMigrator migrator = migrator(new JdbcTemplate(dataSource),
					ResolvedMigration.of(V1, "any", List.of(create("any")), List.of(), SOURCE));

			long start = System.nanoTime();
			Throwable failure = catchThrowable(migrator::migrate);

			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(failure).isInstanceOf(PillarException.class)
				.hasMessageStartingWith("Cannot read the migration history (table pillar_migrations) from ClickHouse "
						+ "at " + url + ": Network error (ConnectTimeoutException): Connect to http://127.0.0.1:"
						+ blackhole.port());
			assertThat(((PillarException) failure).action()).isEqualTo(
					"Check that ClickHouse is running and reachable " + "at " + url + ", within the connect timeout.");
			assertThat(((PillarException) failure).kind()).isEqualTo(PillarException.Kind.UNREACHABLE);
			assertNoSecret(failure, SECRET);
		}
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	// 6 and 11: a server that is down (nothing listens), and a password in the URL
	@Test
	void refusedConnectionIsClearAndHidesAPasswordInTheUrl(CapturedOutput output) throws IOException {
		int port;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = free.getLocalPort();
		}
		String url = "jdbc:clickhouse://127.0.0.1:" + port + "/default?password=" + SECRET;
		PillarMigrator migrator = migrator(new JdbcTemplate(new DriverManagerDataSource(url)),
				ResolvedMigration.of(V1, "any", List.of(create("any")), List.of(), SOURCE));

		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate)
			.withMessage("Cannot read the migration history (table pillar_migrations) from ClickHouse at "
					+ "jdbc:clickhouse://127.0.0.1:" + port + "/default: Network error (HttpHostConnectException): "
					+ "Connect to http://127.0.0.1:" + port + " failed: Connection refused")
			.satisfies((ex) -> assertNoSecret(ex, SECRET));
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	// 7 and 11
	@Test
	void wrongPasswordIsClearAndNeverShown(TestDatabase db, CapturedOutput output) {
		PillarMigrator migrator = migrator(
				new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), "pillar", SECRET)),
				ResolvedMigration.of(V1, "any", List.of(create("any")), List.of(), SOURCE));

		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage()).startsWith("Cannot read the migration history (table pillar_migrations) "
					+ "from ClickHouse at " + db.jdbcUrl().replaceFirst("\\?.*", "") + ": Code: ");
			// 18.16: "Code: 193. DB::Exception: Wrong password for user pillar.";
			// current: "Code: 516. ...
			// pillar: Authentication failed: password is incorrect, or there is no user
			// with such name."
			assertThat(ex.getMessage()).containsAnyOf("Wrong password for user pillar", "Authentication failed");
			assertThat(ex.action()).isEqualTo("ClickHouse refused the login: check the user name and password.");
			assertThat(ex.kind()).isEqualTo(PillarException.Kind.LOGIN_REFUSED);
			assertNoSecret(ex, SECRET);
		});
		assertThat(db.tableExists("pillar_migrations")).isFalse();
		assertThat(db.tableExists("any")).isFalse();
		assertThat(output.getAll()).doesNotContain(SECRET);
	}

	// 8
	@Test
	void historyDroppedByHandIsRefusedUntilRestoredOrBaselined(TestDatabase db) {
		ResolvedMigration plain = ResolvedMigration.of(V1, "create_plain", List.of(create("plain")), List.of(), SOURCE);
		ResolvedMigration idempotent = ResolvedMigration.of(V2, "create_idempotent",
				List.of("CREATE TABLE IF NOT EXISTS idempotent (id UInt64) ENGINE = MergeTree ORDER BY id"), List.of(),
				SOURCE);
		migrator(jdbc(db.jdbcUrl()), plain, idempotent).migrate();
		db.query("DROP TABLE pillar_migrations");

		// a restarted application: the lock table says this database was migrated, so
		// nothing runs again
		PillarMigrator restarted = migrator(jdbc(db.jdbcUrl()), plain, idempotent);
		assertThatExceptionOfType(PillarException.class).isThrownBy(restarted::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage())
				.startsWith("The migration history table pillar_migrations is missing, but its "
						+ "lock table pillar_migrations_lock exists")
				.endsWith("Nothing was run.");
			assertThat(ex.action()).startsWith("Restore pillar_migrations from a backup.")
				.contains("drop pillar_migrations_lock and baseline");
		});
		assertThat(db.tableExists("pillar_migrations")).isFalse();

		// the way out when the schema is all there: as the action says
		db.query("DROP TABLE pillar_migrations_lock");
		PillarMigrator adopted = migrator(jdbc(db.jdbcUrl()), plain, idempotent);
		adopted.baseline(V2);
		assertThat(adopted.migrate()).isEmpty();
		assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("20250101000000\tbaseline\n20250102000000\tbaseline\n");
	}

	// 8
	@Test
	void historyAlteredByHandIsAClearErrorNamingTheTable(TestDatabase db) {
		ResolvedMigration plain = ResolvedMigration.of(V1, "create_plain", List.of(create("plain")), List.of(), SOURCE);
		ResolvedMigration later = ResolvedMigration.of(V2, "create_later", List.of(create("later")), List.of(), SOURCE);
		migrator(jdbc(db.jdbcUrl()), plain).migrate();
		db.query("ALTER TABLE pillar_migrations DROP COLUMN checksum");

		PillarMigrator restarted = migrator(jdbc(db.jdbcUrl()), plain, later);
		assertThatExceptionOfType(PillarException.class).isThrownBy(restarted::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage())
				.startsWith("Cannot read the migration history (table pillar_migrations) from " + "ClickHouse at ")
				.contains("Code: 47.")
				.contains("checksum");
			assertThat(ex.action())
				.startsWith("ClickHouse refused the query on pillar_migrations: check that the user "
						+ "may create, read and write it, and that it still has Pillar's columns (sequence, version, ")
				.contains("restore it");
		});
		assertThat(db.tableExists("later")).isFalse();
		assertThat(db.query("SELECT version, event FROM pillar_migrations")).isEqualTo("20250101000000\tapplied\n");
	}

	// 9: killed (crash, OOM kill, a restart that does not wait) while statement 2 of 3
	// runs
	@Test
	@Tag(ClickHouseTags.SERVER_RESTART)
	void serverKilledAndRestartedWhileAMigrationRuns(TestDatabase db) throws Exception {
		ClickHouseServer server = db.server();
		assumeTrue(server.canRestart(), "Restarting needs the throwaway Debian server of scripts/clickhouse.sh");
		String marker = "restart_marker_" + db.name();
		ResolvedMigration migration = slowSecondStatement(marker);
		// the driver's own retries off: they could run statement 2 again once the server
		// is back
		PillarMigrator migrator = migrator(new JdbcTemplate(ProxiedJdbc.withoutRetries(db.jdbcUrl())), migration);

		CompletableFuture<List<MigrationRun>> running = CompletableFuture.supplyAsync(migrator::migrate);
		awaitRunning(server, marker);
		server.crashAndRestart();
		Throwable failure = catchThrowable(() -> running.get(60, TimeUnit.SECONDS));

		assertThat(failure).isInstanceOf(ExecutionException.class);
		assertThat(failure.getCause()).isInstanceOfSatisfying(MigrationFailedException.class, (ex) -> {
			assertThat(ex.getMessage())
				.startsWith("Migration 20250101000000 (slow_second_statement) failed at up " + "statement 2 of 3: ");
			// the server was down when the statement failed: the failure was recorded
			// once it was back
			assertThat(ex.action()).startsWith("Statement 1 ran and its effect stays")
				.contains("The history records the failure");
		});
		assertThat(history(db)).isEqualTo("20250101000000\tfailed\t3\t1\n");
		assertThat(db.tableExists("before_restart")).isTrue();
		assertThat(db.tableExists("after_restart")).isFalse();
		// so the next migrate does not run it again blindly, and resume runs only the
		// rest
		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate)
			.withMessageContaining("(slow_second_statement) failed earlier: up statement 2 of 3");
		assertThat(migrator.resume()).singleElement().satisfies((run) -> assertThat(run.statements()).isEqualTo(2));
		assertThat(db.tableExists("after_restart")).isTrue();
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence")).isEqualTo("failed\napplied\n");
	}

	// 9: restarted gracefully (SIGTERM) while statement 2 of 3 runs
	@Test
	@Tag(ClickHouseTags.SERVER_RESTART)
	void serverRestartedGracefullyWhileAMigrationRuns(TestDatabase db) throws Exception {
		ClickHouseServer server = db.server();
		assumeTrue(server.canRestart(), "Restarting needs the throwaway Debian server of scripts/clickhouse.sh");
		String marker = "restart_marker_" + db.name();
		PillarMigrator migrator = migrator(new JdbcTemplate(ProxiedJdbc.withoutRetries(db.jdbcUrl())),
				slowSecondStatement(marker));

		CompletableFuture<List<MigrationRun>> running = CompletableFuture.supplyAsync(migrator::migrate);
		awaitRunning(server, marker);
		server.restart();
		Throwable failure = catchThrowable(() -> running.get(60, TimeUnit.SECONDS));

		// 18.16 lets the running statement finish and still serves open connections while
		// it stops, so the
		// migration usually completes; where a statement meets the server down, the
		// failure is recorded
		if (failure == null) {
			assertThat(history(db)).isEqualTo("20250101000000\tapplied\t3\t3\n");
			assertThat(db.tableExists("after_restart")).isTrue();
		}
		else {
			assertThat(failure.getCause()).isInstanceOfSatisfying(MigrationFailedException.class, (ex) -> {
				assertThat(ex.action()).contains("The history records the failure");
				assertThat(history(db)).isEqualTo("20250101000000\tfailed\t3\t" + (ex.statementNumber() - 1) + "\n");
			});
		}
	}

	// 10: a request cut before it reached the server is retried once the server's query
	// log shows it never ran; without a query log it may have run, and is not
	@Test
	void connectionCutMidStatementIsRetriedWhenAskedAndNamedWhenNot(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			// the driver's own retries off, so that Pillar's are the ones under test
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			boolean keepsQueryLog = StatementQueryIdsIntegrationTests.keepsQueryLog(db);

			proxy.cut("/*cut*/", 2);
			ResolvedMigration cut = ResolvedMigration.of(V1, "cut_twice",
					List.of("CREATE TABLE cut_twice /*cut*/ (id UInt64) ENGINE = MergeTree ORDER BY id"), List.of(),
					SOURCE);
			if (!keepsQueryLog) {
				assertThatExceptionOfType(MigrationFailedException.class)
					.isThrownBy(() -> configure(jdbc, cut).retryAttempts(2)
						.retryBackoff(Duration.ofMillis(50))
						.load()
						.migrate())
					.withMessageContaining(
							"the server's record cannot tell whether it ran: the server keeps no " + "query log");
				assertThat(proxy.requests("/*cut*/")).isEqualTo(1);
				assertThat(history(db)).isEqualTo("20250101000000\tfailed\t1\t0\n");
				return;
			}
			assertThat(configure(jdbc, cut).retryAttempts(2).retryBackoff(Duration.ofMillis(50)).load().migrate())
				.singleElement();
			assertThat(proxy.requests("/*cut*/")).isEqualTo(3);
			assertThat(db.tableExists("cut_twice")).isTrue();

			proxy.cut("/*cut-once*/", 1);
			ResolvedMigration once = ResolvedMigration.of(V2, "cut_once",
					List.of("CREATE TABLE cut_once /*cut-once*/ (id UInt64) ENGINE = MergeTree ORDER BY id"), List.of(),
					SOURCE);
			assertThatExceptionOfType(MigrationFailedException.class)
				.isThrownBy(() -> migrator(jdbc, cut, once).migrate())
				.satisfies((ex) -> assertThat(ex.getMessage()).startsWith("Migration 20250102000000 (cut_once) failed "
						+ "at up statement 1 of 1: Network error (NoHttpResponseException): 127.0.0.1:" + proxy.port()
						+ " failed to respond (it did not run: the server's query log has no entry of "));
			assertThat(proxy.requests("/*cut-once*/")).isEqualTo(1);
			assertThat(db.tableExists("cut_once")).isFalse();
			assertThat(history(db)).isEqualTo("20250101000000\tapplied\t1\t1\n20250102000000\tfailed\t1\t0\n");
		}
	}

	// 10
	@Test
	void sqlErrorIsNeverRetried(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			ResolvedMigration wrong = ResolvedMigration.of(V1, "wrong_column",
					List.of("SELECT no_such_column /*sql-error*/ FROM system.one"), List.of(), SOURCE);

			assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(
					() -> configure(jdbc, wrong).retryAttempts(2).retryBackoff(Duration.ofMillis(50)).load().migrate())
				.withMessageStartingWith(
						"Migration 20250101000000 (wrong_column) failed at up statement 1 of 1: Code: 47.");
			assertThat(proxy.requests("/*sql-error*/")).isEqualTo(1);
			assertThat(history(db)).isEqualTo("20250101000000\tfailed\t1\t0\n");
		}
	}

	// 10: the server ran the statement, but its answer was lost: looked up in the
	// server's query log before anything is retried or reported
	@Test
	void lostAnswerOfAnInsertIsLookedUpAndTheInsertNeverSentTwice(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			jdbc.execute("CREATE TABLE lost (id UInt64) ENGINE = MergeTree ORDER BY id");
			boolean keepsQueryLog = StatementQueryIdsIntegrationTests.keepsQueryLog(db);
			ResolvedMigration withoutRetries = ResolvedMigration.of(V1, "lost_without_retries",
					List.of("INSERT INTO lost /*lost-1*/ VALUES (1)"), List.of(), SOURCE);
			ResolvedMigration withRetries = ResolvedMigration.of(V2, "lost_with_retries",
					List.of("INSERT INTO lost /*lost-2*/ VALUES (2)"), List.of(), SOURCE);
			proxy.loseAnswer("/*lost-1*/", 1);
			proxy.loseAnswer("/*lost-2*/", 1);
			if (keepsQueryLog) {
				// the query log shows each finished: done, and sent once
				assertThat(configure(jdbc, withoutRetries).load().migrate()).singleElement();
				assertThat(configure(jdbc, withoutRetries, withRetries).retryAttempts(2)
					.retryBackoff(Duration.ofMillis(50))
					.load()
					.migrate()).singleElement();
				assertThat(history(db)).isEqualTo("20250101000000\tapplied\t1\t1\n20250102000000\tapplied\t1\t1\n");
			}
			else {
				// no record to look it up in: not retried, and the failure says it may
				// have
				// run
				assertThatExceptionOfType(MigrationFailedException.class)
					.isThrownBy(() -> configure(jdbc, withoutRetries, withRetries).retryAttempts(2)
						.retryBackoff(Duration.ofMillis(50))
						.load()
						.migrate())
					.satisfies((ex) -> {
						assertThat(ex.clickHouseMessage()).startsWith("Network error (NoHttpResponseException)")
							.contains("the request was sent but its answer was lost, and the server's record cannot "
									+ "tell whether it ran: the server keeps no query log");
						assertThat(ex.action()).startsWith("No statement before it ran. Statement 1 itself may have "
								+ "run: its answer was lost");
					});
				assertThat(history(db)).isEqualTo("20250101000000\tfailed\t1\t0\n");
				assertThat(db.query("SELECT error FROM pillar_migrations")).contains("cannot tell whether it ran")
					.contains("the server keeps no query log");
			}
			assertThat(proxy.requests("/*lost-1*/")).isEqualTo(1);
			assertThat(proxy.requests("/*lost-2*/")).isEqualTo(keepsQueryLog ? 1 : 0);
			assertThat(db.query("SELECT id FROM lost ORDER BY id")).isEqualTo(keepsQueryLog ? "1\n2\n" : "1\n");
		}
	}

	// 9 and 10: ClickHouse unreachable for longer than Pillar waits to write the history
	// (a third of the lease)
	@Test
	void historyThatCannotBeWrittenIsSaidPlainly(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			String historyInsert = "INSERT INTO pillar_migrations (";
			proxy.cut(historyInsert, 1000);

			proxy.cut("/*fails*/", 1);
			ResolvedMigration failing = ResolvedMigration.of(V1, "unrecorded_failure",
					List.of(create("first"),
							"CREATE TABLE second /*fails*/ (id UInt64) ENGINE = MergeTree ORDER BY id"),
					List.of(), SOURCE);
			assertThatExceptionOfType(MigrationFailedException.class)
				.isThrownBy(() -> configure(jdbc, failing).lockLease(Duration.ofSeconds(3))
					.lockWaitTimeout(Duration.ofSeconds(10))
					.load()
					.migrate())
				.satisfies((ex) -> {
					assertThat(ex.getMessage()).startsWith("Migration 20250101000000 (unrecorded_failure) failed at up "
							+ "statement 2 of 2: Network error (NoHttpResponseException)");
					assertThat(ex.action()).contains("The history could NOT record the failure")
						.contains("Pillar's own lock is left to run out")
						.contains("the next migrate runs it again from statement 1");
					assertThat(ex.getSuppressed()).isNotEmpty();
				});

			// a history of its own: the failed run left its lease to run out, and the
			// next
			// holder of that lock would record it as interrupted
			proxy.cut("INSERT INTO second_history (", 1000);
			ResolvedMigration succeeding = ResolvedMigration.of(V1, "unrecorded_success", List.of(create("only")),
					List.of(), SOURCE);
			assertThatExceptionOfType(PillarException.class)
				.isThrownBy(() -> configure(jdbc, succeeding).table("second_history")
					.lockLease(Duration.ofSeconds(3))
					.lockWaitTimeout(Duration.ofSeconds(10))
					.load()
					.migrate())
				.withMessageStartingWith("Migration 20250101000000 (unrecorded_success) ran all 1 up statement(s), but "
						+ "the history (table second_history) could not record it: Network error")
				.satisfies((ex) -> assertThat(ex.action()).contains("the next migrate runs it again from statement 1"));
			assertThat(db.tableExists("only")).isTrue();
			assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("0\n");
			assertThat(db.query("SELECT count() FROM second_history")).isEqualTo("0\n");
		}
	}

	private static ResolvedMigration slowSecondStatement(String marker) {
		return ResolvedMigration.of(V1, "slow_second_statement",
				List.of(create("before_restart"), "SELECT sleep(3) AS " + marker, create("after_restart")), List.of(),
				SOURCE);
	}

	private static String create(String table) {
		return "CREATE TABLE " + table + " (id UInt64) ENGINE = MergeTree ORDER BY id";
	}

	private static JdbcTemplate jdbc(String url) {
		return new JdbcTemplate(new DriverManagerDataSource(url));
	}

	private static PillarMigrator migrator(JdbcTemplate jdbc, Migration... migrations) {
		return configure(jdbc, migrations).load();
	}

	private static PillarConfiguration configure(JdbcTemplate jdbc, Migration... migrations) {
		return PillarMigrator.configure().jdbc(jdbc).migrations(List.of(migrations));
	}

	private static String history(TestDatabase db) {
		return db.query("SELECT version, event, statements, statements_done FROM pillar_migrations ORDER BY sequence");
	}

	private static void assertNoSecret(Throwable failure, String secret) {
		StringWriter trace = new StringWriter();
		// every message of the cause chain and of suppressed exceptions
		failure.printStackTrace(new PrintWriter(trace));
		assertThat(trace.toString()).contains(failure.getMessage()).doesNotContain(secret);
		if (failure instanceof PillarException pillar) {
			assertThat(pillar.action()).doesNotContain(secret);
		}
	}

	private static void awaitRunning(ClickHouseServer server, String marker) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		// not this query itself, which names the marker too
		while (!server
			.query("SELECT count() FROM system.processes WHERE query LIKE '%sleep(3) AS " + marker + "%' "
					+ "AND query NOT LIKE '%system.processes%'")
			.trim()
			.equals("1")) {
			assertThat(System.nanoTime()).as("statement 2 running within 10 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	/**
	 * A port where connecting hangs until the client's connect timeout, as with a
	 * firewalled host: a listening socket whose backlog is full, so that the kernel drops
	 * further connection requests.
	 */
	private static final class Blackhole implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());

		private final List<Socket> filling = new ArrayList<>();

		Blackhole() throws IOException {
			for (int i = 0; i < 10; i++) {
				Socket client = new Socket();
				try {
					client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
					this.filling.add(client);
				}
				catch (SocketTimeoutException ex) {
					client.close();
					return;
				}
			}
			throw new IllegalStateException("Cannot fill the backlog of a listening socket: connects do not hang here");
		}

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			for (Socket client : this.filling) {
				client.close();
			}
			this.socket.close();
		}

	}

}
