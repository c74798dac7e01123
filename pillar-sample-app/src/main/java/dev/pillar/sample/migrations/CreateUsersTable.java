package dev.pillar.sample.migrations;

import java.util.List;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.Migration;

/** One statement up, one down. */
@ClickHouseMigration(version = 20250528120000L, name = "create_users_table")
public class CreateUsersTable implements Migration {

	@Override
	public List<String> up() {
		return List.of("""
				CREATE TABLE IF NOT EXISTS users (
				    id UInt64,
				    email String,
				    name String,
				    created_at DateTime
				) ENGINE = MergeTree() ORDER BY id""");
	}

	@Override
	public List<String> down() {
		return List.of("DROP TABLE IF EXISTS users");
	}

}
