package dev.pillar.clickhouse.migration.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads ClickHouse SQL text at its top level: outside quoted strings and names, comments
 * and brackets.
 */
final class SqlText {

	private SqlText() {
	}

	/**
	 * Splits text at each top-level occurrence of a separator.
	 * @param text the text
	 * @param separator e.g. {@code ','} or {@code ';'}
	 * @return the parts, stripped of surrounding white space (empty ones kept)
	 */
	static List<String> split(String text, char separator) {
		List<String> parts = new ArrayList<>();
		int start = 0;
		int depth = 0;
		for (int i = 0; i < text.length(); i = next(text, i)) {
			char c = text.charAt(i);
			depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
			if (c == separator && depth == 0) {
				parts.add(text.substring(start, i).strip());
				start = i + 1;
			}
		}
		parts.add(text.substring(start).strip());
		return parts;
	}

	/**
	 * Finds the first top-level occurrence of a keyword as a whole word, ignoring case.
	 * @param text the text
	 * @param keyword e.g. {@code WHERE}
	 * @return its index, or -1
	 */
	static int indexOfKeyword(String text, String keyword) {
		int depth = 0;
		for (int i = 0; i < text.length(); i = next(text, i)) {
			char c = text.charAt(i);
			depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
			if (depth == 0 && text.regionMatches(true, i, keyword, 0, keyword.length())
					&& (i == 0 || !isWordChar(text.charAt(i - 1)))
					&& (i + keyword.length() == text.length() || !isWordChar(text.charAt(i + keyword.length())))) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Whether text holds nothing but white space and comments.
	 * @param text the text
	 * @return whether it is blank
	 */
	static boolean isBlank(String text) {
		return skipBlank(text, 0) == text.length();
	}

	/**
	 * Whether text is one bracketed whole: {@code (a, b)}, but not {@code (a), (b)}.
	 * @param text the text
	 * @return whether its first bracket closes at its end
	 */
	static boolean isBracketed(String text) {
		if (!text.startsWith("(")) {
			return false;
		}
		int depth = 0;
		for (int i = 0; i < text.length(); i = next(text, i)) {
			char c = text.charAt(i);
			depth += (c == '(' || c == '[') ? 1 : (c == ')' || c == ']') ? -1 : 0;
			if (depth == 0) {
				return i == text.length() - 1;
			}
		}
		return false;
	}

	/**
	 * A string literal.
	 * @param value the value
	 * @return the value quoted, with quotes and backslashes escaped
	 */
	static String literal(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

	/**
	 * A name, quoted.
	 * @param name a database or table name
	 * @return the name in back quotes, with back quotes and backslashes escaped
	 */
	static String name(String name) {
		return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
	}

	/**
	 * Skips white space and comments.
	 * @param text the text
	 * @param from where to start
	 * @return the index of the first character that is neither, or the text's length
	 */
	static int skipBlank(String text, int from) {
		int i = from;
		while (i < text.length()) {
			if (Character.isWhitespace(text.charAt(i))) {
				i++;
			}
			else if (isCommentAt(text, i)) {
				i = next(text, i);
			}
			else {
				break;
			}
		}
		return i;
	}

	static boolean isWordChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	/**
	 * Whether a comment starts at {@code i}, as ClickHouse's lexer reads one: {@code --},
	 * {@code //}, {@code /*}, and {@code #} followed by a space or {@code !}
	 * ({@code #hello} is no comment there).
	 */
	private static boolean isCommentAt(String text, int i) {
		return text.startsWith("--", i) || text.startsWith("//", i) || text.startsWith("/*", i)
				|| text.startsWith("# ", i) || text.startsWith("#!", i);
	}

	/**
	 * The index after the token at {@code i}, read as ClickHouse's lexer
	 * ({@code src/Parsers/Lexer.cpp}) reads it: a quoted string or name, a comment, a
	 * word, a heredoc, or else one character.
	 */
	private static int next(String text, int i) {
		char c = text.charAt(i);
		if (c == '\'' || c == '`' || c == '"') {
			int j = i + 1;
			while (j < text.length()) {
				char d = text.charAt(j);
				if (d == '\\') {
					j += 2;
				}
				else if (d == c && j + 1 < text.length() && text.charAt(j + 1) == c) {
					j += 2; // a doubled quote stands for itself
				}
				else if (d == c) {
					return j + 1;
				}
				else {
					j++;
				}
			}
			return text.length();
		}
		if (text.startsWith("/*", i)) {
			// nested, as the SQL standard has them
			int depth = 0;
			int j = i;
			while (j + 1 < text.length()) {
				if (text.startsWith("/*", j)) {
					depth++;
					j += 2;
				}
				else if (text.startsWith("*/", j)) {
					j += 2;
					if (--depth == 0) {
						return j;
					}
				}
				else {
					j++;
				}
			}
			return text.length();
		}
		if (isCommentAt(text, i)) {
			int end = text.indexOf('\n', i);
			return (end < 0) ? text.length() : end + 1;
		}
		if (isAsciiWordChar(c)) {
			// a $ inside a word is part of it, and starts no heredoc
			int j = i + 1;
			while (j < text.length() && (isAsciiWordChar(text.charAt(j)) || text.charAt(j) == '$')) {
				j++;
			}
			return j;
		}
		if (c == '$') {
			// $$...$$ or $tag$...$tag$: the tag is whatever lies up to the next $
			int tagEnd = text.indexOf('$', i + 1);
			if (tagEnd > 0) {
				String tag = text.substring(i, tagEnd + 1);
				int close = text.indexOf(tag, tagEnd + 1);
				if (close > 0) {
					return close + tag.length();
				}
			}
		}
		return i + 1;
	}

	private static boolean isAsciiWordChar(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
	}

}
