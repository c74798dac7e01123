package dev.pillar.clickhouse.migration;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretRedactorTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"jdbc:clickhouse://host:8123/db?user=x&password=s3cret | jdbc:clickhouse://host:8123/db?user=x&password=******",
			// mistyped: no ?, so everything after the database looks like part of the
			// path
			"jdbc:clickhouse://host:8123/db&user=x&password=s3cret | jdbc:clickhouse://host:8123/db&user=x&password=******",
			"jdbc:clickhouse://x:s3cret@host:8123/db | jdbc:clickhouse://x:******@host:8123/db",
			"jdbc:clickhouse://app:pa/ss@host:8123/db | jdbc:clickhouse://app:******@host:8123/db",
			"jdbc:clickhouse://host/db;PASSWORD=s3cret;ssl=true | jdbc:clickhouse://host/db;PASSWORD=******;ssl=true",
			"jdbc:ch://host/db?access_token=abc&api-key=k&client_secret=c&pwd=p | "
					+ "jdbc:ch://host/db?access_token=******&api-key=******&client_secret=******&pwd=******",
			"jdbc:clickhouse://host/db?password=a/b&compress=false | jdbc:clickhouse://host/db?password=******&compress=false",
			"jdbc:clickhouse://host:8123/db?compress=false | jdbc:clickhouse://host:8123/db?compress=false" })
	void redactUrlHidesCredentialsWhereverTheyStand(String url, String expected) {
		assertThat(SecretRedactor.redactUrl(url)).isEqualTo(expected);
	}

	@Test
	void placeholdersNamedLikeASecretOrListedAreMaskedByValue() {
		SecretRedactor redactor = SecretRedactor.of(
				Map.of("sink_token", "tok-123", "bucket_url", "https://b.example", "cluster", "prod", "sink", "s3-abc"),
				List.of("SINK"), null);
		assertThat(redactor.redact(
				List.of("CREATE TABLE t ENGINE = URL('https://b.example/x', 'tok-123') ON prod", "SELECT 's3-abc'")))
			.containsExactly("CREATE TABLE t ENGINE = URL('https://b.example/x', '******') ON prod", "SELECT '******'");
	}

	@Test
	void aSecretQuotedFromItsMiddleOrCutIsMaskedToo() {
		SecretRedactor redactor = SecretRedactor.of(Map.of("sink_token", "tok-s3cr3t-42"), List.of(), null);
		assertThat(redactor.redact("Syntax error: failed at position 76: -s3cr3t-42. Expected one of: Equals"))
			.isEqualTo("Syntax error: failed at position 76: ******. Expected one of: Equals");
		assertThat(redactor.redact("... SETTINGS tok-s3cr3")).isEqualTo("... SETTINGS ******");
	}

	@Test
	void thePasswordAndTheUrlsCredentialsAreMaskedByValueAlsoAsTheDriverEchoesThem() {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(
				"jdbc:clickhouse://app:pa/ss@host:8123/db?token=50%off");
		Properties properties = new Properties();
		properties.setProperty("password", "hunter2");
		dataSource.setConnectionProperties(properties);
		SecretRedactor redactor = SecretRedactor.of(Map.of(), List.of(), dataSource);
		assertThat(redactor.redact("Endpoint should be a valid URL string, but was http://app:pa/ss@host:8123"))
			.doesNotContain("pa/ss");
		assertThat(redactor.redact("Error at index 0 in: \"pa\"; password ok"))
			.isEqualTo("Error at index 0 in: \"******\"; password ok");
		assertThat(redactor.redact("Malformed escape pair: 50%off, login hunter2 refused"))
			.isEqualTo("Malformed escape pair: ******, login ****** refused");
	}

	@Test
	void aFailureHoldingASecretIsCopiedWithItsCausesMaskedAndPrintsAsTheOriginal() {
		SecretRedactor redactor = SecretRedactor.of(Map.of("api_key", "k-42"), List.of(), null);
		SQLException cause = new SQLException("Syntax error near 'k-42'");
		RuntimeException failure = new IllegalStateException("outer", cause);
		Throwable redacted = redactor.redact(failure);
		assertThat(redacted).isNotSameAs(failure).hasMessage("outer");
		assertThat(redacted.getCause()).hasToString("java.sql.SQLException: Syntax error near '******'");
		assertThat(redacted.getStackTrace()).isEqualTo(failure.getStackTrace());
		RuntimeException clean = new IllegalStateException("nothing secret");
		assertThat(redactor.redact(clean)).isSameAs(clean);
	}

}
