package dev.pillar.benchmark;

import java.time.Instant;

import dev.pillar.clickhouse.migration.PillarConfiguration;
import dev.pillar.clickhouse.migration.internal.MigrationEvent;
import dev.pillar.clickhouse.migration.internal.MigrationEventType;
import dev.pillar.clickhouse.migration.internal.MigrationHistory;
import dev.pillar.clickhouse.test.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The floor under every figure: single queries through the driver as Pillar sends them (a
 * new connection each, and the format bridge on an old server) and the same over plain
 * HTTP straight to ClickHouse. Which shows what one round trip costs, and what ClickHouse
 * itself spends on a history row against a small {@code CREATE TABLE}.
 */
final class RoundTrip {

	private static final String CHECKSUM = "0".repeat(64);

	private RoundTrip() {
	}

	/**
	 * Measures {@code SELECT 1}, {@code CREATE TABLE} and a history row, both ways.
	 * @param fixture the server
	 * @param rounds measured rounds (after as many warm-ups)
	 * @return rows of label, driver times, plain HTTP times
	 */
	static Result measure(Fixture fixture, int rounds) {
		TestDatabase database = fixture.newDatabase();
		try {
			JdbcTemplate jdbc = Fixture.jdbc(fixture.dataSource(database));
			MigrationHistory history = new MigrationHistory(jdbc, new PillarConfiguration().getTable());
			history.createIfMissing();
			Result result = new Result(new Samples[3], new Samples[3]);
			for (int i = 0; i < 3; i++) {
				result.driver()[i] = new Samples();
				result.http()[i] = new Samples();
			}
			for (int round = 0; round < 2 * rounds; round++) {
				boolean measured = round >= rounds;
				int n = round;
				time(measured, result.driver()[0], () -> jdbc.queryForObject("SELECT 1", Integer.class));
				time(measured, result.http()[0], () -> database.query("SELECT 1"));
				time(measured, result.driver()[1], () -> jdbc.execute(BenchmarkMigrations.createTable(2 * n)));
				time(measured, result.http()[1], () -> database.query(BenchmarkMigrations.createTable(2 * n + 1)));
				time(measured, result.driver()[2], () -> history.append(new MigrationEvent(2 * n, 20250101000000L + n,
						"m", MigrationEventType.APPLIED, CHECKSUM, 1, 1, 5, "host", "default", "", Instant.now())));
				time(measured, result.http()[2], () -> database.query("INSERT INTO "
						+ new PillarConfiguration().getTable()
						+ " (sequence, version, name, event, checksum, statements, statements_done, execution_ms, host, "
						+ "installed_by, error, executed_at) SELECT " + (2 * n + 1) + ", " + (20250101000000L + n)
						+ ", 'm', 'applied', '" + CHECKSUM + "', 1, 1, 5, 'host', 'default', '', toDateTime("
						+ Instant.now().getEpochSecond() + ")"));
			}
			return result;
		}
		finally {
			database.drop();
		}
	}

	private static void time(boolean measured, Samples samples, Runnable query) {
		long start = System.nanoTime();
		query.run();
		if (measured) {
			samples.addSince(start);
		}
	}

	/**
	 * The times, in the order {@code SELECT 1}, {@code CREATE TABLE}, history row.
	 *
	 * @param driver through the driver
	 * @param http over plain HTTP
	 */
	record Result(Samples[] driver, Samples[] http) {

		/** What was measured, in order. */
		static final String[] QUERIES = { "SELECT 1", "CREATE TABLE t (id UInt64) ENGINE = MergeTree ORDER BY id",
				"history INSERT (one row of pillar_migrations, as Pillar writes it)" };

	}

}
