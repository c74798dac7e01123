package dev.pillar.clickhouse.migration;

import java.util.List;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ways out of a failure, validation and adoption, on the real server: resume, repair,
 * accepting a changed migration, and baseline.
 */
@ClickHouseTest
class RecoveryIntegrationTests {

	/** Statement 2 reads a table that the operator has to create first. */
	private static final ResolvedMigration NEEDS_SOURCE = ResolvedMigration.of(20250102000000L, "copy_source",
			List.of("CREATE TABLE first (id UInt64) ENGINE = MergeTree ORDER BY id",
					"CREATE TABLE copy ENGINE = MergeTree ORDER BY id AS SELECT id FROM source",
					"CREATE TABLE third (id UInt64) ENGINE = MergeTree ORDER BY id"),
			List.of("DROP TABLE third", "DROP TABLE copy", "DROP TABLE first"), "test");

	private static final ResolvedMigration BASE = ResolvedMigration.of(20250101000000L, "base",
			List.of("CREATE TABLE base (id UInt64) ENGINE = MergeTree ORDER BY id"), List.of("DROP TABLE base"),
			"test");

	@Test
	void resumeRunsTheRestAfterTheOperatorFixedTheCause(TestDatabase db) {
		PillarMigrator migrator = migrator(db, BASE, NEEDS_SOURCE);
		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate)
			.satisfies((ex) -> assertThat(ex.statementNumber()).isEqualTo(2));
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator(db, BASE, NEEDS_SOURCE).migrate())
			.withMessageContaining("20250102000000 (copy_source) failed earlier: up statement 2 of 3")
			.satisfies((ex) -> assertThat(ex.action()).contains("resume from statement 2").contains("repair"));

		db.query("CREATE TABLE source (id UInt64) ENGINE = MergeTree ORDER BY id");
		List<MigrationRun> resumed = migrator.resume();

		assertThat(resumed).singleElement().satisfies((run) -> {
			assertThat(run.version()).isEqualTo(20250102000000L);
			assertThat(run.statements()).isEqualTo(2);
		});
		assertThat(db.tableExists("copy")).isTrue();
		assertThat(db.tableExists("third")).isTrue();
		assertThat(db.query("SELECT event, statements_done FROM pillar_migrations WHERE version = 20250102000000 "
				+ "ORDER BY sequence"))
			.isEqualTo("failed\t1\napplied\t3\n");
		assertThat(migrator.status().pendingCount()).isZero();
		assertThatExceptionOfType(PillarException.class).isThrownBy(migrator::resume)
			.withMessageContaining("Nothing to resume");
	}

	@Test
	void repairMarksTheFailedAttemptUndoneSoMigrateRunsItWhole(TestDatabase db) {
		PillarMigrator migrator = migrator(db, BASE, NEEDS_SOURCE);
		assertThatExceptionOfType(MigrationFailedException.class).isThrownBy(migrator::migrate);

		db.query("DROP TABLE first");
		assertThat(migrator.repair()).extracting(MigrationRun::version).containsExactly(20250102000000L);
		assertThat(migrator.status().inState(MigrationState.PENDING)).extracting(MigrationInfo::version)
			.containsExactly(20250102000000L);

		db.query("CREATE TABLE source (id UInt64) ENGINE = MergeTree ORDER BY id");
		assertThat(migrator.migrate()).extracting(MigrationRun::statements).containsExactly(3);
		assertThat(db.query("SELECT event FROM pillar_migrations WHERE version = 20250102000000 ORDER BY sequence"))
			.isEqualTo("failed\nrepaired\napplied\n");
	}

	@Test
	void aChangedAppliedMigrationStopsMigrateUntilAccepted(TestDatabase db) {
		migrator(db, BASE).migrate();
		ResolvedMigration edited = ResolvedMigration.of(BASE.version(), "base",
				List.of("CREATE TABLE base (id UInt64, extra String) ENGINE = MergeTree ORDER BY id"), BASE.down(),
				"test");
		PillarMigrator changed = migrator(db, edited, NEEDS_SOURCE);

		assertThatExceptionOfType(PillarException.class).isThrownBy(changed::migrate)
			.withMessageContaining("20250101000000 (base) changed after they were applied");
		assertThat(db.tableExists("first")).isFalse();

		assertThat(changed.repair()).extracting(MigrationRun::version).containsExactly(BASE.version());
		assertThat(db.query("SELECT checksum FROM pillar_migrations WHERE event = 'accepted'").trim())
			.isEqualTo(edited.checksum());
		db.query("CREATE TABLE source (id UInt64) ENGINE = MergeTree ORDER BY id");
		assertThat(changed.migrate()).extracting(MigrationRun::version).containsExactly(NEEDS_SOURCE.version());
	}

	@Test
	void baselineAdoptsAnExistingSchemaWithoutRunningIt(TestDatabase db) {
		db.query("CREATE TABLE base (id UInt64) ENGINE = MergeTree ORDER BY id");
		PillarMigrator migrator = migrator(db, BASE, NEEDS_SOURCE);

		assertThat(migrator.baseline(BASE.version())).extracting(MigrationRun::version).containsExactly(BASE.version());
		assertThat(migrator.status().inState(MigrationState.APPLIED)).extracting(MigrationInfo::version)
			.containsExactly(BASE.version());
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.baseline(BASE.version()))
			.withMessageContaining("already has applied migrations");

		db.query("CREATE TABLE source (id UInt64) ENGINE = MergeTree ORDER BY id");
		assertThat(migrator.migrate()).extracting(MigrationRun::version).containsExactly(NEEDS_SOURCE.version());
	}

	@Test
	void rollbackToATargetVersion(TestDatabase db) {
		db.query("CREATE TABLE source (id UInt64) ENGINE = MergeTree ORDER BY id");
		PillarMigrator migrator = migrator(db, BASE, NEEDS_SOURCE);
		migrator.migrate();

		assertThat(migrator.planRollbackTo(0)).extracting(PlannedMigration::version)
			.containsExactly(NEEDS_SOURCE.version(), BASE.version());
		assertThat(migrator.planRollbackTo(0).get(0).statements()).isEqualTo(NEEDS_SOURCE.down());
		assertThat(db.tableExists("base")).isTrue();

		assertThat(migrator.rollbackTo(BASE.version())).extracting(MigrationRun::version)
			.containsExactly(NEEDS_SOURCE.version());
		assertThat(db.tableExists("first")).isFalse();
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.rollbackTo(BASE.version()))
			.withMessageContaining("is the current version");
		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> migrator.rollbackTo(20240101000000L))
			.withMessageContaining("no applied migration has that version");
	}

	private static PillarMigrator migrator(TestDatabase db, Migration... migrations) {
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl())))
			.migrations(List.of(migrations))
			.load();
	}

}
