package dev.pillar.clickhouse.migration;

import java.util.List;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every statement a migration sends carries a query id of its own, derived from the run,
 * the version, the direction and the statement's number, with query logging on: the
 * server records it where it keeps a query log (18.16 here; ClickHouse 26.7 as a library
 * keeps none).
 */
@ClickHouseTest
class StatementQueryIdsIntegrationTests {

	private static final long VERSION = 20250101000000L;

	@Test
	void eachStatementIsRecordedUnderItsOwnQueryId(TestDatabase db) {
		PillarMigrator migrator = PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl())))
			.migrations(List.of(ResolvedMigration.of(VERSION, "things",
					List.of("CREATE TABLE things (id UInt64) ENGINE = MergeTree ORDER BY id",
							"INSERT INTO things VALUES (1), (2)"),
					List.of("DROP TABLE things"), "test")))
			.load();
		migrator.migrate();
		assertThat(db.query("SELECT count() FROM things")).isEqualTo("2\n");
		if (keepsQueryLog(db)) {
			String token = db.query("SELECT any(token) FROM pillar_migrations_lock").trim();
			assertThat(db.query("SELECT query_id, written_rows FROM system.query_log WHERE type = 2 AND query_id "
					+ "LIKE 'pillar-" + token + "-%' ORDER BY query_id"))
				.isEqualTo("pillar-" + token + "-" + VERSION + "-up-1\t0\n" + "pillar-" + token + "-" + VERSION
						+ "-up-2\t2\n");
		}
	}

	// the first logged query creates the table: where the server keeps a query log, it is
	// there once flushed
	static boolean keepsQueryLog(TestDatabase db) {
		db.query("SYSTEM FLUSH LOGS");
		return !db.query("SELECT count() FROM system.tables WHERE database = 'system' AND name = 'query_log'")
			.equals("0\n");
	}

}
