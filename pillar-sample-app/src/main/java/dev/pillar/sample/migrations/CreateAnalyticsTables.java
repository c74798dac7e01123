package dev.pillar.sample.migrations;

import java.util.List;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.Migration;

/** Two statements, run in order. */
@ClickHouseMigration(version = 20250528120100L, name = "create_analytics_tables")
public class CreateAnalyticsTables implements Migration {

	@Override
	public List<String> up() {
		return List.of("""
				CREATE TABLE IF NOT EXISTS page_views (
				    user_id UInt64,
				    url String,
				    viewed_at DateTime
				) ENGINE = MergeTree() ORDER BY (user_id, viewed_at)""", """
				CREATE TABLE IF NOT EXISTS user_sessions (
				    session_id String,
				    user_id UInt64,
				    started_at DateTime,
				    duration_seconds UInt32
				) ENGINE = MergeTree() ORDER BY (user_id, started_at)""");
	}

	@Override
	public List<String> down() {
		return List.of("DROP TABLE IF EXISTS user_sessions", "DROP TABLE IF EXISTS page_views");
	}

}
