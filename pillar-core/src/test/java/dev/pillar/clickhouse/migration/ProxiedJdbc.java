package dev.pillar.clickhouse.migration;

import java.util.Properties;

import javax.sql.DataSource;

import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Connections to a test database through a {@link FaultProxy}, as fault tests need them.
 */
public final class ProxiedJdbc {

	private ProxiedJdbc() {
	}

	/**
	 * @param proxy the proxy
	 * @param db the database
	 * @return the database's JDBC URL through the proxy, uncompressed, so that the proxy
	 * can read the markers
	 */
	public static String url(FaultProxy proxy, TestDatabase db) {
		String url = proxy.jdbcUrl(db.jdbcUrl());
		return url.contains("compress=") ? url : url + (url.contains("?") ? "&" : "?") + "compress=false";
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
