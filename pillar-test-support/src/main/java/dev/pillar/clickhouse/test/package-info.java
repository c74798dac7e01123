/**
 * A real ClickHouse for integration tests:
 * {@link dev.pillar.clickhouse.test.ClickHouseServer} finds one (the URL the test command
 * gives, else a Testcontainers container), and
 * {@link dev.pillar.clickhouse.test.ClickHouseTest} gives each test a fresh database on
 * it.
 */
@NullMarked
package dev.pillar.clickhouse.test;

import org.jspecify.annotations.NullMarked;
