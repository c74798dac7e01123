package dev.pillar.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.lang.model.SourceVersion;

import org.jspecify.annotations.Nullable;

/**
 * Writes a new {@code @ClickHouseMigration} class: the version is the current UTC time as
 * {@code yyyyMMddHHmmss}, the class name is the migration name in PascalCase, and
 * {@code up()} and {@code down()} are stubs to fill in.
 * <p>
 * It refuses, writing nothing, a name that is not lower snake case, a file that already
 * exists, a name or class name that an existing migration has, and a version that an
 * existing migration has (after waiting up to two seconds for the clock to move past it).
 */
public final class MigrationGenerator {

	private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

	// Names the generated file uses: a class of the same name would shadow them and not
	// compile
	private static final Set<String> RESERVED_CLASS_NAMES = Set.of("ClickHouseMigration", "Migration", "List", "String",
			"Override");

	private static final int MAX_WAITS = 2;

	private final Clock clock;

	private final Sleeper sleeper;

	/**
	 * Creates a generator that reads the system clock.
	 */
	public MigrationGenerator() {
		this(Clock.systemUTC(), Thread::sleep);
	}

	/**
	 * Creates a generator.
	 * @param clock the clock the version is read from
	 * @param sleeper how to wait for the clock to move past a version that is taken
	 */
	MigrationGenerator(Clock clock, Sleeper sleeper) {
		this.clock = clock;
		this.sleeper = sleeper;
	}

	/**
	 * Writes a new migration class.
	 * @param name the migration name, lower snake case, e.g. {@code create_users_table}
	 * @param packageName the package, or {@code null} to use the one the existing
	 * migrations are in
	 * @param sourceRoots the source roots searched for existing migrations
	 * @param outputRoot the source root the class is written under
	 * @return what was written
	 * @throws MigrationGenerationException when the migration cannot be generated;
	 * nothing was written
	 * @throws IOException when the sources cannot be read or the file cannot be written
	 */
	public GeneratedMigration generate(@Nullable String name, @Nullable String packageName, List<Path> sourceRoots,
			Path outputRoot) throws MigrationGenerationException, IOException {
		String migrationName = checkName(name);
		String className = className(migrationName);
		List<ExistingMigration> existing = MigrationSource.scan(sourceRoots);
		String origin;
		String targetPackage;
		if (packageName != null && !packageName.isBlank()) {
			targetPackage = checkPackage(packageName.strip());
			origin = "given with -Dpackage";
		}
		else {
			Map.Entry<String, String> chosen = detectPackage(existing, sourceRoots, migrationName);
			targetPackage = chosen.getKey();
			origin = chosen.getValue();
		}
		Path file = outputRoot.resolve(targetPackage.replace('.', '/')).resolve(className + ".java");
		if (Files.exists(file)) {
			throw alreadyExists(file);
		}
		checkClashes(existing, migrationName, className);
		long version = freeVersion(existing);
		Files.createDirectories(file.getParent());
		try {
			Files.writeString(file, render(targetPackage, className, version, migrationName), StandardCharsets.UTF_8,
					StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		}
		catch (FileAlreadyExistsException ex) {
			// Created between the check and the write: still never overwrite
			throw alreadyExists(file);
		}
		return new GeneratedMigration(file, targetPackage, className, version, migrationName, origin);
	}

	/**
	 * Writes a new migration as a pair of SQL files: {@code V<version>__<name>.sql} that
	 * applies it and {@code U<version>__<name>.sql} that undoes it, each with a comment
	 * header.
	 * @param name the migration name, lower snake case, e.g. {@code create_users_table}
	 * @param directory the directory the files are written in, e.g.
	 * {@code src/main/resources/db/clickhouse}
	 * @param sourceRoots the source roots searched for existing migration classes
	 * @return what was written
	 * @throws MigrationGenerationException when the migration cannot be generated;
	 * nothing was written
	 * @throws IOException when the sources cannot be read or the files cannot be written
	 */
	public GeneratedSqlMigration generateSql(@Nullable String name, Path directory, List<Path> sourceRoots)
			throws MigrationGenerationException, IOException {
		String migrationName = checkName(name);
		List<ExistingMigration> existing = new ArrayList<>(MigrationSource.scan(sourceRoots));
		existing.addAll(MigrationSource.scanSql(directory));
		checkClashes(existing, migrationName, className(migrationName));
		long version = freeVersion(existing);
		Path up = directory.resolve("V" + version + "__" + migrationName + ".sql");
		Path down = directory.resolve("U" + version + "__" + migrationName + ".sql");
		for (Path file : List.of(up, down)) {
			if (Files.exists(file)) {
				throw alreadyExists(file);
			}
		}
		Files.createDirectories(directory);
		writeNew(up, """
				-- Migration %d (%s): the statements that apply it, separated by ;
				-- Pillar refuses to start while this file holds no statement.

				""".formatted(version, migrationName));
		writeNew(down, """
				-- Undoes migration %d (%s): the statements that undo V%d__%s.sql, separated by ;
				-- Delete this file if the migration cannot be undone: Pillar refuses it while it holds no statement.

				""".formatted(version, migrationName, version, migrationName));
		return new GeneratedSqlMigration(up, down, version, migrationName);
	}

	private static void writeNew(Path file, String text) throws IOException, MigrationGenerationException {
		try {
			Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE);
		}
		catch (FileAlreadyExistsException ex) {
			// Created between the check and the write: still never overwrite
			throw alreadyExists(file);
		}
	}

