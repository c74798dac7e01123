package dev.pillar.clickhouse.test.bridge;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Parses the text form of arrays and tuples, e.g. {@code [1,2]}, {@code ['x\'y',NULL]} or
 * {@code [(1,'a')]}, into a tree: a {@link List} for each array or tuple, {@code null}
 * for {@code NULL}, and the unquoted text of everything else (numbers, strings,
 * dates...). The element types tell later what the text means.
 * <p>
 * Inside arrays the server writes strings single-quoted with backslash escapes and no
 * TabSeparated escaping on top, so a whole field is parsed as it is.
 */
final class LiteralParser {

	private final String text;

	private int position;

	private LiteralParser(String text) {
		this.text = text;
	}

	/**
	 * Parses one literal.
	 * @param text the literal, a byte string
	 * @return the tree
	 * @throws IllegalArgumentException when the text is not a literal
	 */
	static @Nullable Object parse(String text) {
		LiteralParser parser = new LiteralParser(text);
		Object value = parser.value();
		parser.skipSpaces();
		if (parser.position != text.length()) {
			throw parser.error("Unexpected text after the value");
		}
		return value;
	}

	private @Nullable Object value() {
		skipSpaces();
		if (this.position >= this.text.length()) {
			throw error("Missing value");
		}
		char c = this.text.charAt(this.position);
		return switch (c) {
			case '[' -> sequence(']');
			case '(' -> sequence(')');
			case '\'' -> quoted();
			default -> bare();
		};
	}

	private List<@Nullable Object> sequence(char close) {
		this.position++;
		List<@Nullable Object> elements = new ArrayList<>();
		skipSpaces();
		if (peek() == close) {
			this.position++;
			return elements;
		}
		while (true) {
			elements.add(value());
			skipSpaces();
			char c = peek();
			this.position++;
			if (c == close) {
				return elements;
			}
			if (c != ',') {
				this.position--;
				throw error("Expected ',' or '" + close + "'");
			}
		}
	}

	private String quoted() {
		StringBuilder value = new StringBuilder();
		this.position = Escaping.readQuoted(this.text, this.position, value);
		return value.toString();
	}

	private @Nullable String bare() {
		int start = this.position;
		while (this.position < this.text.length() && ",])".indexOf(this.text.charAt(this.position)) < 0) {
			this.position++;
		}
		String token = this.text.substring(start, this.position).trim();
		if (token.isEmpty()) {
			throw error("Missing value");
		}
		return token.equals("NULL") ? null : token;
	}

	private char peek() {
		if (this.position >= this.text.length()) {
			throw error("Unexpected end");
		}
		return this.text.charAt(this.position);
	}

	private void skipSpaces() {
		while (this.position < this.text.length() && this.text.charAt(this.position) == ' ') {
			this.position++;
		}
	}

	private IllegalArgumentException error(String problem) {
		return new IllegalArgumentException(problem + " at " + this.position + " in " + this.text);
	}

}
