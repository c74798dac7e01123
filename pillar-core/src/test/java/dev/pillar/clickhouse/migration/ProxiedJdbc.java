package dev.pillar.clickhouse.migration;

import java.util.Properties;

import javax.sql.DataSource;

import dev.pillar.clickhouse.test.FaultProxy;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Connections to a test database through a {@link FaultProxy}, as fault tests need them.
 */
public final class ProxiedJdbc {

	private ProxiedJdbc() {
	}

	/**
	 * @param url the JDBC URL
	 * @return a data source whose driver does not retry by itself, so that Pillar's
	 * retries are the ones under test
	 */
	public static DataSource withoutRetries(String url) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(url);
		Properties driver = new Properties();
		driver.setProperty("retry", "0");
		dataSource.setConnectionProperties(driver);
		return dataSource;
	}

}