	/**
	 * The class name for a migration name: its words in PascalCase.
	 * @param name a lower snake case name, e.g. {@code create_users_table}
	 * @return the class name, e.g. {@code CreateUsersTable}
	 */
	static String className(String name) {
		StringBuilder className = new StringBuilder();
		for (String word : name.split("_")) {
			if (!word.isEmpty()) {
				className.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
			}
		}
		return className.toString();
	}

	/**
	 * The Java source of a migration class.
	 * @param packageName the package, empty for the default package
	 * @param className the simple class name
	 * @param version the version
	 * @param name the migration name
	 * @return the source
	 */
	static String render(String packageName, String className, long version, String name) {
		String packageLine = packageName.isEmpty() ? "" : "package " + packageName + ";\n\n";
		return packageLine + """
				import java.util.List;

				import dev.pillar.clickhouse.migration.ClickHouseMigration;
				import dev.pillar.clickhouse.migration.Migration;

				@ClickHouseMigration(version = %dL, name = "%s")
				public class %s implements Migration {

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
				""".formatted(version, name, className);
	}

	private static String checkName(@Nullable String name) throws MigrationGenerationException {
		if (name == null || name.isBlank()) {
			throw new MigrationGenerationException("No migration name was given.",
					"Name it in lower snake case: mvn pillar:generate -Dname=create_users_table");
		}
		if (!SNAKE_CASE.matcher(name).matches()) {
			String suggestion = suggestName(name);
			throw new MigrationGenerationException(
					"Migration name '" + name
							+ "' is not lower snake case (a letter a-z, then letters a-z, digits and _).",
					(SNAKE_CASE.matcher(suggestion).matches() ? "Use -Dname=" + suggestion
							: "Use e.g. -Dname=create_users_table") + ".");
		}
		String className = className(name);
		if (!SourceVersion.isIdentifier(className) || SourceVersion.isKeyword(className)) {
			throw new MigrationGenerationException(
					"Migration name '" + name + "' gives class name " + className + ", which is not a Java identifier.",
					"Pick another name.");
		}
		if (RESERVED_CLASS_NAMES.contains(className)) {
			throw new MigrationGenerationException(
					"Migration name '" + name + "' gives class name " + className
							+ ", which clashes with a type the migration uses.",
					"Pick a name that says what it changes, e.g. " + "create_users_table.");
		}
		return name;
	}

