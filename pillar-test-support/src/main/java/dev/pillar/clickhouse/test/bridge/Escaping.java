package dev.pillar.clickhouse.test.bridge;

/**
 * ClickHouse's backslash escapes, as found in TabSeparated fields and in quoted literals
 * inside arrays, tuples and type names.
 * <p>
 * Strings here are "byte strings": bytes decoded as ISO-8859-1, one char per byte, so
 * that UTF-8 (or any other bytes) survive the round trip untouched.
 */
public final class Escaping {

	private Escaping() {
	}

	/**
	 * Undoes TabSeparated escaping of one field.
	 * @param field the field as the server wrote it
	 * @return the value
	 */
	public static String unescapeTsv(String field) {
		int backslash = field.indexOf('\\');
		if (backslash < 0) {
			return field;
		}
		StringBuilder value = new StringBuilder(field.length());
		value.append(field, 0, backslash);
		int i = backslash;
		while (i < field.length()) {
			char c = field.charAt(i);
			if (c == '\\' && i + 1 < field.length()) {
				i = appendEscape(field, i + 1, value);
			}
			else {
				value.append(c);
				i++;
			}
		}
		return value.toString();
	}

	/**
	 * Reads a single-quoted literal, e.g. {@code 'it\'s'}.
	 * @param text the text
	 * @param start the index of the opening quote
	 * @param value where the unescaped value goes
	 * @return the index just after the closing quote
	 * @throws IllegalArgumentException when the quote is not closed
	 */
	static int readQuoted(String text, int start, StringBuilder value) {
		if (start >= text.length() || text.charAt(start) != '\'') {
			throw new IllegalArgumentException("Expected a quoted string at " + start + " in " + text);
		}
		int i = start + 1;
		while (i < text.length()) {
			char c = text.charAt(i);
			if (c == '\'') {
				return i + 1;
			}
			if (c == '\\' && i + 1 < text.length()) {
				i = appendEscape(text, i + 1, value);
			}
			else {
				value.append(c);
				i++;
			}
		}
		throw new IllegalArgumentException("Unclosed quoted string at " + start + " in " + text);
	}

	/**
	 * Appends what the escape sequence whose letter is at {@code at} stands for.
	 * @return the index after the sequence
	 */
	private static int appendEscape(String text, int at, StringBuilder value) {
		char c = text.charAt(at);
		switch (c) {
			case 'b' -> value.append('\b');
			case 'f' -> value.append('\f');
			case 'r' -> value.append('\r');
			case 'n' -> value.append('\n');
			case 't' -> value.append('\t');
			case '0' -> value.append('\0');
			case 'a' -> value.append('\u0007');
			case 'v' -> value.append('\u000B');
			case 'x' -> {
				if (at + 2 < text.length() && isHex(text.charAt(at + 1)) && isHex(text.charAt(at + 2))) {
					value.append((char) Integer.parseInt(text.substring(at + 1, at + 3), 16));
					return at + 3;
				}
				value.append(c);
			}
			// the server reads any other escaped character as itself: \\ \' \" and the
			// rest
			default -> value.append(c);
		}
		return at + 1;
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}
