package dev.pillar.clickhouse.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseJdbcUrlTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "jdbc:clickhouse://h:8123/default | jdbc:clickhouse://h:8123/analytics",
					"jdbc:clickhouse://h:8123 | jdbc:clickhouse://h:8123/analytics",
					"jdbc:clickhouse://h:8123/ | jdbc:clickhouse://h:8123/analytics",
					"jdbc:clickhouse://h:8123/default?compress=false&ssl=true | "
							+ "jdbc:clickhouse://h:8123/analytics?compress=false&ssl=true",
					"jdbc:ch://h?compress=false | jdbc:ch://h/analytics?compress=false",
					"jdbc:clickhouse:http://u:p@h:8123/db;x=1 | jdbc:clickhouse:http://u:p@h:8123/analytics;x=1" })
	void withDatabaseReplacesThePathAndKeepsTheRest(String url, String expected) {
		assertThat(ClickHouseJdbcUrl.withDatabase(url, "analytics")).isEqualTo(expected);
	}

	@Test
	void withDatabaseEncodesTheName() {
		assertThat(ClickHouseJdbcUrl.withDatabase("jdbc:clickhouse://h:8123/default?x=1", "my db 5%/é"))
			.isEqualTo("jdbc:clickhouse://h:8123/my%20db%205%25%2F%C3%A9?x=1");
		assertThat(ClickHouseJdbcUrl.withDatabase("jdbc:clickhouse://h:8123", "my-db"))
			.isEqualTo("jdbc:clickhouse://h:8123/my-db");
	}

	@Test
	void isClickHouseKnowsBothPrefixes() {
		assertThat(ClickHouseJdbcUrl.isClickHouse("jdbc:clickhouse://h:8123/db")).isTrue();
		assertThat(ClickHouseJdbcUrl.isClickHouse("jdbc:ch:https://h:8443")).isTrue();
		assertThat(ClickHouseJdbcUrl.isClickHouse("JDBC:ClickHouse://h")).isTrue();
		assertThat(ClickHouseJdbcUrl.isClickHouse("jdbc:postgresql://h/db")).isFalse();
		assertThat(ClickHouseJdbcUrl.isClickHouse("jdbc:chai://h")).isFalse();
		assertThat(ClickHouseJdbcUrl.isClickHouse(null)).isFalse();
	}

}
