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
 * The sample's security with the actuator under another base path: the endpoint's writes
 * stay an admin's, wherever the endpoint is.
 */
@ClickHouseTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.base-path=/manage", "sample.security.users[0].name=reader",
				"sample.security.users[0].password=reader-secret", "sample.security.users[1].name=admin",
				"sample.security.users[1].password=admin-secret", "sample.security.users[1].roles=ADMIN" })
class SampleSecurityBasePathIntegrationTests {

	private static final TestDatabase db = ClickHouseServer.shared().createDatabase();

	private static final String ROLLBACK_ONE = "{\"operation\": \"rollback\", \"steps\": 1}";

	private final HttpClient http = HttpClient.newHttpClient();

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
	void aReaderMayReadButNotRollBackUnderAnotherBasePath() throws Exception {
		String before = db.query("SELECT count() FROM pillar_migrations");
		String reader = SampleSecurityIntegrationTests.basic("reader", "reader-secret");
		assertThat(send(request("/manage/pillar").header("Authorization", reader))).isEqualTo(200);
		assertThat(send(request("/manage/pillar").header("Authorization", reader)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ROLLBACK_ONE)))).isEqualTo(403);
		assertThat(send(request("/manage/pillar/20250528120200").header("Authorization", reader)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ROLLBACK_ONE)))).isIn(403, 405);
		assertThat(db.query("SELECT count() FROM pillar_migrations")).isEqualTo(before);
		assertThat(db.tableExists("events_shard_4")).isTrue();

		String admin = SampleSecurityIntegrationTests.basic("admin", "admin-secret");
		assertThat(send(request("/manage/pillar").header("Authorization", admin)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"rollback\", \"dryRun\": true}"))))
			.isEqualTo(200);
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private int send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
