package dev.pillar.clickhouse.migration.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.ResourceUtils;

/**
 * Reads migrations kept as SQL files under locations such as
 * {@code classpath:db/clickhouse} or {@code filesystem:/opt/app/migrations}, named as
 * Flyway users know them: {@code V<yyyyMMddHHmmss>__<name>.sql} applies a migration, and
 * an optional {@code U<same version>__<same name>.sql} undoes it. A file holds one
 * statement or several separated by {@code ;} at top level; comment-only parts are
 * dropped.
 * <p>
 * It refuses, naming the file, every {@code .sql} file that is not named so, a {@code V}
 * file without statements, a {@code U} file without its {@code V} file, two files of one
 * version, a file that is not UTF-8 and one larger than {@value #MAX_FILE_MIB} MiB. A
 * byte-order mark is dropped. On disk, a file reached twice (by a symbolic link) counts
 * once, and directories whose name starts with {@code .} are skipped: a Kubernetes
 * ConfigMap volume holds each file in a {@code ..<timestamp>} directory and links to it.
 */
public final class SqlFileMigrationResolver {

	/** Where SQL migrations are looked for unless told otherwise. */
	public static final String DEFAULT_LOCATION = "classpath:db/clickhouse";

	/** How large a migration file may be, in MiB. */
	static final int MAX_FILE_MIB = 10;

	private static final long MAX_FILE_BYTES = MAX_FILE_MIB * 1024L * 1024L;

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
		for (Map.Entry<String, FoundFile> entry : located(locations).entrySet()) {
			try {
				long size = entry.getValue().content().size();
				if (size > MAX_FILE_BYTES) {
					throw new PillarException(
							"Migration file " + entry.getKey() + " holds " + size + " bytes, more than the "
									+ MAX_FILE_MIB + " MiB a migration file may hold",
							"Split it into several migrations, or load large data from a table function "
									+ "(e.g. INSERT INTO ... SELECT FROM s3(...)).");
				}
				files.add(SqlFile.read(entry.getKey(), entry.getValue().content().read()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read migration file " + entry.getKey(), ex);
			}
		}
		return files;
	}

	/** The {@code .sql} files under the locations, by source, each once. */
	private Map<String, FoundFile> located(List<String> locations) {
		Map<String, FoundFile> files = new LinkedHashMap<>();
		Set<String> urls = new HashSet<>();
		for (String location : new LinkedHashSet<>(locations)) {
			try {
				for (Map.Entry<String, FoundFile> entry : find(location.strip()).entrySet()) {
					// a location given twice, or one inside another, finds the same file
					// again
					if (urls.add(entry.getValue().url())) {
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

	/**
	 * The {@code .sql} files under a location, by a source naming each for messages.
	 * Directories on disk are walked directly, the rest (jars) searched with Spring's
	 * pattern resolver: its matching, per file, is what start-up time went on.
	 */
	private Map<String, FoundFile> find(String location) throws IOException {
		Map<String, FoundFile> found = new TreeMap<>();
		if (location.startsWith(FILESYSTEM)) {
			Path root = Path.of(location.substring(FILESYSTEM.length())).toAbsolutePath().normalize();
			if (!Files.isDirectory(root)) {
				warnMissing(location);
				return found;
			}
			for (Path file : sqlFiles(root)) {
				found.put(FILESYSTEM + file, FoundFile.of(file));
			}
			return found;
		}
		String path = trimSlashes(location.startsWith(CLASSPATH) ? location.substring(CLASSPATH.length()) : location);
		if (path.isEmpty()) {
			for (Resource resource : this.resources.getResources("classpath*:**/*.sql")) {
				found.put(CLASSPATH + resource.getURL(), FoundFile.of(resource));
			}
			return found;
		}
		ClassLoader classLoader = this.resources.getClassLoader();
		List<URL> roots = Collections.list((classLoader != null) ? classLoader.getResources(path + "/")
				: ClassLoader.getSystemResources(path + "/"));
		for (URL root : roots) {
			if (ResourceUtils.URL_PROTOCOL_FILE.equals(root.getProtocol())) {
				Path dir = ResourceUtils.getFile(root).toPath().toAbsolutePath().normalize();
				for (Path file : sqlFiles(dir)) {
					String relative = dir.relativize(file).toString().replace(File.separatorChar, '/');
					found.put(CLASSPATH + path + "/" + relative, FoundFile.of(file));
				}
				continue;
			}
			for (Resource resource : this.resources.getResources(root + "**/*.sql")) {
				String url = resource.getURL().toString();
				int at = url.lastIndexOf("/" + path + "/");
				found.put(CLASSPATH + path + url.substring(at + path.length() + 1), FoundFile.of(resource));
			}
		}
		if (roots.isEmpty()) {
			warnMissing(location);
		}
		return found;
	}

	private static List<Path> sqlFiles(Path dir) throws IOException {
		// under an absolute, normalized root every file's path is so too
		Path root = dir.toAbsolutePath().normalize();
		try (Stream<Path> files = Files.walk(root)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".sql") && Files.isRegularFile(file))
				.filter((file) -> !inDotDirectory(root.relativize(file)))
				.toList();
		}
	}

	/** Whether a file is under a directory such as {@code ..2026_12_02_10_00_00.1}. */
	private static boolean inDotDirectory(Path relative) {
		for (int i = 0; i < relative.getNameCount() - 1; i++) {
			if (relative.getName(i).toString().startsWith(".")) {
				return true;
			}
		}
		return false;
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

		static SqlFile read(String source, byte[] content) {
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
			String text = decode(source, content);
			// a byte-order mark is no part of the text, nor of its checksum
			text = text.startsWith("\uFEFF") ? text.substring(1) : text;
			return new SqlFile(source, matcher.group(1).equals("V"), version, matcher.group(3), text);
		}

		private static String decode(String source, byte[] content) {
			try {
				return StandardCharsets.UTF_8.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(ByteBuffer.wrap(content))
					.toString();
			}
			catch (CharacterCodingException ex) {
				// a file in another encoding would reach ClickHouse with its text
				// silently replaced
				throw new PillarException("Migration file " + source + " is not valid UTF-8",
						"Save it as UTF-8 (e.g. iconv -f ISO-8859-1 -t UTF-8).");
			}
		}

	}

	/**
	 * A SQL file found under a location.
	 *
	 * @param url where it is, the same for the same file found twice
	 * @param content reads it
	 */
	private record FoundFile(String url, Content content) {

		static FoundFile of(Path file) throws IOException {
			// its real path: the same for a file and links to it, and a jar's URL never
			// equals it
			return new FoundFile(file.toRealPath().toString(), new Content() {

				@Override
				public long size() throws IOException {
					return Files.size(file);
				}

				@Override
				public byte[] read() throws IOException {
					return Files.readAllBytes(file);
				}

			});
		}

		static FoundFile of(Resource resource) throws IOException {
			return new FoundFile(resource.getURL().toString(), new Content() {

				@Override
				public long size() throws IOException {
					return resource.contentLength();
				}

				@Override
				public byte[] read() throws IOException {
					return resource.getContentAsByteArray();
				}

			});
		}

	}

	private interface Content {

		long size() throws IOException;

		byte[] read() throws IOException;

	}

}
