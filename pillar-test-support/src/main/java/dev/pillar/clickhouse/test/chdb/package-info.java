/**
 * A ClickHouse 26.7 server for the tests where no modern server can be installed: an HTTP
 * front that answers ClickHouse's HTTP interface, as the JDBC driver uses it, over chDB's
 * library ({@code libchdb.so}, ClickHouse as a library). Test infrastructure only: never
 * a dependency of the starter.
 */
@NullMarked
package dev.pillar.clickhouse.test.chdb;

import org.jspecify.annotations.NullMarked;
