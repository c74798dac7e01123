package dev.pillar.clickhouse.migration.internal;

import java.time.Instant;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history's rows, written as SQL literals, against a real ClickHouse.
 */
@ClickHouseTest
class MigrationHistoryIntegrationTests {

	@Test
	void aRowComesBackAsWrittenWhateverItsTextHolds(TestDatabase db) {
		MigrationHistory history = new MigrationHistory(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl())),
				"pillar_migrations");
		history.createIfMissing();
		// what ClickHouse's messages hold: quotes, backslashes, line breaks, tabs, text
		// beyond ASCII
		String error = "Code: 62. DB::Exception: Syntax error: failed at position 8 ('\\'x'): it's\n\t\"wrong\" – ü";
		MigrationEvent event = new MigrationEvent(7, 20250101000000L, "o'clock \\ name", MigrationEventType.FAILED,
				"abc123", 3, 1, 42, "host-1", "deploy@web-1 (ClickHouse user default)", error,
				Instant.ofEpochSecond(1_700_000_000L));

		history.append(event);

		assertThat(history.read()).containsExactly(event);
	}

}
