package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Migrations kept as SQL files, next to migrations in code, against a real server.
 */
@ClickHouseTest
class SqlFileMigrationIntegrationTests {

	private static final String EVENTS = "classpath:sql-migrations/events";

	@TempDir
	Path dir;

	@Test
	void filesAndCodeRunInOneVersionOrderAndStatusNamesTheirSources(TestDatabase db) {
		PillarMigrator migrator = migrator(db, List.of(EVENTS)).migrations(List.of(new CreateThings()))
			.placeholders(Map.of("source", "web"))
			.load();

		List<MigrationRun> runs = migrator.migrate();

		assertThat(runs).extracting(MigrationRun::name)
			.containsExactly("create_things", "create_events", "add_events_source");
		assertThat(runs).extracting(MigrationRun::statements).containsExactly(1, 2, 1);
		assertThat(db.tableExists("event_notes")).isTrue();
		db.query("INSERT INTO events (id) VALUES (1)");
		assertThat(db.query("SELECT id, note, source FROM events")).isEqualTo("1\ta;b\tweb\n");
		assertThat(migrator.status().migrations()).extracting(MigrationInfo::source)
			.containsExactly(CreateThings.class.getName(),
					"classpath:sql-migrations/events/V20250301000000__create_events.sql",
					"classpath:sql-migrations/events/nested/V20250302000000__add_events_source.sql");
		assertThat(db.query("SELECT version, statements, statements_done FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("20250101000000\t1\t1\n20250301000000\t2\t2\n20250302000000\t1\t1\n");
	}

	@Test
	void dryRunListsTheFilesStatementsAndRollbackRunsTheUndoFile(TestDatabase db) {
		PillarMigrator migrator = migrator(db, List.of(EVENTS)).placeholders(Map.of("source", "web")).load();

		List<PlannedMigration> plan = migrator.planMigrate();

		assertThat(plan).extracting(PlannedMigration::statementsKnown).containsOnly(true);
		assertThat(plan.get(1).statements())
			.containsExactly("ALTER TABLE events ADD COLUMN source String DEFAULT 'web'");
		assertThat(db.tableExists("events")).isFalse();

		migrator.migrate();
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.rollback(1))
			.withMessageContaining("20250302000000 (add_events_source) has no down");
	}

	@Test
	void rollbackRunsTheUndoFile(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = MergeTree() ORDER BY id");
		write("U20250301000000__create_events.sql", "-- undo\nDROP TABLE events;");
		PillarMigrator migrator = migrator(db, List.of("filesystem:" + this.dir)).load();
		migrator.migrate();

		assertThat(migrator.planRollback(1).get(0).statements()).containsExactly("DROP TABLE events");
		assertThat(migrator.rollback(1)).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(db.tableExists("events")).isFalse();
	}

	@Test
	void anEditedAppliedFileStopsTheNextMigrate(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = MergeTree() ORDER BY id");
		migrator(db, List.of("filesystem:" + this.dir)).load().migrate();
		write("V20250301000000__create_events.sql",
				"-- a new header changes nothing\nCREATE TABLE events (id UInt64) ENGINE = MergeTree() ORDER BY id;");
		assertThat(migrator(db, List.of("filesystem:" + this.dir)).load().migrate()).isEmpty();

		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt32) ENGINE = MergeTree() ORDER BY id");

		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> migrator(db, List.of("filesystem:" + this.dir)).load().migrate())
			.withMessageContaining("20250301000000 (create_events) changed after they were applied");
	}

	@Test
	void aVersionUsedByAFileAndAClassIsRefusedNamingBoth(TestDatabase db) throws IOException {
		write("V20250101000000__create_things.sql", "CREATE TABLE things (id UInt64) ENGINE = Memory");

		assertThatExceptionOfType(PillarException.class)
			.isThrownBy(() -> migrator(db, List.of("filesystem:" + this.dir)).migrations(List.of(new CreateThings()))
				.load())
			.withMessageContaining("Two migrations have version 20250101000000")
			.withMessageContaining(CreateThings.class.getName())
			.withMessageContaining(this.dir.resolve("V20250101000000__create_things.sql").toString());
		assertThat(db.tableExists("pillar_migrations")).isFalse();
	}

	@Test
	void aStatementRefusedInAFileNamesTheFileAndIsResumable(TestDatabase db) throws IOException {
		write("V20250301000000__create_events.sql",
				"CREATE TABLE events (id UInt64) ENGINE = MergeTree() ORDER BY id;\n"
						+ "ALTER TABLE events ADD COLUMN source Strin;");

		assertThatExceptionOfType(MigrationFailedException.class)
			.isThrownBy(() -> migrator(db, List.of("filesystem:" + this.dir)).load().migrate())
			.satisfies((ex) -> assertThat(ex.statementNumber()).isEqualTo(2));
		write("V20250301000000__create_events.sql",
				"CREATE TABLE events (id UInt64) ENGINE = MergeTree() ORDER BY id;\n"
						+ "ALTER TABLE events ADD COLUMN source String;");
		PillarMigrator fixed = migrator(db, List.of("filesystem:" + this.dir)).load();

		assertThat(fixed.resume()).extracting(MigrationRun::statements).containsExactly(1);
		assertThat(fixed.status().migrations().get(0).state()).isEqualTo(MigrationState.APPLIED);
	}

	@Test
	void aConfigMapVolumeWithAByteOrderMarkIsAppliedOnce(TestDatabase db) throws IOException {
		KubeletVolume.mount(this.dir, "V20250301000000__create_events.sql",
				"\uFEFFCREATE TABLE events (id UInt64) ENGINE = MergeTree() ORDER BY id");

		assertThat(migrator(db, List.of("filesystem:" + this.dir)).load().migrate()).extracting(MigrationRun::name)
			.containsExactly("create_events");
		assertThat(db.tableExists("events")).isTrue();
	}

	private void write(String name, String text) throws IOException {
		Files.writeString(this.dir.resolve(name), text);
	}

	static PillarConfiguration migrator(TestDatabase db, List<String> locations) {
		return PillarMigratorIntegrationTests.configure(db).locations(locations);
	}

}
