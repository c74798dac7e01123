package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.List;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * No release of the lock becomes visible before the outcome row it follows: when the row
 * that records a failure cannot be written, the holder does not release the lock, and its
 * lease runs out instead.
 */
@ClickHouseTest
class OutcomeBeforeReleaseIntegrationTests {

	@Test
	void aHolderWhoseFailureRowIsNotConfirmedLeavesItsLeaseToRunOut(TestDatabase db) {
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			JdbcTemplate jdbc = new JdbcTemplate(ProxiedJdbc.withoutRetries(proxy.uncompressedJdbcUrl(db.jdbcUrl())));
			// every try of the failure row is cut before it reaches ClickHouse
			proxy.cut("'failed'", 1000);
			PillarMigrator migrator = PillarMigrator.configure()
				.jdbc(jdbc)
				.migrations(List.of(ResolvedMigration.of(20250101000000L, "broken",
						List.of("CREATE TABLE no_such_database.t (id UInt64) ENGINE = MergeTree ORDER BY id"),
						List.of(), "test")))
				.lockLease(Duration.ofSeconds(3))
				.load();

			assertThatExceptionOfType(RuntimeException.class).isThrownBy(migrator::migrate);
			assertThat(proxy.requests("'failed'")).isGreaterThan(0);
			assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo("0\n");
			// the attempt that held the lock was not released: it expires
			assertThat(db.query("SELECT count() FROM (SELECT token FROM pillar_migrations_lock GROUP BY token "
					+ "HAVING max(released) = 0)"))
				.isEqualTo("1\n");
		}
	}

}
