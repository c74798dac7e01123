package dev.pillar.benchmark;

import java.net.ConnectException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The ClickHouse the benchmark runs against, and connections to it made the way Pillar's
 * auto-configuration makes them: a {@link DriverManagerDataSource} (a new driver
 * connection per JDBC operation) with the same driver properties, and a
 * {@link JdbcTemplate} with the default query timeout.
 */
final class Fixture {

	/** The default {@code pillar.clickhouse.connect-timeout}. */
	private static final long CONNECT_TIMEOUT_MS = 10_000;

	/** The default {@code pillar.clickhouse.query-timeout}. */
	private static final int QUERY_TIMEOUT_S = 300;

	/**
	 * How the driver, the bridge or the sample app's log say that ClickHouse could not be
	 * reached.
	 */
	private static final Pattern OUTAGE = Pattern
		.compile("Connection refused|ConnectException|unreachable|Code: 210\\.|NETWORK_ERROR|Connection reset");

	private final ClickHouseServer server;

	/**
	 * Uses a server.
	 * @param server the server, through the format bridge where it is old
	 */
	Fixture(ClickHouseServer server) {
		this.server = server;
	}

	/**
	 * @return the server
	 */
	ClickHouseServer server() {
		return this.server;
	}

	/**
	 * @return a fresh, empty database
	 */
	TestDatabase newDatabase() {
		return this.server.createDatabase();
	}

	/**
	 * A counting data source of the auto-configuration's kind for a database.
	 * @param database the database
	 * @return the data source
	 */
	CountingDataSource dataSource(TestDatabase database) {
		return new CountingDataSource(dataSource(database.jdbcUrl()));
	}

	/**
	 * A data source of the auto-configuration's kind.
	 * @param jdbcUrl the database's JDBC URL
	 * @return the data source, a new driver connection per JDBC operation
	 */
	static DriverManagerDataSource dataSource(String jdbcUrl) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(jdbcUrl);
		dataSource.setConnectionProperties(driverProperties());
		return dataSource;
	}

	/**
	 * @return the driver properties the auto-configuration sets: user, password, timeouts
	 */
	static Properties driverProperties() {
		Properties driver = new Properties();
		driver.setProperty("user", "default");
		driver.setProperty("password", "");
		driver.setProperty("connection_timeout", Long.toString(CONNECT_TIMEOUT_MS));
		driver.setProperty("socket_timeout", Long.toString(QUERY_TIMEOUT_S * 1000L + CONNECT_TIMEOUT_MS));
		return driver;
	}

	/**
	 * A template as the auto-configuration builds it.
	 * @param dataSource the data source
	 * @return the template
	 */
	static JdbcTemplate jdbc(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.setQueryTimeout(QUERY_TIMEOUT_S);
		return jdbc;
	}

	/**
	 * Whether a failure came from ClickHouse going away (someone restarted it) and it is
	 * back: then the part that failed can run again. Waits up to a minute for it to
	 * answer.
	 * @param failure what went wrong
	 * @return whether to run the part again
	 */
	boolean backAfterOutage(Throwable failure) {
		boolean outage = !answers();
		for (Throwable cause = failure; cause != null && !outage; cause = cause.getCause()) {
			outage = cause instanceof ConnectException || OUTAGE.matcher(String.valueOf(cause.getMessage())).find();
		}
		if (!outage) {
			return false;
		}
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		while (System.nanoTime() < deadline) {
			if (answers()) {
				return true;
			}
			try {
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private boolean answers() {
		try {
			return this.server.query("SELECT 1").trim().equals("1");
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

	/**
	 * ClickHouse's own count of the queries it received since it started
	 * ({@code system.events}, event {@code Query}), read over plain HTTP: the difference
	 * of two readings, less one for the second reading itself, is what arrived in between
	 * from anyone, which cross-checks the JDBC count when nothing else uses the server.
	 * @return the counter
	 */
	long serverQueries() {
		return serverEvent("Query");
	}

	/**
	 * One of ClickHouse's own event counters since it started.
	 * @param event its name in {@code system.events}, e.g. {@code Merge}
	 * @return its value, 0 while it never happened
	 */
	long serverEvent(String event) {
		String value = this.server.query("SELECT sum(value) FROM system.events WHERE event = '" + event + "'").trim();
		return value.isEmpty() ? 0 : Long.parseLong(value);
	}

	/**
	 * The queries ClickHouse received since a reading of {@link #serverQueries()}, not
	 * counting this reading.
	 * @param before the earlier reading
	 * @return the difference
	 */
	long serverQueriesSince(long before) {
		return serverQueries() - before - 1;
	}

}
