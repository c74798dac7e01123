package dev.pillar.clickhouse.migration.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The table whose rows a statement may rewrite in the background: {@code ALTER TABLE}
 * (its {@code UPDATE}, {@code DELETE}, {@code MODIFY COLUMN}, {@code MATERIALIZE …},
 * {@code CLEAR …} commands start mutations) and lightweight {@code DELETE FROM}.
 *
 * @param database the database named in the statement, or {@code null} for the
 * connection's own
 * @param table the table
 */
record MutatedTable(@Nullable String database, String table) {

	// a quoted name may hold its quote doubled or backslash-escaped
	private static final String NAME = "(`(?:[^`\\\\]|\\\\.|``)+`|\"(?:[^\"\\\\]|\\\\.|\"\")+\"|[A-Za-z_][A-Za-z0-9_]*)";

	private static final Pattern STATEMENT = Pattern
		.compile("(?is)(?:ALTER\\s+TABLE|DELETE\\s+FROM)\\s+(?:IF\\s+EXISTS\\s+)?" + NAME + "(?:\\s*\\.\\s*" + NAME
				+ ")?(?=\\s|$).*");

	/**
	 * The table a statement may start mutations on.
	 * @param statement the statement
	 * @return the table, or empty for a statement that starts none
	 */
	static Optional<MutatedTable> of(String statement) {
		Matcher matcher = STATEMENT.matcher(statement.substring(SqlText.skipBlank(statement, 0)));
		if (!matcher.matches()) {
			return Optional.empty();
		}
		return Optional
			.of((matcher.group(2) != null) ? new MutatedTable(unquote(matcher.group(1)), unquote(matcher.group(2)))
					: new MutatedTable(null, unquote(matcher.group(1))));
	}

	private static String unquote(String name) {
		char first = name.charAt(0);
		if (first != '`' && first != '"') {
			return name;
		}
		String quote = String.valueOf(first);
		return name.substring(1, name.length() - 1).replace(quote + quote, quote).replaceAll("\\\\(.)", "$1");
	}

}
