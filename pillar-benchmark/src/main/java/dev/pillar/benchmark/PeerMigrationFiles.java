package dev.pillar.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The peers' workload as SQL files, one statement per migration, in the two namings the
 * tools read: Flyway's {@code V1__t_1.sql} and clickhouse-migrations' {@code 1_t_1.sql}
 * (which the raw clients and Pillar's engine read too); and in Pillar's own naming for
 * the start-up of an app that keeps them on its classpath.
 */
final class PeerMigrationFiles {

	private PeerMigrationFiles() {
	}

	/**
	 * The statement of migration {@code n}.
	 * @param n its number, from 1
	 * @return the statement
	 */
	static String statement(int n) {
		return "CREATE TABLE IF NOT EXISTS t_" + n + " (id UInt64, s String) ENGINE = MergeTree ORDER BY id";
	}

	/**
	 * Writes {@code count} migrations in both namings.
	 * @param parent a directory to write under
	 * @param count how many
	 * @return the two directories
	 */
	static Dirs write(Path parent, int count) {
		Dirs dirs = new Dirs(parent.resolve("flyway-" + count), parent.resolve("numbered-" + count));
		try {
			Files.createDirectories(dirs.flyway());
			Files.createDirectories(dirs.numbered());
			for (int n = 1; n <= count; n++) {
				String sql = statement(n) + ";\n";
				Files.writeString(dirs.flyway().resolve("V" + n + "__t_" + n + ".sql"), sql, StandardCharsets.UTF_8);
				Files.writeString(dirs.numbered().resolve(n + "_t_" + n + ".sql"), sql, StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the peers' migrations under " + parent, ex);
		}
		return dirs;
	}

	/**
	 * Writes {@code count} migrations as Pillar's SQL files,
	 * {@code db/clickhouse/V<version>__t_<n>.sql}, under a directory to put on a
	 * classpath.
	 * @param parent a directory to write under
	 * @param count how many
	 * @return the classpath root that holds {@code db/clickhouse}
	 */
	static Path writePillar(Path parent, int count) {
		Path root = parent.resolve("pillar-" + count);
		Path dir = root.resolve("db/clickhouse");
		try {
			Files.createDirectories(dir);
			for (int n = 1; n <= count; n++) {
				Files.writeString(dir.resolve("V" + BenchmarkMigrations.version(n - 1) + "__t_" + n + ".sql"),
						statement(n) + ";\n", StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write Pillar's migration files under " + parent, ex);
		}
		return root;
	}

	/**
	 * Reads the statements of a directory of {@code 1_t_1.sql} files, in number order.
	 * @param numbered the directory
	 * @return one statement per file, without its closing semicolon
	 */
	static List<String> read(Path numbered) {
		try (Stream<Path> files = Files.list(numbered)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".sql"))
				.sorted(Comparator.comparingInt(PeerMigrationFiles::number))
				.map(PeerMigrationFiles::statementOf)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the migrations in " + numbered, ex);
		}
	}

	private static int number(Path file) {
		String name = file.getFileName().toString();
		return Integer.parseInt(name.substring(0, name.indexOf('_')));
	}

	private static String statementOf(Path file) {
		try {
			return Files.readString(file, StandardCharsets.UTF_8).strip().replaceFirst(";$", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The same migrations in both namings.
	 *
	 * @param flyway {@code V1__t_1.sql}, ...
	 * @param numbered {@code 1_t_1.sql}, ...
	 */
	record Dirs(Path flyway, Path numbered) {

		/**
		 * @param tool a tool
		 * @return the directory it reads
		 */
		Path of(PeerTool tool) {
			return (tool == PeerTool.FLYWAY) ? this.flyway : this.numbered;
		}

	}

}
