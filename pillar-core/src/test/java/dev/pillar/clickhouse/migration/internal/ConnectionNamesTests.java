package dev.pillar.clickhouse.migration.internal;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionNamesTests {

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
			.isEqualTo("jdbc:clickhouse://u:******@host:8123/db");
	}

}
