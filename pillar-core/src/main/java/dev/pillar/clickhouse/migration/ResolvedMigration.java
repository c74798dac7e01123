package dev.pillar.clickhouse.migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.util.ClassUtils;

/**
 * A migration as Pillar runs it: its version and name resolved, its statements read once,
 * and its {@link MigrationScript script}: statements listed in advance, or a
 * {@link JdbcMigration}'s code. Being a {@link Migration} itself, it also lets code build
 * migrations without a class each: pass instances made with {@link #of} (or
 * {@link MigrationProvider#migration}) where migrations are expected.
 *
 * @param version the {@code yyyyMMddHHmmss} version
 * @param name the name
 * @param checksum a digest of its statements (or of its code's class name and version),
 * stored in the history to notice an applied migration edited later
 * @param source where it came from: its class, or its file
 * @param script how it runs
 */
public record ResolvedMigration(long version, String name, String checksum, String source,
		MigrationScript script) implements Migration {

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
		return new ResolvedMigration(version, name, checksum(up), source, new MigrationScript.Listed(up, down));
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
		return new ResolvedMigration(version, name,
				(supplied != null) ? supplied : checksum(List.of(source, Long.toString(version))), source,
				new MigrationScript.Coded(code));
	}

	/**
	 * @return the statements that apply it, as far as they are known before it runs
	 */
	@Override
	public List<String> up() {
		return this.script.statements(MigrationDirection.UP);
	}

	/**
	 * @return the statements that undo it, as far as they are known before it runs
	 */
	@Override
	public List<String> down() {
		return this.script.statements(MigrationDirection.DOWN);
	}

	/**
	 * The same migration with placeholders filled. The checksum stays that of the
	 * statements as written, so that changing a placeholder's value (another cluster
	 * name, say) does not count as changing the migration.
	 * @param values values for {@code {name}} placeholders
	 * @return the migration with its statements filled
	 */
	public ResolvedMigration withPlaceholders(Map<String, String> values) {
		MigrationScript filled = this.script.withPlaceholders(values);
		return (filled == this.script) ? this
				: new ResolvedMigration(this.version, this.name, this.checksum, this.source, filled);
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
		return this.script.reversible();
	}

	/**
	 * The statements of one direction, as far as they are known before it runs.
	 * @param direction up or down
	 * @return its statements
	 */
	public List<String> statements(MigrationDirection direction) {
		return this.script.statements(direction);
	}

	/**
	 * What a resume after a failure at a statement does, for messages.
	 * @param number the statement that failed (1 for the first)
	 * @return the resume, in words
	 */
	public String resumeFrom(int number) {
		return this.script.statementsKnown() ? "resume from statement " + number
				: "resume (it runs the migration's code again from its start)";
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
