package dev.pillar.clickhouse.test;

import java.lang.reflect.Method;
import java.util.Map;

import com.clickhouse.client.api.ClientConfigProperties;
import org.junit.jupiter.api.Test;
import org.testcontainers.clickhouse.ClickHouseContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Testcontainers container is given, read without starting it (no Docker
 * needed): the image's entrypoint logs in with {@code CLICKHOUSE_USER} and
 * {@code CLICKHOUSE_PASSWORD} to create {@code CLICKHOUSE_DB}, so they must name a user
 * that exists, and the one the harness and the JDBC URLs log in as.
 */
class ServerContainerTests {

	@Test
	void theContainerIsGivenTheHarnessLoginAndKeepsItsDefaultUserReachable() throws Exception {
		ClickHouseContainer container = ServerContainer.create("clickhouse/clickhouse-server:25.8");

		assertThat(environmentAtStart(container)).containsEntry("CLICKHOUSE_USER", ClickHouseLogin.DEFAULT.user())
			.containsEntry("CLICKHOUSE_PASSWORD", ClickHouseLogin.DEFAULT.password())
			.containsEntry("CLICKHOUSE_DB", "default")
			.containsEntry("CLICKHOUSE_SKIP_USER_SETUP", "1");
		assertThat(container.getUsername()).isEqualTo("default");
		assertThat(container.getPassword()).isEmpty();
		assertThat(container.getExposedPorts()).contains(ServerContainer.HTTP_PORT);
	}

	@Test
	void theJdbcUrlsNamingNoUserLogInAsTheHarnessDoes() {
		// ClickHouseServer.jdbcUrl names no user: the driver's defaults must be the
		// harness's login
		assertThat(ClientConfigProperties.USER.getDefaultValue()).isEqualTo(ClickHouseLogin.DEFAULT.user());
		assertThat(ClientConfigProperties.PASSWORD.getDefaultValue()).isNullOrEmpty();
		assertThat(ClickHouseLogin.DEFAULT.password()).isEmpty();
	}

	/**
	 * The environment as Testcontainers hands it to Docker: configure() sets part of it,
	 * just before the start.
	 */
	private static Map<String, String> environmentAtStart(ClickHouseContainer container) throws Exception {
		Method configure = ClickHouseContainer.class.getDeclaredMethod("configure");
		configure.setAccessible(true);
		configure.invoke(container);
		return container.getEnvMap();
	}

}
