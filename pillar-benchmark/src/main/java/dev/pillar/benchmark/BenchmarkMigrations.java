package dev.pillar.benchmark;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import dev.pillar.clickhouse.migration.PillarConfiguration;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.internal.MigrationEventType;
import dev.pillar.clickhouse.migration.internal.MigrationHistory;
import dev.pillar.clickhouse.test.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Migrations built in code for the benchmark, and a history that says they are applied.
 */
final class BenchmarkMigrations {

	private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

	private static final LocalDateTime FIRST = LocalDateTime.of(2025, 1, 1, 0, 0);

	private BenchmarkMigrations() {
	}

	/**
	 * Migrations whose {@code up} is {@code SELECT 1}.
	 * @param count how many
	 * @return them, oldest first
	 */
	static List<ResolvedMigration> noops(int count) {
		return build(count, (i) -> "SELECT 1");
	}

	/**
	 * Migrations that each create one small table, {@code t_0}, {@code t_1}, ...
	 * @param count how many
	 * @return them, oldest first
	 */
	static List<ResolvedMigration> createTables(int count) {
		return build(count, BenchmarkMigrations::createTable);
	}

	/**
	 * The statement of the {@code i}-th of {@link #createTables(int)}.
	 * @param i the index
	 * @return the statement
	 */
	static String createTable(int i) {
		return "CREATE TABLE t_" + i + " (id UInt64) ENGINE = MergeTree ORDER BY id";
	}

	/**
	 * Migrations of one statement each.
	 * @param statements the statements, oldest first
	 * @return one migration per statement
	 */
	static List<ResolvedMigration> of(List<String> statements) {
		return build(statements.size(), statements::get);
	}

	/**
	 * The version of the {@code i}-th migration: a minute after the one before.
	 * @param i the index, from 0
	 * @return the version, {@code yyyyMMddHHmmss}
	 */
	static String version(int i) {
		return FIRST.plusMinutes(i).format(VERSION);
	}

	private static List<ResolvedMigration> build(int count, IntFunction<String> up) {
		return IntStream.range(0, count)
			.mapToObj((i) -> ResolvedMigration.of(Long.parseLong(version(i)), "m_" + i, List.of(up.apply(i)), List.of(),
					"benchmark"))
			.toList();
	}

	/**
	 * Records migrations as applied, as if Pillar had run them: creates the history table
	 * with Pillar's own DDL and appends one {@code applied} row per migration, all in one
	 * INSERT.
	 * @param database the database
	 * @param jdbc a template on it (for the table)
	 * @param migrations the migrations
	 */
	static void seedApplied(TestDatabase database, JdbcTemplate jdbc, List<ResolvedMigration> migrations) {
		new MigrationHistory(jdbc, new PillarConfiguration().getTable()).createIfMissing();
		StringBuilder insert = new StringBuilder("INSERT INTO ").append(new PillarConfiguration().getTable())
			.append(" (sequence, version, name, event, checksum, statements, statements_done, execution_ms, host, ")
			.append("installed_by, error, executed_at) VALUES ");
		for (int i = 0; i < migrations.size(); i++) {
			ResolvedMigration migration = migrations.get(i);
			insert.append((i > 0) ? ", " : "")
				.append('(')
				.append(i + 1)
				.append(", ")
				.append(migration.version())
				.append(", '")
				.append(migration.name())
				.append("', '")
				.append(MigrationEventType.APPLIED.column())
				.append("', '")
				.append(migration.checksum())
				.append("', 1, 1, 0, 'benchmark', 'default', '', '2025-01-01 00:00:00')");
		}
		database.query(insert.toString());
	}

}
