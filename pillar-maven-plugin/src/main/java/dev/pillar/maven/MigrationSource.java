package dev.pillar.maven;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * Finds the {@code @ClickHouseMigration} classes in Java source trees by reading the
 * sources as text.
 * <p>
 * The goal runs without compiling the project, so there are no classes to load: the
 * sources are read with comments and string contents blanked out, which is enough to find
 * the annotation, the package, the class name and a literal version.
 */
public final class MigrationSource {

	private static final String SIMPLE_NAME = "ClickHouseMigration";

	private static final Pattern ANNOTATION = Pattern.compile(
			"@\\s*(?:dev\\s*\\.\\s*pillar\\s*\\.\\s*clickhouse\\s*\\.\\s*migration\\s*\\.\\s*)?" + SIMPLE_NAME + "\\b");

	private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w$.\\s]+?)\\s*;");

	private static final Pattern TYPE = Pattern.compile("\\b(?:class|record|enum)\\s+([\\w$]+)");

	private static final Pattern VERSION = Pattern.compile("\\bversion\\s*=\\s*([0-9][0-9_]*)[lL]?\\s*(?=[,)])");

	private static final Pattern NAME = Pattern.compile("\\bname\\s*=\\s*\"");

	// Pillar reads the version from a class named V<yyyyMMddHHmmss>_<Name> when the
	// annotation has none
	private static final Pattern PREFIXED_CLASS = Pattern.compile("V(\\d+)_(\\w+)");

	// Pillar reads migrations kept as files from V<yyyyMMddHHmmss>__<name>.sql
	private static final Pattern SQL_FILE = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

	private MigrationSource() {
	}

	/**
	 * Finds the migrations under the given source roots; roots that do not exist are
	 * skipped.
	 * @param roots the source roots, e.g. {@code src/main/java}
	 * @return the migrations, in file order
	 * @throws IOException when a directory or a file cannot be read
	 */
	public static List<ExistingMigration> scan(List<Path> roots) throws IOException {
		List<ExistingMigration> migrations = new ArrayList<>();
		for (Path root : roots) {
			for (Path file : files(root, ".java")) {
				// Lenient decoding: a stray byte in an unrelated file must not stop the
				// goal
				String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
				if (text.contains(SIMPLE_NAME)) {
					migrations.addAll(parse(file, text));
				}
			}
		}
		return List.copyOf(migrations);
	}

	/**
	 * Finds the migrations kept as SQL files ({@code V<version>__<name>.sql}) under a
	 * directory, if it exists.
	 * @param directory the directory, e.g. {@code src/main/resources/db/clickhouse}
	 * @return the migrations, in file order
	 * @throws IOException when the directory cannot be read
	 */
	public static List<ExistingMigration> scanSql(Path directory) throws IOException {
		List<ExistingMigration> migrations = new ArrayList<>();
		for (Path file : files(directory, ".sql")) {
			Matcher matcher = SQL_FILE.matcher(file.getFileName().toString());
			if (matcher.matches()) {
				migrations.add(new ExistingMigration(file, "", "", parseLong(matcher.group(1)), matcher.group(2)));
			}
		}
		return List.copyOf(migrations);
	}

	private static List<Path> files(Path root, String suffix) throws IOException {
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter((path) -> path.getFileName().toString().endsWith(suffix))
				.filter(Files::isRegularFile)
				.sorted(Comparator.naturalOrder())
				.toList();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Finds the migrations declared in one source file.
	 * @param file the file, to report
	 * @param text its content
	 * @return the migrations, usually none or one
	 */
	static List<ExistingMigration> parse(Path file, String text) {
		String code = JavaText.code(text);
		Matcher packageMatcher = PACKAGE.matcher(code);
		String packageName = packageMatcher.find() ? packageMatcher.group(1).replaceAll("\\s", "") : "";
		List<ExistingMigration> migrations = new ArrayList<>();
		Matcher annotation = ANNOTATION.matcher(code);
		while (annotation.find()) {
			int end = annotation.end();
			String arguments = "";
			int argumentsStart = skipWhitespace(code, end);
			if (argumentsStart < code.length() && code.charAt(argumentsStart) == '(') {
				int close = JavaText.closingParenthesis(code, argumentsStart);
				arguments = code.substring(argumentsStart, close + 1);
				end = close + 1;
			}
			Matcher type = TYPE.matcher(code);
			if (!type.find(end)) {
				continue;
			}
			String className = type.group(1);
			Matcher prefixed = PREFIXED_CLASS.matcher(className);
			boolean isPrefixed = prefixed.matches();
			Long version = null;
			Matcher versionMatcher = VERSION.matcher(arguments);
			if (versionMatcher.find()) {
				version = parseLong(versionMatcher.group(1).replace("_", ""));
			}
			else if (isPrefixed && !arguments.matches("(?s).*\\bversion\\s*=.*")) {
				version = parseLong(prefixed.group(1));
			}
			String name = "";
			Matcher nameMatcher = NAME.matcher(arguments);
			if (nameMatcher.find()) {
				// The blanked code keeps the quotes, so the literal is read from the same
				// offsets in the text
				int open = argumentsStart + nameMatcher.end() - 1;
				int close = code.indexOf('"', open + 1);
				name = unescape(text.substring(open + 1, close)).strip();
			}
			if (name.isEmpty()) {
				name = snakeCase(isPrefixed ? prefixed.group(2) : className);
			}
			migrations.add(new ExistingMigration(file, packageName, className, version, name));
		}
		return migrations;
	}

	/**
	 * The snake case form of a class name, as Pillar derives a migration name from it.
	 * @param camel a class name, e.g. {@code CreateUsersTable}
	 * @return the snake case name, e.g. {@code create_users_table}
	 */
	static String snakeCase(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
			.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
			.toLowerCase(Locale.ROOT);
	}

	private static int skipWhitespace(String code, int from) {
		int index = from;
		while (index < code.length() && Character.isWhitespace(code.charAt(index))) {
			index++;
		}
		return index;
	}

	private static @Nullable Long parseLong(String digits) {
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String unescape(String literal) {
		return literal.replace("\\\"", "\"").replace("\\\\", "\\");
	}

}
