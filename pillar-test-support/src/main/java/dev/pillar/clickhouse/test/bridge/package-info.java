/**
 * The format bridge: a small HTTP proxy that lets the JDBC driver read results from
 * ClickHouse servers older than 19.x, which cannot answer in
 * {@code RowBinaryWithNamesAndTypes}. It asks them for {@code TSVWithNamesAndTypes}
 * instead and re-encodes the answer. JDK only, so that it can run on its own.
 */
@NullMarked
package dev.pillar.clickhouse.test.bridge;

import org.jspecify.annotations.NullMarked;
