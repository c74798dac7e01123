package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application instance killed (SIGKILL: an OOM kill, an evicted pod) while a migration
 * runs, in a JVM of its own: the next instance knows the migration was interrupted,
 * refuses to run it again from the start, says who ran it and how far it got, and resume
 * from a named statement completes it without repeating the data change.
 */
@ClickHouseTest
class InterruptedMigrationIntegrationTests {

	private static final long VERSION = 20250101000000L;

	private static final Pattern PROGRESS = Pattern.compile(VERSION + ":(\\d+)");

	@Test
	void aMigrationWhoseInstanceWasKilledIsInterruptedAndResumesFromANamedStatement(TestDatabase db) throws Exception {
		ChildInstance killed = start(db, "up");
		int running = killWhileSleeping(db, killed);
		PillarMigrator next = migrator(db.jdbcUrl());

		// waits for the dead instance's lease to run out, then finds what it left
		assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate).satisfies((ex) -> {
			assertThat(ex.getMessage())
				.startsWith("Migration " + VERSION + " (fill_log) was interrupted: its instance " + killed.pid() + "@")
				.contains("Statements 1 to " + (running - 1) + " ran, and up statement " + running + " of 13 was "
						+ "running then");
			assertThat(ex.action()).contains("resume from the first statement that did not run");
		});
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(db.query("SELECT event, statements, statements_done FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\t13\t" + (running - 1) + "\n");
		MigrationInfo info = next.status().migrations().get(0);
		assertThat(info.state()).isEqualTo(MigrationState.INTERRUPTED);
		assertThat(next.status().failed()).isEqualTo(info);
		// told once: the next start does not record it again
		assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate);
		assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("1\n");

		assertThatExceptionOfType(PillarException.class).isThrownBy(next::resume)
			.withMessageContaining("without a statement to resume from")
			.satisfies((ex) -> assertThat(ex.kind()).isEqualTo(PillarException.Kind.STATEMENT_REQUIRED));
		assertThat(next.resume(running)).singleElement()
			.satisfies((run) -> assertThat(run.statements()).isEqualTo(14 - running));
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
		assertThat(db.tableExists("after_sleep")).isTrue();
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("interrupted\napplied\n");
	}

	@Test
	void aRollbackWhoseInstanceWasKilledIsInterruptedToo(TestDatabase db) throws Exception {
		PillarMigrator migrator = migrator(db.jdbcUrl());
		migrator.migrate();
		ChildInstance killed = start(db, "down");
		int running = killWhileSleeping(db, killed);

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.rollback(1))
			.withMessageContaining("was interrupted")
			.withMessageContaining("down statement " + running + " of 13 was running then");
		assertThat(migrator.status().migrations().get(0).state()).isEqualTo(MigrationState.ROLLBACK_INTERRUPTED);
		assertThat(db.query("SELECT countIf(id = 100) FROM log")).isEqualTo("1\n");

		migrator.resume(running);
		assertThat(db.query("SELECT countIf(id = 100) FROM log")).isEqualTo("1\n");
		assertThat(db.tableExists("after_sleep")).isFalse();
		assertThat(migrator.status().migrations().get(0).state()).isEqualTo(MigrationState.PENDING);
	}

	@Test
	void anInstanceKilledBeforeItsFirstRenewalLeavesAnInterruptionOfUnknownProgress(TestDatabase db) throws Exception {
		ChildInstance killed = start(db, "up");
		// its intent is kept as soon as it holds the lock, before any statement
		ChildInstance.awaitLockRow(db, "intent != ''");
		killed.kill();
		PillarMigrator next = migrator(db.jdbcUrl());

		assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate)
			.withMessageContaining("was interrupted");
		assertThat(next.status().migrations().get(0).state()).isEqualTo(MigrationState.INTERRUPTED);
		// undone by hand, then repaired: pending again, and the next migrate runs it
		// whole
		db.query("DROP TABLE IF EXISTS log");
		db.query("DROP TABLE IF EXISTS after_sleep");
		next.repair();
		assertThat(next.migrate()).hasSize(1);
		assertThat(db.query("SELECT count() FROM log")).isEqualTo("1\n");
	}

	/**
	 * Waits until the instance's lock renewal says a sleep statement runs, kills it, and
	 * returns the statement its last renewal named.
	 */
	private static int killWhileSleeping(TestDatabase db, ChildInstance instance) throws Exception {
		// the first six of ten pauses: two seconds remain to see the row and kill the
		// instance, even where the poll waits behind a pause
		ChildInstance.awaitLockRow(db, ChildInstance.runningOneOf(VERSION, 3, 8));
		instance.kill();
		Matcher matcher = PROGRESS.matcher(ChildInstance.awaitLockRow(db, "progress != ''"));
		assertThat(matcher.find()).isTrue();
		return Integer.parseInt(matcher.group(1));
	}

	private static ChildInstance start(TestDatabase db, String direction) throws Exception {
		return ChildInstance.start(Instance.class, db.jdbcUrl(), direction);
	}

	static PillarMigrator migrator(String url) {
		// statement 2 changes data and must never run twice; the pauses give the test a
		// statement to kill the instance in; how far the instance got is known only as of
		// its last renewal, so the statements after the pauses are re-runnable, as the
		// docs advise
		List<String> sleeps = ChildInstance.pauses(10);
		List<String> up = new java.util.ArrayList<>(
				List.of("CREATE TABLE IF NOT EXISTS log (id UInt64) " + "ENGINE = MergeTree ORDER BY id",
						"INSERT INTO log VALUES (1)"));
		up.addAll(sleeps);
		up.add("CREATE TABLE IF NOT EXISTS after_sleep (id UInt64) ENGINE = MergeTree ORDER BY id");
		List<String> down = new java.util.ArrayList<>(List.of("INSERT INTO log VALUES (100)", "SELECT 1"));
		down.addAll(sleeps);
		down.add("DROP TABLE IF EXISTS after_sleep");
		// a short lease, renewed every 1.5 s: the progress the test waits for, and a
		// quick takeover; long enough that a renewal queued behind a sleep on a server
		// that runs one query at a time (the 26.7 test front) is still in time
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(url)))
			.migrations(List.of(ResolvedMigration.of(VERSION, "fill_log", up, down, "test")))
			.lockLease(Duration.ofSeconds(6))
			.lockWaitTimeout(Duration.ofMinutes(1))
			// what is proven here is the refusal, as without a query log to recover from
			.recover(false)
			.load();
	}

	/** An application instance in a JVM of its own: migrates, or rolls back one step. */
	public static final class Instance {

		public static void main(String[] args) {
			PillarMigrator migrator = migrator(args[0]);
			if (args[1].equals("up")) {
				migrator.migrate();
			}
			else {
				migrator.rollback(1);
			}
		}

	}

}
