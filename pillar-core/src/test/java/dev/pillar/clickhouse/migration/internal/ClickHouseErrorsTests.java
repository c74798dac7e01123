package dev.pillar.clickhouse.migration.internal;

import java.net.SocketException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link ClickHouseErrors#message} gives to logs and reports that know no configured
 * secret: the failure's words, with a URL's credentials masked by their shape.
 */
class ClickHouseErrorsTests {

	@Test
	void aNetworkFailureSaysSoAndMasksTheCredentialsOfTheUrlItEchoes() {
		DataAccessResourceFailureException ex = new DataAccessResourceFailureException("failed",
				new SocketException("Connect to http://app:pa/ss@127.0.0.1:8123?password=hunter2 failed"));

		assertThat(ClickHouseErrors.message(ex))
			.isEqualTo("Network error (SocketException): Connect to http://app:******@127.0.0.1:8123?password=****** "
					+ "failed");
	}

	@Test
	void clickHousesOwnMessageIsKeptAndTheCredentialsOfAUrlInItMasked() {
		UncategorizedSQLException ex = new UncategorizedSQLException("insert", "INSERT",
				new SQLException(" Code: 1000. DB::Exception: Access to s3://key:secret@bucket/x denied. \n"));

		assertThat(ClickHouseErrors.message(ex))
			.isEqualTo("Code: 1000. DB::Exception: Access to s3://key:******@bucket/x denied.");
	}

}
