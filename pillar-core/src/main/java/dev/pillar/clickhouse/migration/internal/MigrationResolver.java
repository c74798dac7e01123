package dev.pillar.clickhouse.migration.internal;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.ClickHouseMigration;
import dev.pillar.clickhouse.migration.JdbcMigration;
import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;

/**
 * Turns {@link Migration} instances into {@link ResolvedMigration resolved migrations} in
 * version order, and refuses a set that cannot be run: a version that is not a timestamp,
 * a duplicate version, an empty {@code up} or a blank statement. A {@link JdbcMigration}
 * keeps its code, which decides its statements while it runs.
 */
public final class MigrationResolver {

	private static final Pattern CLASS_NAME = Pattern.compile("V(\\d+)_(\\w+)");

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
		.withResolverStyle(ResolverStyle.STRICT);

	private final Map<String, String> placeholders;

	/** Creates a resolver that leaves statements as written. */
	public MigrationResolver() {
		this(Map.of());
	}

	/**
	 * Creates a resolver that fills placeholders in statements.
	 * @param placeholders values for {@code {name}} placeholders; other braces
	 * (ClickHouse's own macros such as {@code {shard}}) are left alone
	 */
	public MigrationResolver(Map<String, String> placeholders) {
		this.placeholders = Map.copyOf(placeholders);
	}

	/**
	 * Resolves migrations and sorts them by version.
	 * @param migrations the migrations, each annotated with {@link ClickHouseMigration}
	 * @return the resolved migrations, oldest first
	 * @throws PillarException when one is invalid or two share a version
	 */
	public List<ResolvedMigration> resolve(List<? extends Migration> migrations) {
		return resolve(migrations, List.of());
	}

	/**
	 * Resolves migrations of both kinds and sorts them by version, in one order.
	 * @param migrations the migrations of listed statements
	 * @param jdbcMigrations the migrations that need the database while they run
	 * @return the resolved migrations, oldest first
	 * @throws PillarException when one is invalid or two share a version
	 */
	public List<ResolvedMigration> resolve(List<? extends Migration> migrations,
			List<? extends JdbcMigration> jdbcMigrations) {
		List<ResolvedMigration> all = new ArrayList<>();
		migrations.forEach((migration) -> all.add(resolve(migration)));
		jdbcMigrations.forEach((migration) -> all.add(resolve(migration)));
		List<ResolvedMigration> resolved = new ArrayList<>();
		Map<Long, ResolvedMigration> byVersion = new HashMap<>();
		for (ResolvedMigration migration : all) {
			ResolvedMigration next = migration.withPlaceholders(this.placeholders);
			ResolvedMigration clash = byVersion.putIfAbsent(next.version(), next);
			if (clash != null) {
				throw new PillarException(
						"Two migrations have version " + next.version() + ": " + clash.name() + " (" + clash.source()
								+ ") and " + next.name() + " (" + next.source() + ")",
						"Give one of them a new version (a later timestamp).");
			}
			resolved.add(next);
		}
		resolved.sort(Comparator.comparingLong(ResolvedMigration::version));
		return List.copyOf(resolved);
	}

	ResolvedMigration resolve(Migration migration) {
		if (migration instanceof ResolvedMigration resolved) {
			String source = resolved.name() + " in " + resolved.source();
			checkTimestamp(resolved.version(), source);
			statements(resolved.up(), "up", source);
			statements(resolved.down(), "down", source);
			if (resolved.script().statementsKnown() && resolved.up().isEmpty()) {
				throw new PillarException(
						"Migration " + resolved.describe() + " in " + resolved.source() + " has no up statements",
						"Return at least one statement from up().");
			}
			return resolved;
		}
		Identity identity = identity(migration);
		List<String> up = statements(migration.up(), "up", identity.source());
		if (up.isEmpty()) {
			throw new PillarException("Migration " + identity.version() + " (" + identity.name() + ") in "
					+ identity.source() + " has no up statements", "Return at least one statement from up().");
		}
		List<String> down = statements(migration.down(), "down", identity.source());
		return ResolvedMigration.of(identity.version(), identity.name(), up, down, identity.source());
	}

