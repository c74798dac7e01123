package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import dev.pillar.clickhouse.test.bridge.FormatBridge;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * The ClickHouse server that integration tests run against, found once per JVM.
 * <p>
 * Where it comes from, first match wins: the {@code PILLAR_TEST_CLICKHOUSE_URL} environment variable (or the
 * {@code pillar.test.clickhouse-url} system property), which the test command sets after starting a server (a name
 * of its own, since Spring would read {@code PILLAR_CLICKHOUSE_URL} as {@code pillar.clickhouse.url}); otherwise
 * a container of {@code clickhouse/clickhouse-server} (image from {@code PILLAR_CLICKHOUSE_IMAGE}) where Docker
 * works. Neither is an error, never a skip: integration tests must not pass quietly without a server.
 * <p>
 * Servers older than 19.x cannot answer the JDBC driver's format, so for them an in-process
 * {@link FormatBridge} sits in front and {@link #jdbcUrl()} points at it.
 */
public final class ClickHouseServer {

	private static final String DEFAULT_IMAGE = "clickhouse/clickhouse-server:25.8";

	private static @Nullable ClickHouseServer shared;

	private final URI httpUri;

	private final String version;

	private final String jdbcBase;

	private final @Nullable FormatBridge bridge;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ClickHouseServer(URI httpUri) {
		this.httpUri = httpUri;
		this.version = query("SELECT version()").trim();
		if (majorVersion() < 19) {
			this.bridge = FormatBridge.start(httpUri, 0);
			this.jdbcBase = "jdbc:clickhouse://127.0.0.1:" + this.bridge.port();
		}
		else {
			this.bridge = null;
			this.jdbcBase = "jdbc:clickhouse://" + httpUri.getHost() + ":" + httpUri.getPort();
		}
	}

	/**
	 * The server for this JVM, found (and a container or bridge started) on first use.
	 * @return the server
	 * @throws IllegalStateException when no server can be had
	 */
	public static synchronized ClickHouseServer shared() {
		if (shared == null) {
			shared = new ClickHouseServer(locate());
		}
		return shared;
	}

	private static URI locate() {
		String url = System.getProperty("pillar.test.clickhouse-url", System.getenv("PILLAR_TEST_CLICKHOUSE_URL"));
		if (url != null && !url.isBlank()) {
			return toHttp(url);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			String image = System.getenv().getOrDefault("PILLAR_CLICKHOUSE_IMAGE", DEFAULT_IMAGE);
			ClickHouseContainer container = new ClickHouseContainer(image);
			container.start();
			Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
			return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(8123));
		}
		throw new IllegalStateException("No ClickHouse server for the integration tests: run them with the README's "
				+ "test command (scripts/test.sh starts one), set PILLAR_TEST_CLICKHOUSE_URL to a server's JDBC or HTTP URL, "
				+ "or start a Docker engine for Testcontainers");
	}

	/** Accepts {@code jdbc:clickhouse://host:port/...}, {@code jdbc:clickhouse:http://...} or {@code http://...}. */
	static URI toHttp(String url) {
		String rest = url.replaceFirst("^jdbc:(ch|clickhouse):", "");
		if (!rest.startsWith("http://") && !rest.startsWith("https://")) {
			rest = "http:" + (rest.startsWith("//") ? rest : "//" + rest);
		}
		URI uri = URI.create(rest);
		return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() != -1 ? uri.getPort() : 8123));
	}

	/** @return the server's own HTTP endpoint (not the bridge's) */
	public URI httpUri() {
		return this.httpUri;
	}

	/** @return the server's version, e.g. {@code 18.16.1} */
	public String version() {
		return this.version;
	}

	/** @return the major version */
	public int majorVersion() {
		return Integer.parseInt(this.version.substring(0, this.version.indexOf('.')));
	}

	/** @return whether requests go through the {@link FormatBridge} */
	public boolean bridged() {
		return this.bridge != null;
	}

	/**
	 * The JDBC URL of a database on this server, through the bridge where one is needed.
	 * @param database the database
	 * @return the URL
	 */
	public String jdbcUrl(String database) {
		return this.jdbcBase + "/" + database + (bridged() ? "?compress=false" : "");
	}

	/**
	 * Creates a fresh, empty database with a unique name.
	 * @return the database; drop it with {@link TestDatabase#drop()}
	 */
	public TestDatabase createDatabase() {
		String name = "pillar_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		query("CREATE DATABASE " + name);
		return new TestDatabase(this, name);
	}

	/**
	 * Runs one statement over plain HTTP, outside the driver (for set-up and clean-up).
	 * @param sql the statement
	 * @return the server's answer, in its default format
	 */
	public String query(String sql) {
		return query(sql, "default");
	}

	/**
	 * Runs one statement in a database over plain HTTP, outside the driver.
	 * @param sql the statement
	 * @param database the database that unqualified names resolve in
	 * @return the server's answer, in its default format
	 */
	public String query(String sql, String database) {
		HttpRequest request = HttpRequest.newBuilder(this.httpUri.resolve("/?database=" + database))
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("ClickHouse at " + this.httpUri + " refused [" + sql + "]: "
						+ response.body().trim());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("ClickHouse at " + this.httpUri + " is unreachable: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
