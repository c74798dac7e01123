package dev.pillar.clickhouse.test.chdb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What the front reads from a query's text itself, past comments and quotes: the leading
 * keyword, where a second statement starts, and the {@code FORMAT} clause that decides an
 * answer's format. Bytes are read as ISO-8859-1, one char per byte, so that an INSERT's
 * binary data cannot break the reading.
 */
final class StatementText {

	private static final Pattern FORMAT_CLAUSE = Pattern
		.compile("(?is).*\\bFORMAT\\s+([A-Za-z][A-Za-z0-9_]*)\\s*;?\\s*$");

	private static final Pattern SET_READONLY = Pattern.compile("(?is)SET\\s+readonly\\s*=\\s*'?([0-2])'?\\s*;?\\s*$");

	private final String text;

	StatementText(byte[] query) {
		this.text = new String(query, StandardCharsets.ISO_8859_1);
	}

	/**
	 * @return the first keyword, upper case ({@code SELECT}, {@code USE}, ...), or
	 * {@code ""}
	 */
	String keyword() {
		int start = skipBlank(0);
		int end = start;
		while (end < this.text.length() && Character.isLetter(this.text.charAt(end))) {
			end++;
		}
		return this.text.substring(start, end).toUpperCase(Locale.ROOT);
	}

	/**
	 * @return the value of a {@code SET readonly = N} statement, or {@code null} when it
	 * is not one
	 */
	@Nullable String readonlySet() {
		Matcher matcher = SET_READONLY.matcher(this.text.substring(skipBlank(0)));
		return matcher.matches() ? matcher.group(1) : null;
	}

	/**
	 * @return the format that a {@code FORMAT} clause at the end of the query names, or
	 * {@code null}
	 */
	@Nullable String formatClause() {
		Matcher matcher = FORMAT_CLAUSE.matcher(this.text);
		return matcher.matches() ? matcher.group(1) : null;
	}

	/**
	 * @return the 1-based position of the first {@code ;} outside quotes and comments, or
	 * the text's length
	 */
	int firstSemicolon() {
		int i = 0;
		while (i < this.text.length()) {
			char c = this.text.charAt(i);
			if (c == '\'' || c == '"' || c == '`') {
				i = skipQuoted(i, c);
			}
			else if (startsComment(i)) {
				i = skipComment(i);
			}
			else if (c == ';') {
				return i + 1;
			}
			else {
				i++;
			}
		}
		return this.text.length();
	}

	/**
	 * @return the text from a 1-based position on, shortened as a server quotes it in a
	 * syntax error
	 */
	String from(int position) {
		String rest = this.text.substring(Math.min(position - 1, this.text.length()));
		return (rest.length() > 100) ? rest.substring(0, 100) + "..." : rest;
	}

	private int skipBlank(int from) {
		int i = from;
		while (i < this.text.length()) {
			if (Character.isWhitespace(this.text.charAt(i))) {
				i++;
			}
			else if (startsComment(i)) {
				i = skipComment(i);
			}
			else {
				break;
			}
		}
		return i;
	}

	private boolean startsComment(int i) {
		return this.text.startsWith("--", i) || this.text.startsWith("/*", i) || this.text.startsWith("#", i);
	}

	private int skipComment(int i) {
		if (this.text.startsWith("/*", i)) {
			int end = this.text.indexOf("*/", i + 2);
			return (end < 0) ? this.text.length() : end + 2;
		}
		int end = this.text.indexOf('\n', i);
		return (end < 0) ? this.text.length() : end + 1;
	}

	private int skipQuoted(int start, char quote) {
		int i = start + 1;
		while (i < this.text.length()) {
			char c = this.text.charAt(i);
			if (c == '\\') {
				i += 2;
			}
			else if (c == quote) {
				return i + 1;
			}
			else {
				i++;
			}
		}
		return i;
	}

}
