package dev.pillar.clickhouse.migration.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads migrations kept as SQL files under locations such as
 * {@code classpath:db/clickhouse} or {@code filesystem:/opt/app/migrations}, named as
 * Flyway users know them: {@code V<yyyyMMddHHmmss>__<name>.sql} applies a migration, and
 * an optional {@code U<same version>__<same name>.sql} undoes it. A file holds one
 * statement or several separated by {@code ;} at top level; comment-only parts are
 * dropped.
 * <p>
 * It refuses, naming the file, every {@code .sql} file that is not named so, a {@code V}
 * file without statements, a {@code U} file without its {@code V} file, and two files of
 * one version.
 */
public final class SqlFileMigrationResolver {

	/** Where SQL migrations are looked for unless told otherwise. */
	public static final String DEFAULT_LOCATION = "classpath:db/clickhouse";

	private static final Log logger = LogFactory.getLog(SqlFileMigrationResolver.class);

	private static final String CLASSPATH = "classpath:";

	private static final String FILESYSTEM = "filesystem:";

	private static final Pattern FILE_NAME = Pattern.compile("([VU])(\\d+)__(\\w+)\\.sql");

	private static final String EXPECTED = "V<yyyyMMddHHmmss>__<name>.sql (and U<same version>__<same name>.sql to "
			+ "undo it), the name in letters, digits and _";

	private final PathMatchingResourcePatternResolver resources;

	/**
	 * Creates a resolver.
	 * @param resourceLoader loads {@code classpath:} locations
	 */
	public SqlFileMigrationResolver(ResourceLoader resourceLoader) {
		this.resources = new PathMatchingResourcePatternResolver(resourceLoader);
	}

	/**
	 * Reads the migrations under some locations.
	 * @param locations {@code classpath:} or {@code filesystem:} locations; no prefix
	 * means {@code classpath:}
	 * @return the migrations, their placeholders unfilled, in no particular order
	 * @throws PillarException when a file is misnamed, empty or orphaned, or two files
	 * share a version
	 */
	public List<ResolvedMigration> resolve(List<String> locations) {
		Map<Long, SqlFile> ups = new TreeMap<>();
		Map<Long, SqlFile> downs = new TreeMap<>();
		for (SqlFile file : files(locations)) {
			SqlFile clash = ((file.up()) ? ups : downs).putIfAbsent(file.version(), file);
			if (clash != null) {
				throw new PillarException("Two migration files have version " + file.version() + ": " + clash.source()
						+ " and " + file.source(), "Give one of them a new version (a later timestamp).");
			}
		}
		for (SqlFile down : downs.values()) {
			SqlFile up = ups.get(down.version());
			if (up == null) {
				throw new PillarException(
						"Migration file " + down.source() + " undoes version " + down.version() + ", but no V"
								+ down.version() + "__" + down.name() + ".sql is there",
						"Rename it to match its V file, or delete it.");
			}
			if (!up.name().equals(down.name())) {
				throw new PillarException(
						"Migration file " + down.source() + " is named '" + down.name()
								+ "', but the migration it undoes, " + up.source() + ", is named '" + up.name() + "'",
						"Give both files the same name.");
			}
		}
		List<ResolvedMigration> migrations = new ArrayList<>();
		for (SqlFile up : ups.values()) {
			SqlFile down = downs.get(up.version());
			migrations.add(ResolvedMigration.of(up.version(), up.name(), statements(up),
					(down != null) ? statements(down) : List.of(), up.source()));
		}
		return migrations;
	}

	/**
	 * Finds the SQL files under some locations without reading them: cheap enough for a
	 * condition that only asks whether there are any.
	 * @param locations {@code classpath:} or {@code filesystem:} locations
	 * @return a source naming each {@code .sql} file, also those that
	 * {@link #resolve(List)} would refuse
	 */
	public List<String> sources(List<String> locations) {
		return List.copyOf(located(locations).keySet());
	}

