package dev.pillar.clickhouse.autoconfigure;

import java.util.List;

/**
 * Migrations exist but there is no ClickHouse to run them against: no
 * {@code pillar.clickhouse.url}, no service connection, no {@code @PillarDataSource}
 * bean, and the application's {@code DataSource} (if any) is not ClickHouse.
 */
public class PillarConnectionMissingException extends RuntimeException {

	private final List<String> migrations;

	private final String dataSource;

	/**
	 * @param migrations the migrations that could not run, by class name
	 * @param dataSource what the application's data source is, in words
	 */
	public PillarConnectionMissingException(List<String> migrations, String dataSource) {
		super("Pillar has " + migrations.size() + " ClickHouse migration(s) " + migrations
				+ " but no ClickHouse to run them against: " + dataSource);
		this.migrations = List.copyOf(migrations);
		this.dataSource = dataSource;
	}

	/**
	 * @return the migrations that could not run
	 */
	public List<String> migrations() {
		return this.migrations;
	}

	/**
	 * @return what the application's data source is, in words
	 */
	public String dataSource() {
		return this.dataSource;
	}

}
