package dev.pillar.maven;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.internal.MigrationResolver;
import dev.pillar.clickhouse.migration.internal.SqlFileMigrationResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MigrationGeneratorTests {

	private static final Instant NOW = Instant.parse("2025-05-28T12:00:00.250Z");

	@TempDir
	Path project;

	private final List<Long> sleeps = new ArrayList<>();

	private final MigrationGenerator generator = new MigrationGenerator(Clock.fixed(NOW, ZoneOffset.UTC),
			this.sleeps::add);

	@Test
	void writesAClassNamedAfterTheMigrationWithTheCurrentUtcTimeAsVersion() throws Exception {
		GeneratedMigration generated = generate("create_users_table", "com.example.migrations");
		Path expected = src().resolve("com/example/migrations/CreateUsersTable.java");
		assertThat(generated.file()).isEqualTo(expected);
		assertThat(generated.version()).isEqualTo(20250528120000L);
		assertThat(expected).content().isEqualTo("""
				package com.example.migrations;

				import java.util.List;

				import dev.pillar.clickhouse.migration.ClickHouseMigration;
				import dev.pillar.clickhouse.migration.Migration;

				@ClickHouseMigration(version = 20250528120000L, name = "create_users_table")
				public class CreateUsersTable implements Migration {

				\t@Override
				\tpublic List<String> up() {
				\t\t// TODO: the statements that apply this migration, run one by one in order.
				\t\t// Pillar refuses to start while this list is empty.
				\t\treturn List.of();
				\t}

				\t@Override
				\tpublic List<String> down() {
				\t\t// TODO: the statements that undo up(), run one by one in order.
				\t\t// Left empty, the migration cannot be rolled back.
				\t\treturn List.of();
				\t}

				}
				""");
	}

	@Test
	void usesUtcWhateverTheClockZone() throws Exception {
		MigrationGenerator generator = new MigrationGenerator(Clock.fixed(NOW, ZoneId.of("Asia/Tokyo")),
				this.sleeps::add);
		GeneratedMigration generated = generator.generate("x", "p", List.of(src()), src());
		assertThat(generated.version()).isEqualTo(20250528120000L);
	}

	@Test
	void theGeneratedClassCompilesAndPillarRefusesItUntilUpIsFilledIn() throws Exception {
		Path file = generate("add_v2_events", "com.example.migrations").file();
		Path classes = Files.createDirectories(this.project.resolve("classes"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int status = compiler.run(null, null, null, "-d", classes.toString(), "-classpath",
				System.getProperty("java.class.path"), file.toString());
		assertThat(status).isZero();
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			Class<?> type = loader.loadClass("com.example.migrations.AddV2Events");
			ClickHouseMigration annotation = type.getAnnotation(ClickHouseMigration.class);
			assertThat(annotation.version()).isEqualTo(20250528120000L);
			assertThat(annotation.name()).isEqualTo("add_v2_events");
			Migration migration = (Migration) type.getConstructor().newInstance();
			assertThat(migration.down()).isEmpty();
			assertThatExceptionOfType(PillarException.class)
				.isThrownBy(() -> new MigrationResolver().resolve(List.of(migration)))
				.withMessageContaining("has no up statements");
		}
	}

	@Test
	void turnsTheNameIntoPascalCase() {
		assertThat(MigrationGenerator.className("create_users_table")).isEqualTo("CreateUsersTable");
		assertThat(MigrationGenerator.className("add_v2_index")).isEqualTo("AddV2Index");
		assertThat(MigrationGenerator.className("a__b_")).isEqualTo("AB");
		assertThat(MigrationGenerator.className("users")).isEqualTo("Users");
	}

	@Test
	void refusesANameThatIsNotLowerSnakeCaseSuggestingOne() {
		assertRefused("CreateUsersTable", null, "'CreateUsersTable' is not lower snake case",
				"Use -Dname=create_users_table.");
		assertRefused("create-users table", null, "is not lower snake case", "Use -Dname=create_users_table.");
		assertRefused("1_users", null, "is not lower snake case", "Use e.g. -Dname=create_users_table.");
		assertRefused("_users", null, "is not lower snake case", "Use -Dname=users.");
		assertRefused("évolution", null, "is not lower snake case", "Use e.g. -Dname=create_users_table.");
		assertThat(src()).doesNotExist();
	}

	@Test
	void refusesAMissingName() {
		assertRefused(null, "p", "No migration name was given.", "-Dname=create_users_table");
		assertRefused(" ", "p", "No migration name was given.", "-Dname=create_users_table");
	}

	@Test
	void refusesANameWhoseClassWouldShadowATypeTheMigrationUses() {
		assertRefused("migration", "p", "gives class name Migration, which clashes", "Pick a name");
		assertRefused("click_house_migration", "p", "class name ClickHouseMigration", "Pick a name");
		assertRefused("list", "p", "class name List", "Pick a name");
		assertThat(src()).doesNotExist();
	}

	@Test
	void refusesAnInvalidPackage() {
		assertRefused("users", "com.example.class", "Package 'com.example.class' is not a valid Java package name.",
				"-Dpackage=com.example.migrations");
		assertRefused("users", "com..example", "is not a valid Java package name", "-Dpackage=");
	}

	@Test
	void takesThePackageOfTheExistingMigrations() throws Exception {
		existing("com/example/db/CreateEvents.java", "com.example.db", "CreateEvents", 20240101000000L);
		GeneratedMigration generated = generate("create_users_table", null);
		assertThat(generated.packageName()).isEqualTo("com.example.db");
		assertThat(generated.packageOrigin()).isEqualTo("the package of the existing migrations");
		assertThat(generated.file()).isEqualTo(src().resolve("com/example/db/CreateUsersTable.java"));
	}

	@Test
	void takesThePackageOfTheNewestMigrationWhenTheyAreInSeveral() throws Exception {
		existing("old/First.java", "old", "First", 20240101000000L);
		existing("current/Second.java", "current", "Second", 20240301000000L);
		existing("other/Third.java", "other", "Third", 20240201000000L);
		GeneratedMigration generated = generate("create_users_table", null);
		assertThat(generated.packageName()).isEqualTo("current");
		assertThat(generated.packageOrigin()).contains("newest migration, 20240301000000")
			.contains("[current, old, other]");
	}

	@Test
	void aGivenPackageWinsOverTheExistingOne() throws Exception {
		existing("com/example/db/CreateEvents.java", "com.example.db", "CreateEvents", 20240101000000L);
		assertThat(generate("create_users_table", "com.example.other").packageName()).isEqualTo("com.example.other");
	}

	@Test
	void asksForAPackageWhenMigrationsInSeveralPackagesShowNoVersion() throws Exception {
		Files.createDirectories(src().resolve("a"));
		Files.writeString(src().resolve("a/A.java"), "package a; @ClickHouseMigration(version = V.A) class A {}");
		Files.createDirectories(src().resolve("b"));
		Files.writeString(src().resolve("b/B.java"), "package b; @ClickHouseMigration(version = V.B) class B {}");
		assertRefused("users", null, "Migrations live in several packages [a, b].",
				"Choose one: mvn pillar:generate -Dname=users -Dpackage=<package>");
	}

	@Test
	void writesNoPackageLineForTheDefaultPackage() throws Exception {
		existing("Top.java", "", "Top", 20240101000000L);
		Files.writeString(src().resolve("Top.java"), "@ClickHouseMigration(version = 20240101000000L) class Top {}");
		GeneratedMigration generated = generate("users", null);
		assertThat(generated.file()).isEqualTo(src().resolve("Users.java"));
		assertThat(generated.file()).content().startsWith("import java.util.List;");
	}

	@Test
	void asksForAPackageWhenThereIsNoMigration() {
		assertRefused("create_users_table", null, "Found no @ClickHouseMigration class under",
				"mvn pillar:generate -Dname=create_users_table -Dpackage=com.example.migrations");
		assertThat(src()).doesNotExist();
	}

	@Test
	void refusesToOverwriteAFile() throws Exception {
		Path file = src().resolve("com/example/CreateUsersTable.java");
		Files.createDirectories(file.getParent());
		Files.writeString(file, "hand-written");
		assertRefused("create_users_table", "com.example", file + " already exists; nothing was written.",
				"Pick another name, or delete the file first.");
		assertThat(file).hasContent("hand-written");
	}

	@Test
	void refusesANameOrClassNameThatAnExistingMigrationHas() throws Exception {
		existing("a/Users.java", "a", "Users", 20240101000000L);
		Files.writeString(src().resolve("a/Users.java"),
				"package a; @ClickHouseMigration(version = 20240101000000L, name = \"create_users_table\") class Users {}");
		assertRefused("create_users_table", "b", "is already named 'create_users_table'", "Pick another name.");
		assertRefused("users", "b", "already has class name Users", "Pick another name.");
		assertThat(src().resolve("b")).doesNotExist();
	}

	@Test
	void waitsForTheNextSecondWhenTheVersionIsTaken() throws Exception {
		existing("p/Taken.java", "p", "Taken", 20250528120000L);
		Instant[] now = { NOW };
		MigrationGenerator generator = new MigrationGenerator(new Clock() {

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now[0];
			}

		}, (millis) -> {
			this.sleeps.add(millis);
			now[0] = now[0].plusMillis(millis);
		});
		GeneratedMigration generated = generator.generate("next_one", null, List.of(src()), src());
		assertThat(generated.version()).isEqualTo(20250528120001L);
		assertThat(this.sleeps).containsExactly(750L);
	}

	@Test
	void failsWhenTheClockDoesNotMovePastATakenVersion() throws Exception {
		existing("p/Taken.java", "p", "Taken", 20250528120000L);
		assertRefused("next_one", null, "Version 20250528120000 is already used by", "Run the goal again in a second");
		assertThat(this.sleeps).hasSize(2);
		assertThat(src().resolve("p/NextOne.java")).doesNotExist();
	}

	private GeneratedMigration generate(String name, String packageName) throws Exception {
		return this.generator.generate(name, packageName, List.of(src()), src());
	}

	private void assertRefused(String name, String packageName, String problem, String action) {
		assertThatExceptionOfType(MigrationGenerationException.class)
			.isThrownBy(() -> this.generator.generate(name, packageName, List.of(src()), src()))
			.withMessageContaining(problem)
			.withMessageContaining(action);
	}

	private void existing(String path, String packageName, String className, long version) throws IOException {
		Path file = src().resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, "package " + packageName + ";\n\n@ClickHouseMigration(version = " + version
				+ "L)\npublic class " + className + " implements Migration {\n}\n");
	}

	private Path src() {
		return this.project.resolve("src/main/java");
	}

	// -Dtype=sql: a pair of SQL files that Pillar reads once filled in

	@Test
	void sqlWritesTheMigrationAndItsUndoWithAHeader() throws Exception {
		GeneratedSqlMigration generated = generateSql("create_events");

		assertThat(generated.up()).isEqualTo(sqlDirectory().resolve("V20250528120000__create_events.sql"));
		assertThat(generated.down()).isEqualTo(sqlDirectory().resolve("U20250528120000__create_events.sql"));
		assertThat(generated.up()).content().isEqualTo("""
				-- Migration 20250528120000 (create_events): the statements that apply it, separated by ;
				-- Pillar refuses to start while this file holds no statement.

				""");
		assertThat(generated.down()).content()
			.startsWith("-- Undoes migration 20250528120000 (create_events): the statements that undo "
					+ "V20250528120000__create_events.sql, separated by ;\n");
	}

	@Test
	void sqlFilesAreReadByPillarOnceFilledInAndRefusedEmpty() throws Exception {
		GeneratedSqlMigration generated = generateSql("create_events");
		SqlFileMigrationResolver resolver = new SqlFileMigrationResolver(new DefaultResourceLoader());
		List<String> location = List.of("filesystem:" + sqlDirectory());

		assertThatExceptionOfType(PillarException.class).isThrownBy(() -> resolver.resolve(location))
			.withMessageContaining("V20250528120000__create_events.sql holds no statement");
		Files.writeString(generated.up(), "CREATE TABLE events (id UInt64) ENGINE = Memory;\n",
				StandardOpenOption.APPEND);
		Files.writeString(generated.down(), "DROP TABLE events;\n", StandardOpenOption.APPEND);

		ResolvedMigration migration = resolver.resolve(location).get(0);
		assertThat(migration.version()).isEqualTo(20250528120000L);
		assertThat(migration.name()).isEqualTo("create_events");
		assertThat(migration.up()).containsExactly("CREATE TABLE events (id UInt64) ENGINE = Memory");
		assertThat(migration.down()).containsExactly("DROP TABLE events");
	}

	@Test
	void sqlRefusesToOverwriteEitherFile() throws Exception {
		Files.createDirectories(sqlDirectory());
		Path down = Files.writeString(sqlDirectory().resolve("U20250528120000__create_events.sql"),
				"DROP TABLE events");

		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generateSql("create_events"))
			.withMessageContaining("U20250528120000__create_events.sql already exists; nothing was written.");
		assertThat(down).content().isEqualTo("DROP TABLE events");
		assertThat(sqlDirectory().resolve("V20250528120000__create_events.sql")).doesNotExist();
	}

	@Test
	void sqlWaitsForAVersionThatNoFileHas() throws Exception {
		Files.createDirectories(sqlDirectory());
		Files.writeString(sqlDirectory().resolve("V20250528120000__create_users.sql"), "SELECT 1");

		// the fixed clock never moves past the taken version
		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generateSql("create_events"))
			.withMessageContaining("Version 20250528120000 is already used by ")
			.withMessageContaining("V20250528120000__create_users.sql");
		assertThat(this.sleeps).hasSize(2);
	}

	@Test
	void refusesANameThatAnExistingSqlFileHas() throws Exception {
		Files.createDirectories(sqlDirectory());
		Files.writeString(sqlDirectory().resolve("V20250101000000__create_events.sql"), "SELECT 1");

		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generateSql("create_events"))
			.withMessageContaining("V20250101000000__create_events.sql is already named 'create_events'");
	}

	@Test
	void sqlRefusesANameThatIsNotSnakeCase() {
		assertThatExceptionOfType(MigrationGenerationException.class).isThrownBy(() -> generateSql("CreateEvents"))
			.withMessageContaining("is not lower snake case");
		assertThat(sqlDirectory()).doesNotExist();
	}

	private GeneratedSqlMigration generateSql(String name) throws Exception {
		return this.generator.generateSql(name, sqlDirectory(), List.of(src()));
	}

	private Path sqlDirectory() {
		return this.project.resolve("src/main/resources/db/clickhouse");
	}

}
