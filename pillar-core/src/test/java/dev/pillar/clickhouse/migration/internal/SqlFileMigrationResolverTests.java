package dev.pillar.clickhouse.migration.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import dev.pillar.clickhouse.migration.KubeletVolume;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SqlFileMigrationResolverTests {

	private final SqlFileMigrationResolver resolver = new SqlFileMigrationResolver(new DefaultResourceLoader());

	@TempDir
	Path dir;

	@Test
	void readsStatementsSplitAtTopLevelSemicolonsWithTheirUndo() {
		List<ResolvedMigration> migrations = this.resolver.resolve(List.of("classpath:sql-migrations/events"));

		assertThat(migrations).extracting(ResolvedMigration::version).containsExactly(20250301000000L, 20250302000000L);
		ResolvedMigration events = migrations.get(0);
		assertThat(events.name()).isEqualTo("create_events");
		assertThat(events.source()).isEqualTo("classpath:sql-migrations/events/V20250301000000__create_events.sql");
		assertThat(events.up()).containsExactly(
				"CREATE TABLE events (id UInt64, note String DEFAULT 'a;b') ENGINE = MergeTree() ORDER BY id",
				"CREATE VIEW event_notes AS SELECT id, note FROM events WHERE note != ';'");
		assertThat(events.down()).containsExactly("DROP TABLE event_notes", "DROP TABLE events");
		ResolvedMigration nested = migrations.get(1);
		assertThat(nested.source())
			.isEqualTo("classpath:sql-migrations/events/nested/V20250302000000__add_events_source.sql");
		assertThat(nested.up()).containsExactly("ALTER TABLE events ADD COLUMN source String DEFAULT '{source}'");
		assertThat(nested.reversible()).isFalse();
	}

	@Test
	void aLocationWithoutPrefixIsOnTheClasspathAndOneGivenTwiceCountsOnce() {
		assertThat(this.resolver.resolve(List.of("sql-migrations/events/", "classpath:/sql-migrations/events",
				"classpath:sql-migrations/events/nested")))
			.hasSize(2);
	}

	@Test
	void readsAJarOnTheClasspathAsADirectoryBesideIt() throws IOException {
		// as an application packaged as a jar has them: found through the jar, not by
		// walking a directory
		Path jar = this.dir.resolve("app.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			for (String entry : List.of("db/", "db/ch/", "db/ch/nested/")) {
				out.putNextEntry(new JarEntry(entry));
				out.closeEntry();
			}
			out.putNextEntry(new JarEntry("db/ch/V20250301000000__create_events.sql"));
			out.write("CREATE TABLE events (id UInt64) ENGINE = Memory".getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
			out.putNextEntry(new JarEntry("db/ch/nested/U20250301000000__create_events.sql"));
			out.write("DROP TABLE events".getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		write("classes/db/ch/V20250302000000__add_source.sql", "ALTER TABLE events ADD COLUMN source String");
		try (URLClassLoader classLoader = new URLClassLoader(
				new URL[] { this.dir.resolve("classes").toUri().toURL(), jar.toUri().toURL() }, null)) {
			List<ResolvedMigration> migrations = new SqlFileMigrationResolver(new DefaultResourceLoader(classLoader))
				.resolve(List.of("classpath:db/ch"));

			assertThat(migrations).extracting(ResolvedMigration::source)
				.containsExactly("classpath:db/ch/V20250301000000__create_events.sql",
						"classpath:db/ch/V20250302000000__add_source.sql");
			assertThat(migrations.get(0).down()).containsExactly("DROP TABLE events");
		}
	}

	@Test
	void readsTheFileSystemAndNamesTheFile() throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = Memory");

		ResolvedMigration migration = this.resolver.resolve(List.of("filesystem:" + this.dir)).get(0);

		assertThat(migration.source())
			.isEqualTo("filesystem:" + this.dir.resolve("V20250301000000__create_events.sql"));
		assertThat(migration.checksum()).isEqualTo(
				ResolvedMigration.of(1, "x", List.of("CREATE TABLE events (id UInt64) ENGINE = Memory"), List.of(), "")
					.checksum());
	}

	@Test
	void aMissingLocationHasNoMigrations() {
		assertThat(this.resolver.resolve(List.of("classpath:no/such/place", "filesystem:" + this.dir.resolve("none"))))
			.isEmpty();
	}

	@Test
	void refusesAMisnamedFileNamingItAndThePattern() throws IOException {
		write("V1_create_events.sql", "SELECT 1");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("V1_create_events.sql is not named V<yyyyMMddHHmmss>__<name>.sql");
	}

	@Test
	void refusesAVersionThatIsNotATimestamp() throws IOException {
		write("V1__create_events.sql", "SELECT 1");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("V1__create_events.sql has version 1, which is not a yyyyMMddHHmmss timestamp");
	}

	@Test
	void refusesADayThatDoesNotExistAndAcceptsALeapDay() throws IOException {
		write("V20250229120000__create_events.sql", "SELECT 1");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("has version 20250229120000, which is not a yyyyMMddHHmmss timestamp");
		Files.delete(this.dir.resolve("V20250229120000__create_events.sql"));
		write("V20240229235959__create_events.sql", "SELECT 1");
		assertThat(resolveDir()).extracting(ResolvedMigration::version).containsExactly(20240229235959L);
	}

	@Test
	void findsEveryFileWithoutReadingThemAlsoThoseItWouldRefuse() throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = Memory");
		write("V1_misnamed.sql", "");

		assertThat(this.resolver.sources(List.of("filesystem:" + this.dir))).hasSize(2)
			.anySatisfy((source) -> assertThat(source).endsWith("/V1_misnamed.sql"))
			.anySatisfy((source) -> assertThat(source).endsWith("/V20250301000000__create_events.sql"));
		assertThat(this.resolver.sources(List.of("classpath:no/such/place"))).isEmpty();
	}

	@Test
	void refusesAnUndoWithoutItsMigration() throws IOException {
		write("U20250301000000__create_events.sql", "DROP TABLE events");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("U20250301000000__create_events.sql undoes version 20250301000000, but no "
					+ "V20250301000000__create_events.sql is there");
	}

	@Test
	void refusesAnUndoNamedOtherwise() throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = Memory");
		write("U20250301000000__create_event.sql", "DROP TABLE events");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("U20250301000000__create_event.sql is named 'create_event'")
			.withMessageContaining("V20250301000000__create_events.sql, is named 'create_events'");
	}

	@Test
	void refusesAFileWithOnlyComments() throws IOException {
		write("V20250301000000__create_events.sql", "-- to do;\n/* later; */ ;\n");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("V20250301000000__create_events.sql holds no statement");
	}

	@Test
	void refusesTwoFilesOfOneVersionNamingBoth() throws IOException {
		write("V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = Memory");
		write("sub/V20250301000000__create_other.sql", "CREATE TABLE other (id UInt64) ENGINE = Memory");

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("Two migration files have version 20250301000000")
			.withMessageContaining("V20250301000000__create_events.sql")
			.withMessageContaining("sub/V20250301000000__create_other.sql");
	}

	@Test
	void readsAVolumeLaidOutAsKubeletMountsAConfigMapOnce() throws IOException {
		KubeletVolume.mount(this.dir, "V20250301000000__create_events.sql",
				"CREATE TABLE events (id UInt64) ENGINE = Memory");

		List<ResolvedMigration> migrations = resolveDir();

		assertThat(migrations).singleElement()
			.satisfies((migration) -> assertThat(migration.source()).isEqualTo("filesystem:"
					+ this.dir.toAbsolutePath().normalize().resolve("V20250301000000__create_events.sql")));
	}

	@Test
	void aFileReachedByTwoLinksCountsOnce() throws IOException {
		write("real/V20250301000000__create_events.sql", "CREATE TABLE events (id UInt64) ENGINE = Memory");
		Files.createSymbolicLink(this.dir.resolve("V20250301000000__create_events.sql"),
				this.dir.resolve("real/V20250301000000__create_events.sql"));

		assertThat(resolveDir()).hasSize(1);
	}

	@Test
	void aByteOrderMarkChangesNeitherStatementsNorChecksum() throws IOException {
		String text = "-- events\nCREATE TABLE events (id UInt64) ENGINE = Memory;";
		write("V20250301000000__create_events.sql", text);
		ResolvedMigration plain = resolveDir().get(0);
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		Files.write(this.dir.resolve("V20250301000000__create_events.sql"),
				concat(bom, text.getBytes(StandardCharsets.UTF_8)));

		ResolvedMigration marked = resolveDir().get(0);

		assertThat(marked.up()).isEqualTo(plain.up());
		assertThat(marked.checksum()).isEqualTo(plain.checksum());
	}

	@Test
	void refusesAFileThatIsNotUtf8NamingIt() throws IOException {
		// "café" saved as ISO-8859-1
		Files.write(this.dir.resolve("V20250301000000__create_events.sql"),
				concat("SELECT 'caf".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0xE9, '\'' }));

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("V20250301000000__create_events.sql is not valid UTF-8")
			.satisfies((ex) -> assertThat(((PillarException) ex).action()).contains("Save it as UTF-8"));
	}

	@Test
	void refusesAFileLargerThanTheLimitNamingIt() throws IOException {
		Path file = this.dir.resolve("V20250301000000__create_events.sql");
		try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
			big.setLength(SqlFileMigrationResolver.MAX_FILE_MIB * 1024L * 1024L + 1);
		}

		assertThatExceptionOfType(PillarException.class).isThrownBy(this::resolveDir)
			.withMessageContaining("V20250301000000__create_events.sql holds 10485761 bytes, more than the 10 MiB");
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] both = Arrays.copyOf(first, first.length + second.length);
		System.arraycopy(second, 0, both, first.length, second.length);
		return both;
	}

	private List<ResolvedMigration> resolveDir() {
		return this.resolver.resolve(List.of("filesystem:" + this.dir));
	}

	private void write(String name, String text) throws IOException {
		Path file = this.dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, text);
	}

}
