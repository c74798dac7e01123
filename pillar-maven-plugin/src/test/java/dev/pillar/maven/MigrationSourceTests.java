package dev.pillar.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationSourceTests {

	@TempDir
	Path root;

	@Test
	void readsPackageClassVersionAndName() throws IOException {
		Path file = write("com/example/db/CreateUsersTable.java", """
				package com.example.db;

				import dev.pillar.clickhouse.migration.ClickHouseMigration;

				/** Users. */
				@ClickHouseMigration(version = 20250528120000L, name = "create_users_table")
				public class CreateUsersTable implements Migration {
				}
				""");
		assertThat(MigrationSource.scan(List.of(this.root))).containsExactly(new ExistingMigration(file,
				"com.example.db", "CreateUsersTable", 20250528120000L, "create_users_table"));
	}

	@Test
	void readsVersionAndNameFromAPrefixedClassName() throws IOException {
		write("db/V20250101000000_AddHTTPLogs.java", """
				package db;
				@ClickHouseMigration
				class V20250101000000_AddHTTPLogs implements Migration {}
				""");
		ExistingMigration migration = single();
		assertThat(migration.version()).isEqualTo(20250101000000L);
		assertThat(migration.name()).isEqualTo("add_http_logs");
	}

	@Test
	void derivesTheNameFromTheClassNameWhenTheAnnotationHasNone() throws IOException {
		write("db/AddEmailIndex.java", """
				package db;
				@ClickHouseMigration(version = 2025_05_28_120000L)
				public final class AddEmailIndex implements Migration {}
				""");
		assertThat(single().name()).isEqualTo("add_email_index");
		assertThat(single().version()).isEqualTo(20250528120000L);
	}

	@Test
	void readsAFullyQualifiedAnnotationWithOtherAnnotationsAndOddSpacing() throws IOException {
		write("a/b/X.java", """
				package a . b ;
				@SuppressWarnings("class Wrong")
				@dev.pillar.clickhouse.migration.ClickHouseMigration(
						name = "with \\"quotes\\" (and parens)",
						version = 20240229235959L)
				@Deprecated
				public class X implements Migration {}
				""");
		ExistingMigration migration = single();
		assertThat(migration.packageName()).isEqualTo("a.b");
		assertThat(migration.className()).isEqualTo("X");
		assertThat(migration.version()).isEqualTo(20240229235959L);
		assertThat(migration.name()).isEqualTo("with \"quotes\" (and parens)");
	}

	@Test
	void leavesTheVersionUnknownWhenItIsNotALiteral() throws IOException {
		write("db/Computed.java", """
				package db;
				@ClickHouseMigration(version = Versions.FIRST + 1, name = "computed")
				class Computed implements Migration {}
				""");
		assertThat(single().version()).isNull();
	}

	@Test
	void ignoresTheAnnotationInCommentsAndStrings() throws IOException {
		write("db/Helper.java", """
				package db;
				/**
				 * Not a migration, though it mentions @ClickHouseMigration(version = 20250101000000L).
				 */
				class Helper {
					// @ClickHouseMigration
					String text = "@ClickHouseMigration class Fake";
					String block = \"""
							@ClickHouseMigration class Fake2
							\""";
				}
				""");
		assertThat(MigrationSource.scan(List.of(this.root))).isEmpty();
	}

	@Test
	void findsMigrationsInEveryRootAndSkipsMissingRoots() throws IOException {
		write("main/one/A.java", "package one; @ClickHouseMigration(version = 20250101000000L) class A {}");
		write("generated/two/B.java", "package two; @ClickHouseMigration(version = 20250102000000L) class B {}");
		write("main/one/NotJava.txt", "@ClickHouseMigration(version = 20250103000000L) class C {}");
		List<ExistingMigration> migrations = MigrationSource
			.scan(List.of(this.root.resolve("main"), this.root.resolve("missing"), this.root.resolve("generated")));
		assertThat(migrations).extracting(ExistingMigration::className).containsExactly("A", "B");
	}

	@Test
	void readsAMigrationInTheDefaultPackage() throws IOException {
		write("Top.java", "@ClickHouseMigration(version = 20250101000000L, name = \"top\") class Top {}");
		assertThat(single().packageName()).isEmpty();
	}

	private ExistingMigration single() throws IOException {
		List<ExistingMigration> migrations = MigrationSource.scan(List.of(this.root));
		assertThat(migrations).hasSize(1);
		return migrations.get(0);
	}

	private Path write(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		return Files.writeString(file, content);
	}

}
