package dev.pillar.maven;

/**
 * Just enough Java lexing to read sources as text: comments and the contents of string,
 * text block and char literals are blanked out, so that a pattern matched against the
 * result only sees code.
 */
final class JavaText {

	private JavaText() {
	}

	/**
	 * Blanks out comments and literal contents, keeping every other character (and the
	 * quotes) where it was.
	 * @param text Java source
	 * @return text of the same length holding only code
	 */
	static String code(String text) {
		StringBuilder code = new StringBuilder(text);
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			if (c == '/' && i + 1 < length && text.charAt(i + 1) == '/') {
				int end = text.indexOf('\n', i);
				i = blank(code, i, (end < 0) ? length : end);
			}
			else if (c == '/' && i + 1 < length && text.charAt(i + 1) == '*') {
				int end = text.indexOf("*/", i + 2);
				i = blank(code, i, (end < 0) ? length : end + 2);
			}
			else if (text.startsWith("\"\"\"", i)) {
				i = literal(text, code, i + 3, "\"\"\"");
			}
			else if (c == '"' || c == '\'') {
				i = literal(text, code, i + 1, String.valueOf(c));
			}
			else {
				i++;
			}
		}
		return code.toString();
	}

	/**
	 * Finds the parenthesis that closes the one at {@code open}.
	 * @param code text from {@link #code(String)}
	 * @param open the index of an opening parenthesis
	 * @return the index of its closing parenthesis, or the last index when it is not
	 * closed
	 */
	static int closingParenthesis(String code, int open) {
		int depth = 0;
		for (int i = open; i < code.length(); i++) {
			char c = code.charAt(i);
			if (c == '(') {
				depth++;
			}
			else if (c == ')' && --depth == 0) {
				return i;
			}
		}
		return code.length() - 1;
	}

	// Blanks a literal's content (escapes included) and returns the index after its
	// closing delimiter
	private static int literal(String text, StringBuilder code, int start, String delimiter) {
		int i = start;
		while (i < text.length() && !text.startsWith(delimiter, i)) {
			if (text.charAt(i) == '\\') {
				i++;
			}
			i++;
		}
		int end = Math.min(i, text.length());
		blank(code, start, end);
		return Math.min(end + delimiter.length(), text.length());
	}

	// Line breaks are kept so that the blanked text still has the source's lines
	private static int blank(StringBuilder code, int start, int end) {
		for (int i = start; i < end; i++) {
			if (code.charAt(i) != '\n' && code.charAt(i) != '\r') {
				code.setCharAt(i, ' ');
			}
		}
		return end;
	}

}
