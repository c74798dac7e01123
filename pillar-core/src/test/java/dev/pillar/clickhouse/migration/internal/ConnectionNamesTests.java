package dev.pillar.clickhouse.migration.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionNamesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"jdbc:clickhouse://host:8123/db?user=x&password=s3cret | jdbc:clickhouse://host:8123/db?user=x&password=***",
			// mistyped: no ?, so everything after the database looks like part of the
			// path
			"jdbc:clickhouse://host:8123/db&user=x&password=s3cret | jdbc:clickhouse://host:8123/db&user=x&password=***",
			"jdbc:clickhouse://x:s3cret@host:8123/db | jdbc:clickhouse://x:***@host:8123/db",
			"jdbc:clickhouse://host/db;PASSWORD=s3cret;ssl=true | jdbc:clickhouse://host/db;PASSWORD=***;ssl=true",
			"jdbc:ch://host/db?access_token=abc&api-key=k&client_secret=c&pwd=p | "
					+ "jdbc:ch://host/db?access_token=***&api-key=***&client_secret=***&pwd=***",
			"jdbc:clickhouse://host/db?password=a/b&compress=false | jdbc:clickhouse://host/db?password=***&compress=false",
			"jdbc:clickhouse://host:8123/db?compress=false | jdbc:clickhouse://host:8123/db?compress=false" })
	void redactHidesCredentialsWhereverTheyStand(String url, String expected) {
		assertThat(ConnectionNames.redact(url)).isEqualTo(expected);
	}

	@Test
	void targetHasNoSecretOfAMistypedUrl() {
		String target = ConnectionNames
			.target(new DriverManagerDataSource("jdbc:clickhouse://host:8123/db&user=x&password=s3cret"));
		assertThat(target).doesNotContain("s3cret").startsWith("jdbc:clickhouse://host:8123/db");
	}

	@Test
	void targetDropsParametersAndUserInfoPassword() {
		assertThat(ConnectionNames
			.target(new DriverManagerDataSource("jdbc:clickhouse://u:s3cret@host:8123/db?compress=false")))
			.isEqualTo("jdbc:clickhouse://u:***@host:8123/db");
	}

}
