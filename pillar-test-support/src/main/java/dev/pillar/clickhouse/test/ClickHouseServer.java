package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.test.bridge.FormatBridge;
import org.jspecify.annotations.Nullable;
import org.testcontainers.DockerClientFactory;

/**
 * The ClickHouse server that integration tests run against, found once per JVM.
 * <p>
 * The build runs every ClickHouse test twice, once per slot (system property
 * {@code pillar.test.server}): the <em>oldest</em> server (the default) and the
 * <em>current</em> one. Where each comes from, first match wins: the
 * {@code PILLAR_TEST_CLICKHOUSE_URL} environment variable (or the
 * {@code pillar.test.clickhouse-url} system property) for the oldest,
 * {@code PILLAR_TEST_CLICKHOUSE_CURRENT_URL} for the current, which the test command sets
 * after starting the servers (names of their own, since Spring would read
 * {@code PILLAR_CLICKHOUSE_URL} as {@code pillar.clickhouse.url}); otherwise a container
 * of {@code clickhouse/clickhouse-server} where Docker works (image
 * {@code PILLAR_CLICKHOUSE_OLDEST_IMAGE}, default 23.8, for the oldest;
 * {@code PILLAR_CLICKHOUSE_IMAGE}, default 25.8, for the current). Neither is an error,
 * never a skip: integration tests must not pass quietly without a server. The search runs
 * once per JVM: when it fails, every later test fails at once with the same cause.
 * <p>
 * Every server is reached with {@link ClickHouseLogin#DEFAULT}, which is also the JDBC
 * driver's default login.
 * <p>
 * Servers older than 19.x cannot answer the JDBC driver's format, so for them an
 * in-process {@link FormatBridge} sits in front and {@link #jdbcUrl()} points at it.
 */
public final class ClickHouseServer {

	private static final String DEFAULT_IMAGE = "clickhouse/clickhouse-server:25.8";

	/** The oldest release line users run: the image of the oldest slot under Docker. */
	private static final String OLDEST_IMAGE = "clickhouse/clickhouse-server:23.8";

	private static final FirstAttempt<ClickHouseServer> SHARED = new FirstAttempt<>(
			"ClickHouse server for the integration tests",
			() -> new ClickHouseServer(locate(), ClickHouseLogin.DEFAULT));

	private final URI httpUri;

	private final ClickHouseLogin login;

	private final String version;

	private final String jdbcBase;

	private final @Nullable FormatBridge bridge;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	ClickHouseServer(URI httpUri) {
		this(httpUri, ClickHouseLogin.DEFAULT);
	}

