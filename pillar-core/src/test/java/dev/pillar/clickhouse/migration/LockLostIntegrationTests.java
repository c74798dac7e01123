package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A holder that can no longer be sure of the lock (frozen past its lease, or cut off from
 * its renewals) runs no statement and writes no history row more: fencing, proven with a
 * real child JVM frozen by SIGSTOP and with renewals cut by a proxy.
 */
@ClickHouseTest
class LockLostIntegrationTests {

	private static final long FIRST = 20250601000001L;

	private static final long SECOND = 20250601000002L;

	@Test
	void anInstanceFrozenPastItsLeaseRunsNothingMoreWhenItWakes(TestDatabase db) throws Exception {
		ChildInstance frozen = ChildInstance.start(Instance.class, db.jdbcUrl());
		// frozen inside the first migration's pauses (statements 2 to 11), at least two
		// seconds before its insert, also where a renewal waits behind a pause
		ChildInstance.awaitLockRow(db, ChildInstance.runningOneOf(FIRST, 2, 7));
		frozen.freeze();
		try {
			PillarMigrator next = migrator(db.jdbcUrl());
			// the frozen instance's lease runs out; the next one finds the migration
			// interrupted and refuses, as designed
			assertThatExceptionOfType(PillarException.class).isThrownBy(next::migrate)
				.withMessageContaining("was interrupted");
			// as its message asks, resumed from the first statement that did not run (the
			// sleeps may run again), then the rest applied
			assertThat(next.resume(12)).singleElement().satisfies((run) -> assertThat(run.version()).isEqualTo(FIRST));
			assertThat(next.migrate()).singleElement().satisfies((run) -> assertThat(run.version()).isEqualTo(SECOND));
		}
		finally {
			frozen.wake();
		}

		assertThat(frozen.awaitExit()).isEqualTo(1);
		assertThat(frozen.output()).containsPattern("Lost the migration lock while running migration " + FIRST
				+ " \\(frozen_first\\): statements 1 to ([2-9]|1[01]) ran; nothing more was run");
		assertThat(db.query("SELECT id, count() FROM log GROUP BY id ORDER BY id")).isEqualTo("1\t1\n2\t1\n");
		assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo(FIRST + "\tinterrupted\n" + FIRST + "\tapplied\n" + SECOND + "\tapplied\n");
		assertThat(db.query("SELECT count() = uniqExact(sequence) FROM pillar_migrations")).isEqualTo("1\n");
	}

	@Test
	void aHolderWhoseRenewalsAreCutStopsBeforeItsNextStatement(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			// every renewal that says statement 2 runs, and each of its retries, is cut
			// before it reaches ClickHouse
			String renewals = "'" + FIRST + ":2'";
			proxy.cut(renewals, 1000);
			PillarMigrator migrator = PillarMigrator.configure()
				.jdbc(jdbc)
				.migrations(List.of(ResolvedMigration.of(FIRST, "renewals_cut",
						List.of("CREATE TABLE IF NOT EXISTS log (id UInt64) ENGINE = MergeTree ORDER BY id",
								"SELECT sleep(3)", "INSERT INTO log VALUES (1)"),
						List.of(), "test")))
				.lockLease(Duration.ofSeconds(4))
				.load();

			assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(PillarException.Kind.LOCK_LOST);
				assertThat(ex.getMessage())
					.startsWith("Lost the migration lock while running migration " + FIRST
							+ " (renewals_cut): statements 1 to 2 ran; nothing more was run. Why: ")
					.contains("no renewal of its lease succeeded for");
				assertThat(ex.action()).contains("it completes it from the server's record, and nobody needs to act")
					.contains("resume it from statement 3");
			});
			assertThat(proxy.requests(renewals)).isGreaterThan(1);
			assertThat(db.query("SELECT count() FROM log")).isEqualTo("0\n");
			assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("0\n");
		}
	}

	@Test
	void aRunWhoseIntentCannotBeKeptWithTheLockRunsNothing(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			// the lock row that says which migrations this run is about to run
			String intent = " " + FIRST + "'";
			proxy.cut(intent, 1000);
			PillarMigrator migrator = PillarMigrator.configure()
				.jdbc(jdbc)
				.migrations(List.of(ResolvedMigration.of(FIRST, "intent_cut",
						List.of("CREATE TABLE IF NOT EXISTS log (id UInt64) ENGINE = MergeTree ORDER BY id",
								"INSERT INTO log VALUES (1)"),
						List.of(), "test")))
				.lockLease(Duration.ofSeconds(6))
				.load();

			// a death after running on would leave no trace of what ran, and the next
			// holder would run it again from statement 1
			assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::migrate).satisfies((ex) -> {
				assertThat(ex.kind()).isEqualTo(PillarException.Kind.LOCK_UNAVAILABLE);
				assertThat(ex.getMessage()).contains("Could not keep what this run does", "nothing of it was run");
			});
			assertThat(proxy.requests(intent)).isGreaterThan(0);
			assertThat(db.query("EXISTS TABLE log")).isEqualTo("0\n");
			assertThat(db.query("SELECT countIf(released = 1) > 0 FROM pillar_migrations_lock")).isEqualTo("1\n");
			assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("0\n");
		}
	}

	static PillarMigrator migrator(String url) {
		// the pauses give the test statements to freeze the instance in, known from its
		// renewals; on a server that runs one query at a time (the 26.7 test front) a
		// renewal waits for the pause before it, so the pauses are short and many; a
		// lease short enough for a quick takeover, long enough for a renewal that waited
		List<String> first = new ArrayList<>();
		first.add("CREATE TABLE IF NOT EXISTS log (id UInt64) ENGINE = MergeTree ORDER BY id");
		first.addAll(ChildInstance.pauses(10));
		first.add("INSERT INTO log VALUES (1)");
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(url)))
			.migrations(List.of(ResolvedMigration.of(FIRST, "frozen_first", first, List.of(), "test"),
					ResolvedMigration.of(SECOND, "frozen_second", List.of("INSERT INTO log VALUES (2)"), List.of(),
							"test")))
			.lockLease(Duration.ofSeconds(5))
			.lockWaitTimeout(Duration.ofMinutes(1))
			// the scenario: a person resumes; the frozen holder must not run on
			// either way, and a holder that is not dead is not recovered from
			.recover(false)
			.load();
	}

	/** An application instance in a JVM of its own: migrates. */
	public static final class Instance {

		public static void main(String[] args) {
			migrator(args[0]).migrate();
		}

	}

}
