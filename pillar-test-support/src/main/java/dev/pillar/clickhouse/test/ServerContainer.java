package dev.pillar.clickhouse.test;

import java.net.URI;
import java.util.List;

import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * The Testcontainers container of {@code clickhouse/clickhouse-server} that the tests use
 * where Docker runs and no server was given.
 * <p>
 * Testcontainers always passes the image's entrypoint a user, a password and a database
 * ({@code CLICKHOUSE_USER}, {@code CLICKHOUSE_PASSWORD}, {@code CLICKHOUSE_DB}), and the
 * entrypoint logs in as that user to create the database before the server is ready. So
 * the container is given {@link ClickHouseLogin#DEFAULT}: the user that exists out of the
 * box, and the one the harness and the JDBC URLs log in as. User set-up is skipped
 * ({@code CLICKHOUSE_SKIP_USER_SETUP}): otherwise a password-less {@code default} user is
 * limited to the container's own localhost, and the tests, outside, would be refused.
 */
final class ServerContainer {

	/** The server's HTTP port inside the container. */
	static final int HTTP_PORT = 8123;

	/** How many lines of the container's log a failed start reports. */
	private static final int LOG_LINES = 30;

	private ServerContainer() {
	}

	/**
	 * A container, not started.
	 * @param image the image, e.g. {@code clickhouse/clickhouse-server:25.8}
	 * @return the container
	 */
	static ClickHouseContainer create(String image) {
		return new ClickHouseContainer(image).withUsername(ClickHouseLogin.DEFAULT.user())
			.withPassword(ClickHouseLogin.DEFAULT.password())
			.withEnv("CLICKHOUSE_SKIP_USER_SETUP", "1");
	}

	/**
	 * Starts a container, and stops it when the JVM exits.
	 * @param container the container
	 * @return the server's HTTP endpoint
	 * @throws IllegalStateException when it does not start, with the end of its log; it
	 * is removed then
	 */
	static URI start(ClickHouseContainer container) {
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			String log = logTail(container);
			container.stop();
			throw new IllegalStateException("The ClickHouse container (" + container.getDockerImageName()
					+ ") did not start: " + ex.getMessage() + log + "\nCheck that Docker can pull and run that image "
					+ "(PILLAR_CLICKHOUSE_IMAGE names another), or give the tests a server: scripts/test.sh starts "
					+ "one, PILLAR_TEST_CLICKHOUSE_URL names one", ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
		return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(HTTP_PORT));
	}

	private static String logTail(ClickHouseContainer container) {
		try {
			List<String> lines = container.getLogs().lines().toList();
			return "\nThe last lines of its log:\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
		}
		catch (RuntimeException ex) {
			// never created, e.g. no Docker at all: there is no log to show
			return "";
		}
	}

}
