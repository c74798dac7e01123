package dev.pillar.clickhouse.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/**
 * Details of the ClickHouse that Pillar migrates: from {@code pillar.clickhouse.url},
 * {@code username} and {@code password}, or from a service connection (a
 * {@code @ServiceConnection ClickHouseContainer} in a test, a
 * {@code clickhouse/clickhouse-server} service of Docker Compose), which wins over the
 * properties.
 */
public interface PillarConnectionDetails extends ConnectionDetails {

	/**
	 * @return the JDBC URL
	 */
	String getJdbcUrl();

	/**
	 * @return the login user, or {@code null} for the driver's default
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * @return the login password, or {@code null} for none
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * @return the JDBC driver's class name
	 */
	default String getDriverClassName() {
		return "com.clickhouse.jdbc.ClickHouseDriver";
	}

}
