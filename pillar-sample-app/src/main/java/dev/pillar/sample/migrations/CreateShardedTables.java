package dev.pillar.sample.migrations;

import java.util.List;
import java.util.stream.IntStream;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.Migration;

/** Statements built in code: one table per shard. */
@ClickHouseMigration(version = 20250528120200L, name = "create_sharded_tables")
public class CreateShardedTables implements Migration {

	static final int SHARDS = 5;

	@Override
	public List<String> up() {
		return IntStream.range(0, SHARDS)
			.mapToObj((shard) -> "CREATE TABLE IF NOT EXISTS events_shard_" + shard
					+ " (id UInt64, payload String, at DateTime) ENGINE = MergeTree() ORDER BY id")
			.toList();
	}

	@Override
	public List<String> down() {
		return IntStream.range(0, SHARDS).mapToObj((shard) -> "DROP TABLE IF EXISTS events_shard_" + shard).toList();
	}

}