	ClickHouseServer(URI httpUri, ClickHouseLogin login) {
		this.httpUri = httpUri;
		this.login = login;
		this.version = query("SELECT version()").trim();
		// recorded in the Surefire reports, so that they say which server each test ran
		// on
		System.setProperty("pillar.test.clickhouse-version", this.version);
		System.err.println("ClickHouse tests of this JVM run on ClickHouse " + this.version + " at " + httpUri);
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
	 * @throws IllegalStateException when no server can be had (then, or on an earlier
	 * call)
	 */
	public static ClickHouseServer shared() {
		return SHARED.get();
	}

	private static URI locate() {
		// Surefire runs the ClickHouse tests twice, once per slot (see the parent pom)
		boolean current = "current".equals(System.getProperty("pillar.test.server"));
		String url = current ? System.getenv("PILLAR_TEST_CLICKHOUSE_CURRENT_URL")
				: System.getProperty("pillar.test.clickhouse-url", System.getenv("PILLAR_TEST_CLICKHOUSE_URL"));
		if (url != null && !url.isBlank()) {
			return toHttp(url);
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			String image = current ? System.getenv().getOrDefault("PILLAR_CLICKHOUSE_IMAGE", DEFAULT_IMAGE)
					: System.getenv().getOrDefault("PILLAR_CLICKHOUSE_OLDEST_IMAGE", OLDEST_IMAGE);
			return ServerContainer.start(ServerContainer.create(image));
		}
		throw new IllegalStateException("No " + (current ? "current " : "") + "ClickHouse server for the integration "
				+ "tests: run them with the README's test command (scripts/test.sh starts "
				+ (current ? "ClickHouse 26.7" : "one") + "), set "
				+ (current ? "PILLAR_TEST_CLICKHOUSE_CURRENT_URL" : "PILLAR_TEST_CLICKHOUSE_URL")
				+ " to a server's JDBC or HTTP URL, or start a Docker engine for " + "Testcontainers");
	}

	/**
	 * Accepts {@code jdbc:clickhouse://host:port/...}, {@code jdbc:clickhouse:http://...}
	 * or {@code http://...}.
	 */
	static URI toHttp(String url) {
		String rest = url.replaceFirst("^jdbc:(ch|clickhouse):", "");
		if (!rest.startsWith("http://") && !rest.startsWith("https://")) {
			rest = "http:" + (rest.startsWith("//") ? rest : "//" + rest);
		}
		URI uri = URI.create(rest);
		return URI
			.create(uri.getScheme() + "://" + uri.getHost() + ":" + ((uri.getPort() != -1) ? uri.getPort() : 8123));
	}

	/**
	 * @return the server's own HTTP endpoint (not the bridge's)
	 */
	public URI httpUri() {
		return this.httpUri;
	}

	/**
	 * @return the server's version, e.g. {@code 18.16.1}
	 */
	public String version() {
		return this.version;
	}

	/**
	 * @return the major version
	 */
	public int majorVersion() {
		return Integer.parseInt(this.version.substring(0, this.version.indexOf('.')));
	}

	/**
	 * @return the login that {@link #query(String)} uses, and that the driver uses for
	 * {@link #jdbcUrl(String)}
	 */
	public ClickHouseLogin login() {
		return this.login;
	}

	/**
	 * @return whether requests go through the {@link FormatBridge}
	 */
	public boolean bridged() {
		return this.bridge != null;
	}

	/**
	 * The JDBC URL of a database on this server, through the bridge where one is needed.
	 * It names no user: the driver logs in as its default,
	 * {@link ClickHouseLogin#DEFAULT}.
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
		HttpRequest request = HttpRequest
			.newBuilder(this.httpUri.resolve("/?database=" + database + "&user=" + encode(this.login.user())
					+ "&password=" + encode(this.login.password())))
			.timeout(Duration.ofSeconds(60))
			.POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(
						"ClickHouse at " + this.httpUri + " refused [" + sql + "]: " + response.body().trim());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("ClickHouse at " + this.httpUri + " is unreachable: " + ex.getMessage(),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Whether {@link #restart()} can restart this server.
	 * @return whether it is the throwaway Debian server that
	 * {@code scripts/clickhouse.sh} started
	 */
	public boolean canRestart() {
		return scriptServer().isPresent();
	}

	/**
	 * Restarts the server as an operator would: asks it to stop (SIGTERM; 18.16 lets
	 * running queries finish, and even serves open keep-alive connections meanwhile),
	 * waits until it has exited, starts it again the way {@code scripts/clickhouse.sh}
	 * does, and waits until it answers. Only the throwaway server that the script started
	 * can be restarted this way: its state directory ({@code PILLAR_CLICKHOUSE_HOME},
	 * else {@code .pillar/clickhouse} in this or a parent directory) says which it is:
	 * its server directory holds its config and pid file.
	 * @throws IllegalStateException when this server was not started by the script, or
	 * does not come back
	 */
	public void restart() {
		restart(true);
	}

	/**
	 * Kills the server (SIGKILL: running queries die with their connections, as in a
	 * crash or an OOM kill), starts it again and waits until it answers. Same conditions
	 * as {@link #restart()}.
	 * @throws IllegalStateException when this server was not started by the script, or
	 * does not come back
	 */
	public void crashAndRestart() {
		restart(false);
	}

	private void restart(boolean graceful) {
		ServerControl process = scriptServer().orElseThrow(() -> new IllegalStateException("Cannot restart "
				+ "ClickHouse at " + this.httpUri + ": only the throwaway server that scripts/clickhouse.sh starts can "
				+ "be restarted by a test, and none was found (looked for .pillar/clickhouse/mode and a server on port "
				+ this.httpUri.getPort() + " from " + Path.of("").toAbsolutePath()
				+ ", or in PILLAR_CLICKHOUSE_HOME)"));
		try {
			process.stop(graceful);
			process.start();
			awaitAnswer(30);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot restart ClickHouse at " + this.httpUri + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while restarting ClickHouse at " + this.httpUri, ex);
		}
	}

	/**
	 * Waits until the server answers {@code SELECT 1}.
	 * @param seconds how long at most
	 * @throws InterruptedException when interrupted
	 */
	void awaitAnswer(int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (true) {
			try {
				query("SELECT 1");
				return;
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"ClickHouse at " + this.httpUri + " did not answer within " + seconds + " s of its start",
							ex);
				}
				Thread.sleep(100);
			}
		}
	}

	/** The server of scripts/clickhouse.sh, if it is this one. */
	private Optional<ServerControl> scriptServer() {
		String home = System.getenv("PILLAR_CLICKHOUSE_HOME");
		Path state = null;
		if (home != null && !home.isBlank()) {
			state = Path.of(home);
		}
		else {
			for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
				if (Files.isRegularFile(dir.resolve(".pillar/clickhouse/mode"))) {
					state = dir.resolve(".pillar/clickhouse");
					break;
				}
			}
		}
		if (state == null) {
			return Optional.empty();
		}
		Path server = state.resolve("server");
		boolean loopback = this.httpUri.getHost().equals("127.0.0.1") || this.httpUri.getHost().equals("localhost");
		try {
			String mode = Files.readString(state.resolve("mode")).trim();
			if (!mode.equals("debian")) {
				return Optional.empty();
			}
			Matcher port = Pattern.compile("<http_port>(\\d+)</http_port>")
				.matcher(Files.readString(server.resolve("config.xml")));
			return (loopback && port.find() && Integer.parseInt(port.group(1)) == this.httpUri.getPort()
					&& Files.exists(server.resolve("pid"))) ? Optional.of(new ServerProcess(server)) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
