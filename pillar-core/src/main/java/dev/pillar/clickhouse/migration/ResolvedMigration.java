package dev.pillar.clickhouse.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A migration as Pillar runs it: its version and name resolved, its statements read once.
 * Being a {@link Migration} itself, it also lets code build migrations without a class
 * each (generated in a loop, read from files): pass instances made with {@link #of} where
 * migrations are expected.
 *
 * @param version the {@code yyyyMMddHHmmss} version
 * @param name the name
 * @param up the statements that apply it
 * @param down the statements that undo it; empty when it cannot be rolled back
 * @param checksum a digest of {@code up}, stored in the history to notice an applied
 * migration edited later
 * @param source where it came from: its class, or its file
 * @param code for a {@link JdbcMigration}, the code that runs it (then {@code up} and
 * {@code down} are empty)
 */
public record ResolvedMigration(long version, String name, List<String> up, List<String> down, String checksum,
		String source, @Nullable JdbcMigration code) implements Migration {

	/**
	 * Creates a migration of listed statements.
	 * @param version the version
	 * @param name the name
	 * @param up the statements that apply it
	 * @param down the statements that undo it
	 * @param checksum a digest of {@code up}
	 * @param source where it came from
	 */
	public ResolvedMigration(long version, String name, List<String> up, List<String> down, String checksum,
			String source) {
		this(version, name, up, down, checksum, source, null);
	}

	/**
	 * Resolves the statements of a migration and their checksum.
	 * @param version the version
	 * @param name the name
	 * @param up the statements that apply it
	 * @param down the statements that undo it
	 * @param source where it came from: its class, or its file
	 * @return the resolved migration
	 */
	public static ResolvedMigration of(long version, String name, List<String> up, List<String> down, String source) {
		return new ResolvedMigration(version, name, List.copyOf(up), List.copyOf(down), checksum(up), source);
	}

	/**
	 * Resolves a migration that decides its statements while it runs. Its checksum is the
	 * one it supplies, or else a digest of its class name and version.
	 * @param version the version
	 * @param name the name
	 * @param code the migration
	 * @return the resolved migration
	 */
	public static ResolvedMigration of(long version, String name, JdbcMigration code) {
		String source = ClassUtils.getUserClass(code).getName();
		String supplied = code.checksum();
		return new ResolvedMigration(version, name, List.of(), List.of(),
				(supplied != null) ? supplied : checksum(List.of(source, Long.toString(version))), source, code);
	}

	/**
	 * The same migration with placeholders filled. The checksum stays that of the
	 * statements as written, so that changing a placeholder's value (another cluster
	 * name, say) does not count as changing the migration.
	 * @param values values for {@code {name}} placeholders
	 * @return the migration with its statements filled
	 */
	public ResolvedMigration withPlaceholders(Map<String, String> values) {
		if (values.isEmpty()) {
			return this;
		}
		return new ResolvedMigration(this.version, this.name, fill(this.up, values), fill(this.down, values),
				this.checksum, this.source, this.code);
	}

	private static List<String> fill(List<String> statements, Map<String, String> values) {
		return statements.stream().map((statement) -> fill(statement, values)).toList();
	}

	/**
	 * Fills placeholders in a statement.
	 * @param statement the statement
	 * @param values values for {@code {name}} placeholders
	 * @return the statement filled
	 */
	public static String fill(String statement, Map<String, String> values) {
		String filled = statement;
		for (Map.Entry<String, String> value : values.entrySet()) {
			filled = filled.replace("{" + value.getKey() + "}", value.getValue());
		}
		return filled;
	}

	/**
	 * @return whether it has a {@code down} and so can be rolled back
	 */
	public boolean reversible() {
		if (this.code != null) {
			Class<?> declaring = ReflectionUtils
				.findMethod(ClassUtils.getUserClass(this.code), "down", MigrationContext.class)
				.getDeclaringClass();
			return declaring != JdbcMigration.class;
		}
		return !this.down.isEmpty();
	}

	/**
	 * The statements of one direction.
	 * @param direction up or down
	 * @return its statements
	 */
	public List<String> statements(MigrationDirection direction) {
		return (direction == MigrationDirection.UP) ? this.up : this.down;
	}

	/**
	 * @return {@code version (name)}, for messages
	 */
	public String describe() {
		return this.version + " (" + this.name + ")";
	}

	static String checksum(List<String> statements) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (String statement : statements) {
				// length-prefixed so that ["ab", "c"] and ["a", "bc"] differ
				byte[] bytes = statement.strip().getBytes(StandardCharsets.UTF_8);
				digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
				digest.update((byte) ':');
				digest.update(bytes);
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
