package dev.pillar.clickhouse.autoconfigure;

import java.sql.DatabaseMetaData;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.pillar.clickhouse.migration.SecretRedactor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * Finds the ClickHouse to migrate, first match wins: a
 * {@link PillarDataSource @PillarDataSource} bean; the {@link PillarConnectionDetails} (a
 * service connection, else {@code pillar.clickhouse.url}), through a connection of
 * Pillar's own; the application's {@code DataSource} when it is ClickHouse. With none,
 * migrations are an error rather than skipped.
 */
final class PillarConnectionResolver {

	// ClickHouse's login when none is given
	private static final String DEFAULT_USER = "default";

	private final PillarProperties properties;

	PillarConnectionResolver(PillarProperties properties) {
		this.properties = properties;
	}

	/**
	 * Resolves the connection.
	 * @param qualified the {@code @PillarDataSource} bean, or {@code null}
	 * @param details the connection details, or {@code null}
	 * @param application the application's data source, or {@code null}
	 * @param migrations the migrations, by class name, for the message when there is no
	 * ClickHouse
	 * @return the connection
	 * @throws PillarConnectionMissingException when there is no ClickHouse
	 */
	PillarConnection resolve(@Nullable DataSource qualified, @Nullable PillarConnectionDetails details,
			@Nullable DataSource application, Supplier<List<String>> migrations) {
		if (qualified != null) {
			return new PillarConnection(qualified, username(qualified));
		}
		if (details != null) {
			String username = details.getUsername();
			return new PillarConnection(build(details), (username != null) ? username : DEFAULT_USER);
		}
		if (application != null && isClickHouse(application)) {
			return new PillarConnection(application, username(application));
		}
		throw new PillarConnectionMissingException(migrations.get(),
				(application != null) ? "the application's DataSource is not ClickHouse (" + describe(application) + ")"
						: "there is no DataSource");
	}

	/**
	 * A connection per operation, from the driver directly: Pillar runs rarely, and an
	 * application whose primary data source is another database keeps it.
	 */
	private DataSource build(PillarConnectionDetails details) {
		PillarProperties properties = this.properties;
		String url = details.getJdbcUrl();
		if (properties.getDatabase() != null) {
			// the driver prefers the URL's database to a database property
			url = ClickHouseJdbcUrl.withDatabase(url, properties.getDatabase());
		}
		Properties driver = new Properties();
		driver.putAll(properties.getProperties());
		if (details.getUsername() != null) {
			driver.setProperty("user", details.getUsername());
		}
		if (details.getPassword() != null) {
			driver.setProperty("password", details.getPassword());
		}
		driver.putIfAbsent("connection_timeout", Long.toString(properties.getConnectTimeout().toMillis()));
		// the driver retries a refused connection 3 times by default, turning
		// connect-timeout into 4x it; Pillar's
		// own pillar.clickhouse.retry decides what is retried
		driver.putIfAbsent("retry", "0");
		if (properties.getCluster() != null) {
			driver.putIfAbsent("clickhouse_setting_distributed_ddl_task_timeout",
					Long.toString(properties.getDistributedDdlTaskTimeout().toSeconds()));
		}
		driver.putIfAbsent("socket_timeout",
				Long.toString(properties.getQueryTimeout().plus(properties.getConnectTimeout()).toMillis()));
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
		dataSource.setDriverClassName(details.getDriverClassName());
		dataSource.setConnectionProperties(driver);
		return dataSource;
	}

	/**
	 * Whether a data source leads to ClickHouse: by its URL when it tells it (a pool's
	 * {@code jdbcUrl}, a driver data source's {@code url}), else by asking the database.
	 */
	static boolean isClickHouse(DataSource dataSource) {
		String url = url(dataSource);
		if (url != null) {
			return ClickHouseJdbcUrl.isClickHouse(url);
		}
		try {
			String product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			return "ClickHouse".equalsIgnoreCase(product);
		}
		catch (MetaDataAccessException ex) {
			return false;
		}
	}

	private static @Nullable String url(DataSource dataSource) {
		return property(dataSource, "jdbcUrl", "url");
	}

	private static @Nullable String username(DataSource dataSource) {
		return property(dataSource, "username", "user");
	}

	private static @Nullable String property(DataSource dataSource, String... names) {
		BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
		for (String name : names) {
			try {
				if (wrapper.isReadableProperty(name) && wrapper.getPropertyValue(name) instanceof String value
						&& !value.isEmpty()) {
					return value;
				}
			}
			catch (BeansException ex) {
				// a getter that refuses (say, a closed pool): try the next name, then the
				// database itself
			}
		}
		return null;
	}

	private static String describe(DataSource dataSource) {
		String url = url(dataSource);
		return (url != null) ? SecretRedactor.redactUrl(url) : dataSource.getClass().getSimpleName();
	}

}
