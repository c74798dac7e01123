package dev.pillar.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.internal.SqlFileMigrationResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code mvn pillar:generate -Dtype=sql}: a pair of SQL files that Pillar reads once filled in.
 */
class SqlMigrationGenerationTests {

	private static final Instant NOW = Instant.parse("2025-05-28T12:00:00.250Z");

	@TempDir
	Path project;

	private final List<Long> sleeps = new ArrayList<>();

	private final MigrationGenerator generator = new MigrationGenerator(Clock.fixed(NOW, ZoneOffset.UTC),
			this.sleeps::add);

	@Test
	void writesTheMigrationAndItsUndoWithAHeader() throws Exception {
		GeneratedSqlMigration generated = generate("create_events");

		assertThat(generated.up()).isEqualTo(sql().resolve("V20250528120000__create_events.sql"));
		assertThat(generated.down()).isEqualTo(sql().resolve("U20250528120000__create_events.sql"));
		assertThat(generated.up()).content().isEqualTo("""
				-- Migration 20250528120000 (create_events): the statements that apply it, separated by ;
				-- Pillar refuses to start while this file holds no statement.

				""");
		assertThat(generated.down()).content().startsWith(
				"-- Undoes migration 20250528120000 (create_events): the statements that undo "
						+ "V20250528120000__create_events.sql, separated by ;\n");
	}

	@Test
	void pillarReadsTheFilesOnceFilledInAndRefusesThemEmpty() throws Exception {
		GeneratedSqlMigration generated = generate("create_events");
		SqlFileMigrationResolver resolver = new SqlFileMigrationResolver(new DefaultResourceLoader());
		List<String> location = List.of("filesystem:" + sql());

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> resolver.resolve(location))
			.withMessageContaining("V20250528120000__create_events.sql holds no statement");
		Files.writeString(generated.up(), "CREATE TABLE events (id UInt64) ENGINE = Memory;\n", APPEND);
		Files.writeString(generated.down(), "DROP TABLE events;\n", APPEND);

		ResolvedMigration migration = resolver.resolve(location).get(0);
		assertThat(migration.version()).isEqualTo(20250528120000L);
		assertThat(migration.name()).isEqualTo("create_events");
		assertThat(migration.up()).containsExactly("CREATE TABLE events (id UInt64) ENGINE = Memory");
		assertThat(migration.down()).containsExactly("DROP TABLE events");
	}

	@Test
	void refusesToOverwriteAndWritesNothing() throws Exception {
		Files.createDirectories(sql());
		Path down = Files.writeString(sql().resolve("U20250528120000__create_events.sql"), "DROP TABLE events");

		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generate("create_events"))
			.withMessageContaining("U20250528120000__create_events.sql already exists; nothing was written.");
		assertThat(down).content().isEqualTo("DROP TABLE events");
		assertThat(sql().resolve("V20250528120000__create_events.sql")).doesNotExist();
	}

	@Test
	void waitsForAVersionThatNoFileHas() throws Exception {
		Files.createDirectories(sql());
		Files.writeString(sql().resolve("V20250528120000__create_users.sql"), "SELECT 1");

		// the fixed clock never moves past the taken version
		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generate("create_events"))
			.withMessageContaining("Version 20250528120000 is already used by ")
			.withMessageContaining("V20250528120000__create_users.sql");
		assertThat(this.sleeps).hasSize(2);
	}

	@Test
	void refusesANameThatAnExistingFileHas() throws Exception {
		Files.createDirectories(sql());
		Files.writeString(sql().resolve("V20250101000000__create_events.sql"), "SELECT 1");

		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generate("create_events"))
			.withMessageContaining("V20250101000000__create_events.sql is already named 'create_events'");
	}

	@Test
	void refusesANameThatIsNotSnakeCase() {
		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generate("CreateEvents"))
			.withMessageContaining("is not lower snake case");
		assertThat(sql()).doesNotExist();
	}

	private GeneratedSqlMigration generate(String name) throws Exception {
		return this.generator.generateSql(name, sql(), List.of(src()));
	}

	private Path sql() {
		return this.project.resolve("src/main/resources/db/clickhouse");
	}

	private Path src() {
		return this.project.resolve("src/main/java");
	}

}
