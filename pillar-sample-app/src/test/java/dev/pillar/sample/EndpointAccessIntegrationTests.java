package dev.pillar.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without the sample's application.yml, the endpoint has its default access: read-only,
 * even for an admin.
 */
@ClickHouseTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=no-such-config", "management.endpoints.web.exposure.include=pillar",
				"sample.security.users[0].name=admin", "sample.security.users[0].password=admin-secret",
				"sample.security.users[0].roles=ADMIN" })
class EndpointAccessIntegrationTests {

	private static final TestDatabase db = ClickHouseServer.shared().createDatabase();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void clickHouse(DynamicPropertyRegistry registry) {
		registry.add("pillar.clickhouse.url", db::jdbcUrl);
	}

	@AfterAll
	static void dropDatabase() {
		db.drop();
	}

	@Test
	void statusIsReadableButRollbackIsNotAllowedByDefault() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/actuator/pillar");
		String admin = SampleSecurityIntegrationTests.basic("admin", "admin-secret");
		assertThat(http
			.send(HttpRequest.newBuilder(uri).header("Authorization", admin).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri)
			.header("Authorization", admin)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"rollback\", \"steps\": 1}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(post.statusCode()).isIn(404, 405);
		assertThat(db.tableExists("events_shard_0")).isTrue();
	}

}
