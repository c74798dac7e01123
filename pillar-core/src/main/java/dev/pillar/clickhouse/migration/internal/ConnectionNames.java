package dev.pillar.clickhouse.migration.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

import javax.sql.DataSource;

import dev.pillar.clickhouse.migration.SecretRedactor;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;

/**
 * Names for messages and the history: where the history is, without secrets, and who and
 * which host ran a migration.
 */
public final class ConnectionNames {

	private ConnectionNames() {
	}

	/**
	 * The JDBC URL of a driver-based data source, without parameters and with every
	 * credential hidden.
	 * @param dataSource the data source, or {@code null}
	 * @return the URL, or what kind of data source it is
	 */
	public static String target(@Nullable DataSource dataSource) {
		if (dataSource instanceof AbstractDriverBasedDataSource driverBased && driverBased.getUrl() != null) {
			return SecretRedactor.redactUrl(driverBased.getUrl()).replaceFirst("[?;].*$", "");
		}
		return (dataSource != null) ? "the data source " + dataSource.getClass().getSimpleName()
				: "the JdbcTemplate's data source";
	}

	/**
	 * @return who this process runs as: its OS user and host, such as
	 * {@code deploy@web-1}
	 */
	public static String processUser() {
		return System.getProperty("user.name", "unknown") + "@" + localHost();
	}

	/**
	 * What the history's {@code installed_by} records: who asked, and the ClickHouse user
	 * that ran it.
	 * @param who who asked: a principal, or the process
	 * @param databaseUser the ClickHouse user, or {@code null} when not known
	 * @return the text
	 */
	public static String installedBy(String who, @Nullable String databaseUser) {
		return (databaseUser != null) ? who + " (ClickHouse user " + databaseUser + ")" : who;
	}

	/**
	 * This machine's host name, looked up once, when first asked: only writes need it,
	 * and the lookup can take seconds where the host name does not resolve.
	 * @return the host name, or {@code unknown}
	 */
	public static String localHost() {
		return LocalHost.NAME;
	}

	private static final class LocalHost {

		static final String NAME = lookUp();

		private static String lookUp() {
			try {
				return InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				return "unknown";
			}
		}

	}

}
