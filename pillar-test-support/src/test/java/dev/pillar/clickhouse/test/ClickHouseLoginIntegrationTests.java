package dev.pillar.clickhouse.test;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The harness's own queries log in with its login, for real: another login is refused by
 * the server.
 */
@ClickHouseTest
class ClickHouseLoginIntegrationTests {

	@Test
	void theHarnessQueriesAsItsLoginAndAnotherIsRefused(ClickHouseServer server) {
		assertThat(server.login()).isEqualTo(ClickHouseLogin.DEFAULT);
		assertThat(server.query("SELECT 1")).isEqualTo("1\n");

		// 18.16: "Wrong password for user pillar"; current servers: "Authentication
		// failed"
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> new ClickHouseServer(server.httpUri(), new ClickHouseLogin("pillar", "wrong")))
			.withMessageContaining("refused [SELECT version()]")
			.withMessageContaining("pillar");
	}

}
