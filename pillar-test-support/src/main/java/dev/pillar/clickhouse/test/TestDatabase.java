package dev.pillar.clickhouse.test;

/**
 * A database of its own for one test, dropped after it.
 *
 * @param server the server it lives on
 * @param name the database name
 */
public record TestDatabase(ClickHouseServer server, String name) {

	/**
	 * @return the JDBC URL that reaches this database (through the bridge where needed)
	 */
	public String jdbcUrl() {
		return this.server.jdbcUrl(this.name);
	}

	/**
	 * Runs a statement in this database over plain HTTP, outside the driver.
	 * @param sql the statement; unqualified names resolve in this database
	 * @return the answer in TabSeparated format
	 */
	public String query(String sql) {
		return this.server.query(sql, this.name);
	}

	/**
	 * Whether a table exists in this database.
	 * @param table the table name
	 * @return whether it exists
	 */
	public boolean tableExists(String table) {
		return query("EXISTS TABLE " + table).trim().equals("1");
	}

	/** Drops this database and everything in it. */
	public void drop() {
		this.server.query("DROP DATABASE IF EXISTS " + this.name);
	}

}
