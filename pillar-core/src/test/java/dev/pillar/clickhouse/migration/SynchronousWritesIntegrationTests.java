package dev.pillar.clickhouse.migration;

import java.util.List;
import java.util.Properties;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pillar's own rows are inserted synchronously whatever the connection or the server's
 * profile says: {@code async_insert=0} with each of them where the server knows the
 * setting, and nothing the server does not know where it does not (18.16).
 */
@ClickHouseTest
class SynchronousWritesIntegrationTests {

	@Test
	void pillarsRowsAreAcknowledgedOnlyOnceTheyExistEvenWhenTheConnectionAsksForAsyncInserts(TestDatabase db) {
		boolean known = db.query("SELECT count() FROM system.settings WHERE name = 'async_insert'").equals("1\n");
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			DriverManagerDataSource dataSource = new DriverManagerDataSource(proxy.uncompressedJdbcUrl(db.jdbcUrl()));
			Properties driver = new Properties();
			driver.setProperty("retry", "0");
			if (known) {
				// as a user profile that turns asynchronous inserts on would have it
				driver.setProperty("clickhouse_setting_async_insert", "1");
				driver.setProperty("clickhouse_setting_wait_for_async_insert", "0");
			}
			dataSource.setConnectionProperties(driver);
			PillarMigrator migrator = PillarMigrator.configure()
				.jdbc(new JdbcTemplate(dataSource))
				.migrations(List.of(
						ResolvedMigration.of(20250101000000L, "first",
								List.of("CREATE TABLE IF NOT EXISTS t (id UInt64) ENGINE = MergeTree ORDER BY id"),
								List.of(), "test"),
						ResolvedMigration.of(20250101000001L, "second", List.of("SELECT 1"), List.of(), "test")))
				.load();

			assertThat(migrator.migrate()).hasSize(2);
			// read at once, on another connection
			assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
				.isEqualTo("20250101000000\tapplied\n20250101000001\tapplied\n");
			List<String> inserts = proxy.requestsWith("INSERT INTO pillar_migrations");
			// two history rows, the attempt, the intent and the release of the lock
			assertThat(inserts).hasSizeGreaterThanOrEqualTo(5);
			if (known) {
				assertThat(inserts).allSatisfy((request) -> assertThat(parameters(request)).contains("async_insert=0",
						"wait_for_async_insert=1"));
			}
			else {
				// the first insert learns that the server does not know the setting, once
				assertThat(inserts.subList(1, inserts.size()))
					.allSatisfy((request) -> assertThat(request).doesNotContain("async_insert"));
			}
		}
	}

	/**
	 * The parameters of a request as the proxy saw it: its query string, before its body.
	 */
	private static List<String> parameters(String request) {
		return List.of(request.substring(0, request.indexOf('\n')).split("&"));
	}

}
