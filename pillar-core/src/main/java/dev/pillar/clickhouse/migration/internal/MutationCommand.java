package dev.pillar.clickhouse.migration.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A mutation's command as {@code system.mutations} shows it
 * ({@code UPDATE a = expr, b = expr WHERE cond}, {@code DELETE WHERE cond}, …), read to
 * ask the server why it fails where the server does not say: servers before
 * {@code latest_fail_reason} only log it. Evaluating the same expressions over the same
 * rows in a {@code SELECT} fails with the same error.
 *
 * @param command the command text
 */
record MutationCommand(String command) {

	private static final Pattern WITHOUT = Pattern.compile("[\\s()`\"]+");

	private static final List<String> LIGHTWEIGHT_DELETE = List.of("update_row_exists=0", "delete");

	/**
	 * A query that evaluates what the mutation evaluates, over the rows it changes, and
	 * fails as it does.
	 * @param table the table, qualified and quoted as needed
	 * @return the query, or empty for a command it cannot be derived from
	 */
	Optional<String> probe(String table) {
		String text = unwrapped(this.command.strip());
		int where = SqlText.indexOfKeyword(text, "WHERE");
		if (where < 0) {
			return Optional.empty();
		}
		String condition = text.substring(where + "WHERE".length()).strip();
		String head = text.substring(0, where).strip();
		if (head.equalsIgnoreCase("DELETE")) {
			return Optional.of("SELECT count() FROM " + table + " WHERE " + condition);
		}
		if (!head.regionMatches(true, 0, "UPDATE ", 0, 7)) {
			return Optional.empty();
		}
		List<String> values = SqlText.split(head.substring(7), ',')
			.stream()
			.map((assignment) -> assignment.substring(assignment.indexOf('=') + 1).strip())
			.toList();
		// ignore() returns 0 but still evaluates its arguments
		return Optional
			.of("SELECT sum(ignore(" + String.join(", ", values) + ")) FROM " + table + " WHERE " + condition);
	}

	/**
	 * Whether a statement holds this command: the server shows it formatted its own way
	 * (brackets, spaces, case, {@code ==} as {@code =}), so both are compared without
	 * them. A lightweight {@code DELETE FROM t WHERE c} is shown as
	 * {@code UPDATE _row_exists = 0 WHERE c} (or {@code DELETE WHERE c}).
	 * @param statement the statement
	 * @return whether the statement holds it
	 */
	boolean isOf(String statement) {
		String text = comparable(statement);
		String command = comparable(this.command);
		for (String lightweight : LIGHTWEIGHT_DELETE) {
			if (command.startsWith(lightweight) && text.contains("deletefrom")) {
				return text.contains(command.substring(lightweight.length()));
			}
		}
		return !command.isEmpty() && text.contains(command);
	}

	private static String comparable(String text) {
		return WITHOUT.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace("==", "=").replace("<>", "!=");
	}

	/** Newer servers show a command in brackets: {@code (UPDATE a = 1 WHERE x)}. */
	private static String unwrapped(String text) {
		if (SqlText.isBracketed(text)) {
			return text.substring(1, text.length() - 1).strip();
		}
		return text;
	}

}