	private List<SqlFile> files(List<String> locations) {
		List<SqlFile> files = new ArrayList<>();
		for (Map.Entry<String, Resource> entry : located(locations).entrySet()) {
			try {
				files.add(SqlFile.read(entry.getKey(), entry.getValue()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read migration file " + entry.getKey(), ex);
			}
		}
		return files;
	}

	/** The {@code .sql} files under the locations, by source, each once. */
	private Map<String, Resource> located(List<String> locations) {
		Map<String, Resource> files = new LinkedHashMap<>();
		Set<String> urls = new HashSet<>();
		for (String location : new LinkedHashSet<>(locations)) {
			try {
				for (Map.Entry<String, Resource> entry : find(location.strip()).entrySet()) {
					// a location given twice, or one inside another, finds the same file
					// again
					if (urls.add(entry.getValue().getURL().toString())) {
						files.put(entry.getKey(), entry.getValue());
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read migration files under " + location, ex);
			}
		}
		return files;
	}

	/** The {@code .sql} files under a location, by a source naming each for messages. */
	private Map<String, Resource> find(String location) throws IOException {
		Map<String, Resource> found = new TreeMap<>();
		if (location.startsWith(FILESYSTEM)) {
			Path root = Path.of(location.substring(FILESYSTEM.length())).toAbsolutePath().normalize();
			if (!Files.isDirectory(root)) {
				warnMissing(location);
				return found;
			}
			for (Resource resource : this.resources.getResources(root.toUri() + "**/*.sql")) {
				found.put(FILESYSTEM + resource.getFile().toPath().toAbsolutePath().normalize(), resource);
			}
			return found;
		}
		String path = trimSlashes(location.startsWith(CLASSPATH) ? location.substring(CLASSPATH.length()) : location);
		for (Resource resource : this.resources.getResources("classpath*:" + path + "/**/*.sql")) {
			String url = resource.getURL().toString();
			int at = url.lastIndexOf("/" + path + "/");
			found.put(CLASSPATH + path + url.substring(at + path.length() + 1), resource);
		}
		// each classpath* search visits every jar: look for the location itself only to
		// explain an empty result
		if (found.isEmpty() && this.resources.getResources("classpath*:" + path).length == 0) {
			warnMissing(location);
		}
		return found;
	}

	private static void warnMissing(String location) {
		// the default location is simply unused by applications that keep their
		// migrations in code
		if (!location.equals(DEFAULT_LOCATION)) {
			logger.warn("Migration location " + location + " does not exist: no SQL migrations are read from it");
		}
	}

	private static String trimSlashes(String path) {
		return path.replaceAll("^/+|/+$", "");
	}

	private static List<String> statements(SqlFile file) {
		List<String> statements = new ArrayList<>();
		for (String part : SqlText.split(file.text(), ';')) {
			if (!SqlText.isBlank(part)) {
				// a leading comment (the file's header) is no part of the statement
				statements.add(part.substring(SqlText.skipBlank(part, 0)));
			}
		}
		if (statements.isEmpty()) {
			throw new PillarException("Migration file " + file.source() + " holds no statement", file.up()
					? "Write the statements that apply the migration, separated by ;."
					: "Write the statements that undo the migration, or delete the file if it cannot be undone.");
		}
		return statements;
	}

	private record SqlFile(String source, boolean up, long version, String name, String text) {

		static SqlFile read(String source, Resource resource) throws IOException {
			String fileName = source.substring(source.lastIndexOf('/') + 1);
			Matcher matcher = FILE_NAME.matcher(fileName);
			if (!matcher.matches()) {
				throw new PillarException("Migration file " + source + " is not named " + EXPECTED,
						"Rename it, e.g. V" + MigrationResolver.now() + "__create_events.sql, or move it out of the "
								+ "migration locations.");
			}
			long version;
			try {
				version = Long.parseLong(matcher.group(2));
			}
			catch (NumberFormatException ex) {
				version = 0;
			}
			if (!MigrationResolver.isTimestamp(version)) {
				throw new PillarException(
						"Migration file " + source + " has version " + matcher.group(2)
								+ ", which is not a yyyyMMddHHmmss timestamp",
						"Rename it to " + EXPECTED + ", e.g. " + matcher.group(1) + MigrationResolver.now() + "__"
								+ matcher.group(3) + ".sql.");
			}
			String text;
			// bytes first: a Reader's buffers per file cost more than the file
			try (var in = resource.getInputStream()) {
				text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			return new SqlFile(source, matcher.group(1).equals("V"), version, matcher.group(3), text);
		}

	}

}