	// CreateUsersTable, create-users-table, "Create users table" -> create_users_table;
	// nothing for other letters
	private static String suggestName(String name) {
		if (!name.matches("[A-Za-z0-9_\\- ]+")) {
			return "";
		}
		return MigrationSource.snakeCase(name.strip())
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "_")
			.replaceAll("^_+|_+$", "");
	}

	private static String checkPackage(String packageName) throws MigrationGenerationException {
		if (!SourceVersion.isName(packageName)) {
			throw new MigrationGenerationException("Package '" + packageName + "' is not a valid Java package name.",
					"Use e.g. -Dpackage=com.example.migrations.");
		}
		return packageName;
	}

	// The package and why it was chosen
	private static Map.Entry<String, String> detectPackage(List<ExistingMigration> existing, List<Path> sourceRoots,
			String name) throws MigrationGenerationException {
		Set<String> packages = existing.stream()
			.map(ExistingMigration::packageName)
			.collect(Collectors.toCollection(TreeSet::new));
		if (packages.isEmpty()) {
			throw new MigrationGenerationException(
					"Found no @ClickHouseMigration class under " + sourceRoots + " to take the package from.",
					"Give the package: mvn pillar:generate -Dname=" + name + " -Dpackage=com.example.migrations");
		}
		if (packages.size() == 1) {
			String only = packages.iterator().next();
			return Map.entry(only, "the package of the existing migrations");
		}
		// Several packages: the newest migration shows where new ones go now
		Optional<ExistingMigration> newest = existing.stream()
			.filter((migration) -> migration.version() != null)
			.max(Comparator.comparing(ExistingMigration::version));
		if (newest.isEmpty()) {
			throw new MigrationGenerationException("Migrations live in several packages " + packages + ".",
					"Choose one: mvn pillar:generate -Dname=" + name + " -Dpackage=<package>");
		}
		return Map.entry(newest.get().packageName(), "the package of the newest migration, " + newest.get().version()
				+ " (migrations live in " + packages + "; -Dpackage chooses another)");
	}

	private static void checkClashes(List<ExistingMigration> existing, String name, String className)
			throws MigrationGenerationException {
		for (ExistingMigration migration : existing) {
			if (migration.name().equals(name)) {
				throw new MigrationGenerationException(
						"Migration " + migration.file() + " is already named '" + name + "'; nothing was written.",
						"Pick another name.");
			}
			if (migration.className().equals(className)) {
				// Spring names both beans after the simple class name: the application
				// would not start
				throw new MigrationGenerationException("Migration " + migration.file() + " already has class name "
						+ className + "; two would clash as Spring beans. Nothing was written.", "Pick another name.");
			}
		}
	}

	private long freeVersion(List<ExistingMigration> existing) throws MigrationGenerationException, IOException {
		long version = now();
		ExistingMigration owner = taken(existing, version);
		for (int waits = 0; owner != null; waits++) {
			if (waits == MAX_WAITS) {
				throw new MigrationGenerationException(
						"Version " + version + " is already used by " + owner.file()
								+ ", and the clock did not move past it; nothing was written.",
						"Run the goal again in a second, or check the system clock.");
			}
			// Two migrations generated within one second: wait for the next one rather
			// than fail
			try {
				this.sleeper.sleep(1000 - this.clock.millis() % 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while waiting for a free version", ex);
			}
			version = now();
			owner = taken(existing, version);
		}
		return version;
	}

	private static @Nullable ExistingMigration taken(List<ExistingMigration> existing, long version) {
		return existing.stream()
			.filter((migration) -> migration.version() != null && migration.version() == version)
			.findFirst()
			.orElse(null);
	}

	private long now() {
		return Long.parseLong(LocalDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC).format(TIMESTAMP));
	}

	private static MigrationGenerationException alreadyExists(Path file) {
		return new MigrationGenerationException(file + " already exists; nothing was written.",
				"Pick another name, or delete the file first.");
	}

	/**
	 * Waits; a seam so that tests do not sleep.
	 */
	@FunctionalInterface
	interface Sleeper {

		void sleep(long millis) throws InterruptedException;

	}

}
