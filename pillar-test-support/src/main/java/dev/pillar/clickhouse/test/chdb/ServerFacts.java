package dev.pillar.clickhouse.test.chdb;

/**
 * What the front tells about the server in every answer's headers.
 *
 * @param version ClickHouse's version, e.g. {@code 26.7.2.1}
 * @param timezone the server's time zone
 * @param displayName the server's display name
 */
record ServerFacts(String version, String timezone, String displayName) {
}
