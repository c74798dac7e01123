package dev.pillar.clickhouse.migration.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;

/**
 * Names for messages and the history: where the history is, without secrets, and which host ran a migration.
 */
public final class ConnectionNames {

	private ConnectionNames() {
	}

	/**
	 * The JDBC URL of a driver-based data source, without parameters or user info (they may hold secrets).
	 * @param dataSource the data source, or {@code null}
	 * @return the URL, or what kind of data source it is
	 */
	public static String target(@Nullable DataSource dataSource) {
		if (dataSource instanceof AbstractDriverBasedDataSource driverBased && driverBased.getUrl() != null) {
			return driverBased.getUrl().replaceFirst("[?;].*$", "").replaceFirst("//[^/@]*@", "//");
		}
		return (dataSource != null) ? "the data source " + dataSource.getClass().getSimpleName()
				: "the JdbcTemplate's data source";
	}

	/** @return this machine's host name, or {@code unknown} */
	public static String localHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
