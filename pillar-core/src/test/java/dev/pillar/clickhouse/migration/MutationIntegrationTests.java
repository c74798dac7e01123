package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * "Applied" means done: a statement that starts a mutation ({@code ALTER TABLE … UPDATE})
 * is done only when the mutation is. Servers differ in one respect only: a current server
 * can run mutations synchronously (chDB does, with {@code mutations_sync = 1}), then the
 * ALTER itself fails; 18.16 always runs them in the background, and does not say why one
 * fails. The tests that need a mutation in the background ask for one on both.
 */
@ClickHouseTest
@ExtendWith(OutputCaptureExtension.class)
class MutationIntegrationTests {

	private static final String SOURCE = "MutationIntegrationTests";

	private static final long V1 = 20250101000000L;

	private static final long V2 = 20250102000000L;

	@Test
	void aFailingMutationFailsTheStartWithItsReasonAndRecordsNoApplied(TestDatabase db) {
		PillarMigrator migrator = migrator(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl())),
				Duration.ofMinutes(1), readings(), convert());

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
			assertThat(ex.version()).isEqualTo(V2);
			assertThat(ex.clickHouseMessage()).startsWith("Mutation mutation_")
				.contains(" of table " + db.name() + ".readings failed: ")
				.contains("Cannot parse string 'abc' as UInt64")
				.contains("The mutation keeps retrying in the background");
			assertThat(ex.clickHouseMessage()).contains(stopAdvice(db));
		});
		assertThat(db
			.query("SELECT version, event, statements, statements_done FROM pillar_migrations " + "ORDER BY sequence"))
			.isEqualTo(V1 + "\tapplied\t2\t2\n" + V2 + "\tfailed\t1\t0\n");
		assertThat(db.query("SELECT error FROM pillar_migrations WHERE version = " + V2))
			.contains("Cannot parse string \\'abc\\' as UInt64");
		assertThat(db.query("SELECT value FROM readings ORDER BY id")).isEqualTo("0\n0\n");
	}

	@Test
	void anAlterAnswersBeforeItsMutationIsDoneUnlessTheServerRunsMutationsSynchronously(TestDatabase db) {
		readings().up().forEach(db::query);
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl()));

		if (synchronousMutations(db)) {
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> jdbc.execute(convert().up().get(0)))
				.withMessageContaining("Cannot parse string 'abc' as UInt64");
		}
		else {
			assertThatNoException().isThrownBy(() -> jdbc.execute(convert().up().get(0)));
		}
		// either way the mutation stays, not done, and retries
		assertThat(db
			.query("SELECT is_done FROM system.mutations WHERE database = '" + db.name() + "' AND table = 'readings'"))
			.isEqualTo("0\n");
	}

	@Test
	void aSlowMutationIsWaitedForWithItsProgressShownThenApplied(TestDatabase db, CapturedOutput output)
			throws Exception {
		PillarMigrator migrator = migrator(backgroundMutations(db), Duration.ofMinutes(1), parts(3), slowUpdate(1));

		CompletableFuture<List<MigrationRun>> migrate = CompletableFuture.supplyAsync(migrator::migrate);
		RunningStatement running = awaitMutation(migrator, migrate);
		// status does not wait for the running migrate
		MigrationStatus status = CompletableFuture.supplyAsync(migrator::status).get(10, TimeUnit.SECONDS);

		assertThat(running.version()).isEqualTo(V2);
		assertThat(running.statementNumber()).isEqualTo(1);
		assertThat(running.mutations()).isNotEmpty().allSatisfy((mutation) -> {
			assertThat(mutation.database()).isEqualTo(db.name());
			assertThat(mutation.table()).isEqualTo("samples");
			assertThat(mutation.mutationId()).startsWith("mutation_");
			assertThat(mutation.partsToDo()).isPositive();
		});
		assertThat(status.pendingCount()).isEqualTo(1);
		assertThat(migrate.get(1, TimeUnit.MINUTES)).extracting(MigrationRun::version).containsExactly(V1, V2);
		// done means done: every row rewritten when migrate returns
		assertThat(db.query("SELECT count() FROM samples WHERE value = 0")).isEqualTo("0\n");
		assertThat(migrator.running()).isEmpty();
		assertThat(output.getAll()).contains("Waiting for mutation mutation_")
			.contains(" of table " + db.name() + ".samples (")
			.contains(" part(s) to do)");
		assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo(V1 + "\tapplied\n" + V2 + "\tapplied\n");
	}

	@Test
	void aMutationStillRunningAtTheTimeoutFailsTheStatementAndResumeWaitsAgain(TestDatabase db) {
		JdbcTemplate jdbc = backgroundMutations(db);
		PillarMigrator impatient = migrator(jdbc, Duration.ofMillis(500), parts(2), slowUpdate(2));

		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(impatient::migrate).satisfies((ex) -> {
			assertThat(ex.clickHouseMessage()).startsWith("Mutation mutation_")
				.contains(" of table " + db.name() + ".samples did not finish within the mutation timeout (500 ms): ")
				.contains("If it finishes later, the statement's work is done: resume from the statement after it.")
				.contains(stopAdvice(db));
			assertThat(ex.statementNumber()).isEqualTo(1);
		});
		assertThat(db.query("SELECT version, event, statements_done FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo(V1 + "\tapplied\t3\n" + V2 + "\tfailed\t0\n");

		// the statement runs again, and is waited for
		List<MigrationRun> resumed = migrator(jdbc, Duration.ofMinutes(1), parts(2), slowUpdate(2)).resume();

		assertThat(resumed).extracting(MigrationRun::version).containsExactly(V2);
		assertThat(db.query("SELECT count() FROM samples WHERE value = 0")).isEqualTo("0\n");
		assertThat(db.query("SELECT event FROM pillar_migrations WHERE version = " + V2 + " ORDER BY sequence"))
			.isEqualTo("failed\napplied\n");
	}

	// a mutation is the statement's only when the server ties it to the statement: its
	// command, created once the statement was sent
	@Test
	void anotherConnectionsFailingMutationOfTheSameTableIsNotBlamedOnTheMigration(TestDatabase db) throws Exception {
		CompletableFuture<List<MigrationRun>> migrate = migrateUntilItsMutationShows(db, 1, 3);
		// another job's, during the wait, once the server rewrites the one part for ours
		// (a part taken up later is rewritten for both at once, and the failure would
		// then stop ours too): it fails on every row
		Thread.sleep(1000);
		backgroundMutations(db)
			.execute("ALTER TABLE samples UPDATE value = toUInt64(concat('x', toString(id))) WHERE 1");

		assertThat(migrate.get(1, TimeUnit.MINUTES)).extracting(MigrationRun::version).containsExactly(V1, V2);
		assertThat(db.query("SELECT count() FROM samples WHERE value = 0")).isEqualTo("0\n");
		assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo(V1 + "\tapplied\n" + V2 + "\tapplied\n");
	}

	// killed (KILL MUTATION where the server has it; 18.16 has none: its table dropped)
	// before it was seen done: not applied
	@Test
	void aMutationThatVanishesBeforeItIsDoneFailsTheStatement(TestDatabase db) throws Exception {
		CompletableFuture<List<MigrationRun>> migrate = migrateUntilItsMutationShows(db, 3, 1);
		if (stopAdvice(db).startsWith("stop it with KILL MUTATION")) {
			db.query("KILL MUTATION WHERE database = '" + db.name() + "' AND table = 'samples'");
		}
		else {
			db.query("DROP TABLE samples");
		}

		assertThat(catchThrowable(() -> migrate.get(1, TimeUnit.MINUTES)))
			.hasCauseInstanceOf(MigrationFailedException.class)
			.satisfies((ex) -> assertThat(((MigrationFailedException) ex.getCause()).clickHouseMessage())
				.contains(" of table " + db.name() + ".samples ")
				.containsAnyOf("vanished from system.mutations before it was seen done", "doesn't exist",
						"does not exist"));
		assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo(V1 + "\tapplied\n" + V2 + "\tfailed\n");
	}

	// the statement ran: reading its mutations again is safe, running it again is not
	@Test
	void aCutWhilePollingTheMutationsIsRetriedAndTheStatementNotSentAgain(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			DriverManagerDataSource dataSource = new DriverManagerDataSource(proxy.uncompressedJdbcUrl(db.jdbcUrl()));
			Properties properties = new Properties();
			properties.setProperty("retry", "0");
			if (synchronousMutations(db)) {
				properties.setProperty("clickhouse_setting_mutations_sync", "0");
			}
			dataSource.setConnectionProperties(properties);
			proxy.cut("is_done, parts_to_do", 2);

			assertThat(migrator(new JdbcTemplate(dataSource), Duration.ofMinutes(1), parts(2), slowUpdate(1)).migrate())
				.extracting(MigrationRun::version)
				.containsExactly(V1, V2);
			assertThat(proxy.dropped()).isEqualTo(2);
			assertThat(proxy.requests("sleepEachRow(1) WHERE 1")).isEqualTo(1);
			assertThat(db.query("SELECT count() FROM samples WHERE value = 0")).isEqualTo("0\n");
			assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
				.isEqualTo(V1 + "\tapplied\n" + V2 + "\tapplied\n");
		}
	}

	@Test
	void statementsThatStartNoMutationCostNoWait(TestDatabase db) {
		ResolvedMigration alter = ResolvedMigration.of(V2, "add_column",
				List.of("ALTER TABLE readings ADD COLUMN note String", "ALTER TABLE readings DELETE WHERE id = 1"),
				List.of(), SOURCE);

		migrator(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl())), Duration.ofMinutes(1), readings(), alter)
			.migrate();

		assertThat(db.query("SELECT id, note FROM readings")).isEqualTo("2\t\n");
	}

	private static ResolvedMigration readings() {
		return ResolvedMigration.of(V1, "create_readings",
				List.of("CREATE TABLE readings (id UInt64, raw String, value UInt64) ENGINE = MergeTree ORDER BY id",
						"INSERT INTO readings VALUES (1, '12', 0), (2, 'abc', 0)"),
				List.of(), SOURCE);
	}

	private static ResolvedMigration convert() {
		return ResolvedMigration.of(V2, "convert_readings",
				List.of("ALTER TABLE readings UPDATE value = toUInt64(raw) WHERE 1"), List.of(), SOURCE);
	}

	/** A table of several parts (one per insert): a mutation rewrites each. */
	private static ResolvedMigration parts(int parts) {
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE samples (id UInt64, value UInt64) ENGINE = MergeTree ORDER BY id");
		for (int i = 1; i <= parts; i++) {
			statements.add("INSERT INTO samples VALUES (" + i + ", 0)");
		}
		return ResolvedMigration.of(V1, "create_samples", statements, List.of(), SOURCE);
	}

	/** Sleeps a while on each row it rewrites: slow, and it succeeds. */
	private static ResolvedMigration slowUpdate(int secondsEachRow) {
		return ResolvedMigration.of(V2, "backfill_samples",
				List.of("ALTER TABLE samples UPDATE value = id + sleepEachRow(" + secondsEachRow + ") WHERE 1"),
				List.of(), SOURCE);
	}

	private static PillarMigrator migrator(JdbcTemplate jdbc, Duration mutationTimeout, Migration... migrations) {
		return PillarMigrator.configure()
			.jdbc(jdbc)
			.migrations(List.of(migrations))
			.mutationTimeout(mutationTimeout)
			.load();
	}

	/**
	 * A connection whose mutations run in the background: a server's default, which chDB
	 * changes.
	 */
	private static JdbcTemplate backgroundMutations(TestDatabase db) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(db.jdbcUrl());
		if (synchronousMutations(db)) {
			Properties properties = new Properties();
			properties.setProperty("clickhouse_setting_mutations_sync", "0");
			dataSource.setConnectionProperties(properties);
		}
		return new JdbcTemplate(dataSource);
	}

	/** 18.16 has no mutations_sync: it always runs mutations in the background. */
	private static boolean synchronousMutations(TestDatabase db) {
		return !db.query("SELECT value FROM system.settings WHERE name = 'mutations_sync'").strip().matches("0?");
	}

	/** KILL MUTATION came with latest_fail_reason; 18.16 has neither. */
	private static String stopAdvice(TestDatabase db) {
		boolean kill = db
			.query("SELECT count() FROM system.columns WHERE database = 'system' "
					+ "AND table = 'mutations' AND name = 'latest_fail_reason'")
			.strip()
			.equals("1");
		return kill ? "stop it with KILL MUTATION WHERE database = '" + db.name() + "' AND table = '"
				: "this server has no KILL MUTATION, so it stops only when the table is dropped, or when the file "
						+ "mutation_";
	}

	/** Migrates, in the background, until the slow update's mutation shows as running. */
	private static CompletableFuture<List<MigrationRun>> migrateUntilItsMutationShows(TestDatabase db, int parts,
			int secondsEachRow) throws InterruptedException {
		PillarMigrator migrator = migrator(backgroundMutations(db), Duration.ofMinutes(1), parts(parts),
				slowUpdate(secondsEachRow));
		CompletableFuture<List<MigrationRun>> migrate = CompletableFuture.supplyAsync(migrator::migrate);
		awaitMutation(migrator, migrate);
		return migrate;
	}

	private static RunningStatement awaitMutation(PillarMigrator migrator, CompletableFuture<?> migrate)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline && !migrate.isDone()) {
			RunningStatement running = migrator.running().orElse(null);
			if (running != null && !running.mutations().isEmpty()) {
				return running;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("No mutation shown as running; migrate done: " + migrate.isDone());
	}

}
