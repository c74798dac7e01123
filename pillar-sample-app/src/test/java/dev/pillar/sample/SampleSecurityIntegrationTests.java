package dev.pillar.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import dev.pillar.clickhouse.migration.internal.ConnectionNames;
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
 * The sample's actuator over real HTTP, with the users a deployment configures: nobody
 * may do anything without logging in but read health; a reader may read the status; only
 * an admin may roll back.
 */
@ClickHouseTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.security.users[0].name=reader", "sample.security.users[0].password=reader-secret",
				"sample.security.users[1].name=admin", "sample.security.users[1].password=admin-secret",
				"sample.security.users[1].roles=ADMIN" })
class SampleSecurityIntegrationTests {

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

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void anonymousMayReadHealthOnly() throws Exception {
		long before = historyRows();
		assertThat(send(get("/actuator/health"))).isEqualTo(200);
		assertThat(send(get("/actuator/pillar"))).isEqualTo(401);
		assertThat(send(post(ROLLBACK_ONE))).isEqualTo(401);
		assertThat(send(get("/actuator/pillar").header("Authorization", basic("admin", "wrong")))).isEqualTo(401);
		assertThat(historyRows()).isEqualTo(before);
	}

	@Test
	void aReaderMayReadTheStatusButNotRollBack() throws Exception {
		long before = historyRows();
		String reader = basic("reader", "reader-secret");
		assertThat(send(get("/actuator/pillar").header("Authorization", reader))).isEqualTo(200);
		assertThat(send(post(ROLLBACK_ONE).header("Authorization", reader))).isEqualTo(403);
		assertThat(historyRows()).isEqualTo(before);
	}

	@Test
	void anAdminMayRollBack() throws Exception {
		long before = historyRows();
		String admin = basic("admin", "admin-secret");
		assertThat(send(
				post("{\"operation\": \"rollback\", \"steps\": 1, \"dryRun\": true}").header("Authorization", admin)))
			.isEqualTo(200);
		assertThat(historyRows()).isEqualTo(before);
		assertThat(send(post(ROLLBACK_ONE).header("Authorization", admin))).isEqualTo(200);
		assertThat(send(post("{\"operation\": \"migrate\"}").header("Authorization", admin))).isEqualTo(200);
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence DESC LIMIT 2"))
			.isEqualTo("applied\nrolled_back\n");
		// the history says who asked: the authenticated principal, and the ClickHouse
		// user that ran it
		assertThat(db.query("SELECT installed_by FROM pillar_migrations ORDER BY sequence DESC LIMIT 2"))
			.isEqualTo("admin (ClickHouse user default)\nadmin (ClickHouse user default)\n");
		// and for the start-up run, the process
		assertThat(db.query("SELECT installed_by FROM pillar_migrations ORDER BY sequence LIMIT 1")).isEqualTo(
				System.getProperty("user.name") + "@" + ConnectionNames.localHost() + " (ClickHouse user default)\n");
	}

	@Test
	void prometheusShowsDescribedPillarMetersWithoutPerMigrationTags() throws Exception {
		HttpResponse<String> scrape = this.http.send(
				get("/actuator/prometheus").header("Authorization", basic("admin", "admin-secret")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(scrape.statusCode()).isEqualTo(200);
		List<String> pillar = scrape.body().lines().filter((line) -> line.contains("pillar_")).toList();
		assertThat(pillar).anyMatch((line) -> line.startsWith("pillar_migration_seconds_count{"))
			.anyMatch((line) -> line.startsWith("pillar_statements_total{"))
			.anyMatch((line) -> line.startsWith("pillar_migrations_applied_total"))
			.noneMatch((line) -> line.contains("version=") || line.contains("name=\""))
			.noneMatch((line) -> line.contains("pillar_statement_total"));
		assertThat(pillar).filteredOn((line) -> line.startsWith("# HELP "))
			.isNotEmpty()
			.allSatisfy((help) -> assertThat(help).matches("# HELP pillar_\\w+ \\S.*"));
	}

	private long historyRows() {
		return Long.parseLong(db.query("SELECT count() FROM pillar_migrations").trim());
	}

	private HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
	}

	private HttpRequest.Builder post(String body) {
		return get("/actuator/pillar").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private int send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
	}

}
