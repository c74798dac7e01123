package com.example.db;

import java.util.List;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.Migration;

@ClickHouseMigration(version = 20240101000000L, name = "create_events_table")
public class CreateEventsTable implements Migration {

	@Override
	public List<String> up() {
		return List.of("CREATE TABLE IF NOT EXISTS events (id UInt64) ENGINE = MergeTree() ORDER BY id");
	}

}