	ResolvedMigration resolve(JdbcMigration migration) {
		Identity identity = identity(migration);
		return ResolvedMigration.of(identity.version(), identity.name(), migration);
	}

	/** A migration class's version and name, from its annotation or its name. */
	private static Identity identity(Object migration) {
		Class<?> type = userClass(migration.getClass());
		ClickHouseMigration annotation = type.getAnnotation(ClickHouseMigration.class);
		String source = type.getName();
		if (annotation == null) {
			throw new PillarException("Migration " + source + " is not annotated with @ClickHouseMigration",
					"Annotate it with @ClickHouseMigration(version = yyyyMMddHHmmss, name = \"...\").");
		}
		Matcher matcher = CLASS_NAME.matcher(type.getSimpleName());
		boolean prefixed = matcher.matches();
		long version = annotation.version();
		if (version == 0) {
			if (!prefixed) {
				throw new PillarException("Migration " + source + " has no version",
						"Set @ClickHouseMigration(version = yyyyMMddHHmmss) or name the class V<yyyyMMddHHmmss>_<Name>.");
			}
			version = parseVersion(matcher.group(1), source);
		}
		checkTimestamp(version, source);
		String name = annotation.name().isBlank() ? snakeCase(prefixed ? matcher.group(2) : type.getSimpleName())
				: annotation.name().strip();
		return new Identity(version, name, source);
	}

	private static List<String> statements(List<String> statements, String direction, String source) {
		for (int i = 0; i < statements.size(); i++) {
			String statement = statements.get(i);
			if (statement == null || statement.isBlank()) {
				throw new PillarException("Statement " + (i + 1) + " of " + direction + "() in " + source + " is blank",
						"Remove it or give it SQL.");
			}
		}
		return statements;
	}

	private static long parseVersion(String digits, String source) {
		try {
			return Long.parseLong(digits);
		}
		catch (NumberFormatException ex) {
			throw invalidVersion(digits, source);
		}
	}

	private static void checkTimestamp(long version, String source) {
		if (!isTimestamp(version)) {
			throw invalidVersion(Long.toString(version), source);
		}
	}

	/**
	 * Whether a version is a {@code yyyyMMddHHmmss} timestamp.
	 * @param version the version
	 * @return whether it is one
	 */
	static boolean isTimestamp(long version) {
		if (version < 1000_00_00_00_00_00L || version > 9999_12_31_23_59_59L) {
			return false;
		}
		// by arithmetic, not by the formatter: checked for every migration at start-up
		try {
			LocalDateTime.of((int) (version / 1_00_00_00_00_00L), (int) (version / 1_00_00_00_00L % 100),
					(int) (version / 1_00_00_00L % 100), (int) (version / 1_00_00L % 100), (int) (version / 100 % 100),
					(int) (version % 100));
			return true;
		}
		catch (DateTimeException ex) {
			return false;
		}
	}

	/**
	 * @return the time now as a version, for examples in messages
	 */
	static String now() {
		return LocalDateTime.now().format(TIMESTAMP);
	}

	private static PillarException invalidVersion(String digits, String source) {
		return new PillarException(
				"Migration " + source + " has version " + digits + ", which is not a yyyyMMddHHmmss timestamp",
				"Use the time the migration was written, e.g. " + now() + ".");
	}

	private static Class<?> userClass(Class<?> type) {
		// CGLIB subclasses (Spring proxies) carry "$$" in their name; the annotation sits
		// on the user's class
		Class<?> superclass = type.getSuperclass();
		return (type.getName().contains("$$") && superclass != null && superclass != Object.class) ? superclass : type;
	}

	static String snakeCase(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
			.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
			.toLowerCase(java.util.Locale.ROOT);
	}

	private record Identity(long version, String name, String source) {

	}

}
