package dev.pillar.clickhouse.autoconfigure.docker.compose;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.autoconfigure.PillarAutoConfiguration;
import dev.pillar.clickhouse.autoconfigure.PillarConnectionDetails;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.TestDockerComposeConnectionSource;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with Spring Boot's Docker Compose support and a
 * {@code clickhouse/clickhouse-server} service gets Pillar wired with no property. There
 * is no Docker engine here: the running service is a stand-in for the test server, and
 * the rest is what Boot's Docker Compose support does with it: its ClickHouse factory
 * makes JDBC details, which every factory then adapts, Pillar's among them.
 */
@ClickHouseTest
class DockerComposeConnectionIntegrationTests {

	private final ConnectionDetailsFactories factories = new ConnectionDetailsFactories(getClass().getClassLoader());

	@Test
	void aClickHouseServiceConnectsPillar(TestDatabase db) {
		PillarConnectionDetails connection = pillarDetails(service(db, "clickhouse/clickhouse-server:25.8"));

		assertThat(connection.getJdbcUrl()).isEqualTo(db.jdbcUrl());
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withUserConfiguration(CreateThings.class, CreateOtherThings.class)
			.withBean(PillarConnectionDetails.class, () -> connection)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(PillarMigrator.class)
				.satisfies((migrator) -> assertThat(migrator.status().inState(MigrationState.APPLIED)).hasSize(2)));
		assertThat(db.tableExists("things")).isTrue();
	}

	@Test
	void otherDatabasesAreLeftAlone() {
		JdbcConnectionDetails postgres = new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return "jdbc:postgresql://127.0.0.1:5432/app";
			}

			@Override
			public String getUsername() {
				return "app";
			}

			@Override
			public String getPassword() {
				return "secret";
			}

		};
		assertThat(this.factories.getConnectionDetails(postgres, false))
			.doesNotContainKey(PillarConnectionDetails.class);
	}

	private PillarConnectionDetails pillarDetails(RunningService service) {
		Map<Class<?>, ConnectionDetails> details = this.factories
			.getConnectionDetails(TestDockerComposeConnectionSource.of(service, new MockEnvironment()), false);
		assertThat(details).containsKey(JdbcConnectionDetails.class);
		// as Boot's Docker Compose support does: adapt every details it made
		Map<Class<?>, ConnectionDetails> adapted = this.factories
			.getConnectionDetails(details.get(JdbcConnectionDetails.class), false);
		assertThat(adapted).containsKey(PillarConnectionDetails.class);
		return (PillarConnectionDetails) adapted.get(PillarConnectionDetails.class);
	}

	private static RunningService service(TestDatabase db, String image) {
		URI server = URI.create(db.jdbcUrl().substring("jdbc:".length()));
		Map<String, String> labels = new HashMap<>();
		if (server.getQuery() != null) {
			labels.put("org.springframework.boot.jdbc.parameters", server.getQuery());
		}
		return new RunningService() {

			@Override
			public String name() {
				return "clickhouse";
			}

			@Override
			public ImageReference image() {
				return ImageReference.of(image);
			}

			@Override
			public String host() {
				return server.getHost();
			}

			@Override
			public ConnectionPorts ports() {
				return new ConnectionPorts() {

					@Override
					public int get(int containerPort) {
						return server.getPort();
					}

					@Override
					public List<Integer> getAll() {
						return List.of(server.getPort());
					}

					@Override
					public List<Integer> getAll(String protocol) {
						return getAll();
					}

				};
			}

			@Override
			public Map<String, String> env() {
				return Map.of("CLICKHOUSE_DB", db.name(), "ALLOW_EMPTY_PASSWORD", "yes");
			}

			@Override
			public Map<String, String> labels() {
				return labels;
			}

		};
	}

}
