package dev.pillar.clickhouse.test;

/**
 * The login that every server of the tests is reached with: by the harness's own queries,
 * by the JDBC URLs it hands out (which name no user, so the driver logs in as its
 * default, this one) and by a Testcontainers container, which is set up for it.
 *
 * @param user the user
 * @param password its password
 */
public record ClickHouseLogin(String user, String password) {

	/**
	 * ClickHouse's own {@code default} user, without a password: the driver's default
	 * login too.
	 */
	public static final ClickHouseLogin DEFAULT = new ClickHouseLogin("default", "");

}
