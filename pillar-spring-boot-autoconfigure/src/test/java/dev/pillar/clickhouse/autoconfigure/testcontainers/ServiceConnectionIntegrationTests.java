package dev.pillar.clickhouse.autoconfigure.testcontainers;

import java.net.URI;

import dev.pillar.clickhouse.autoconfigure.PillarAutoConfiguration;
import dev.pillar.clickhouse.autoconfigure.PillarConnectionDetails;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.clickhouse.ClickHouseContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test that declares {@code @ServiceConnection ClickHouseContainer} gets Pillar wired
 * with no property. There is no Docker engine here, so the container is a stand-in that
 * reports the test server as its host and port and is never started; everything from the
 * annotation to the migrations is Spring Boot's and Pillar's own.
 */
@ClickHouseTest
@SpringJUnitConfig
@ImportAutoConfiguration(PillarAutoConfiguration.class)
@Import({ CreateThings.class, CreateOtherThings.class })
class ServiceConnectionIntegrationTests {

	private static final TestDatabase db = ClickHouseServer.shared().createDatabase();

	@ServiceConnection
	static final ClickHouseContainer clickhouse = new RunningClickHouse(db);

	@AfterAll
	static void dropDatabase() {
		db.drop();
	}

	@Test
	void migratesTheContainersDatabase(@Autowired PillarMigrator migrator,
			@Autowired PillarConnectionDetails connection) {
		assertThat(connection.getClass().getName()).contains("PillarContainerConnectionDetails");
		assertThat(connection.getJdbcUrl()).isEqualTo(db.jdbcUrl());
		assertThat(migrator.status().inState(MigrationState.APPLIED)).hasSize(2);
		assertThat(db.tableExists("things")).isTrue();
		assertThat(db.tableExists("other_things")).isTrue();
	}

	/**
	 * The test server, dressed as a started container.
	 */
	static final class RunningClickHouse extends ClickHouseContainer {

		private static final String IMAGE = "clickhouse/clickhouse-server:25.8";

		private final URI server;

		RunningClickHouse(TestDatabase db) {
			super(IMAGE);
			this.server = URI.create(db.jdbcUrl().substring("jdbc:".length()));
			withDatabaseName(db.name()).withUsername("default").withPassword("");
			if (this.server.getQuery() != null) {
				for (String parameter : this.server.getQuery().split("&")) {
					String[] pair = parameter.split("=", 2);
					withUrlParam(pair[0], pair[1]);
				}
			}
		}

		@Override
		public void start() {
			// running already
		}

		@Override
		public boolean isRunning() {
			return true;
		}

		@Override
		public String getDockerImageName() {
			// without pulling it
			return IMAGE;
		}

		@Override
		public String getHost() {
			return this.server.getHost();
		}

		@Override
		public Integer getMappedPort(int originalPort) {
			return this.server.getPort();
		}

	}

}
