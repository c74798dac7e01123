package dev.pillar.clickhouse.test.bridge;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A ClickHouse error message, read in the old servers' shape and written in the modern
 * one that the driver parses.
 * <p>
 * Old:
 * {@code Code: 62, e.displayText() = DB::Exception: Syntax error..., e.what() = DB::Exception}.
 * Modern: {@code Code: 62. DB::Exception: Syntax error.... (version 18.16.1)}, which the
 * driver finds by looking for {@code "62. DB::Exception:"} once the
 * {@code X-ClickHouse-Exception-Code} header tells it the code.
 *
 * @param code the error code
 * @param message the message, without the {@code DB::Exception: } prefix
 */
record ErrorBody(int code, String message) {

	/** ClickHouse's NOT_IMPLEMENTED, for what the bridge cannot do. */
	static final int NOT_IMPLEMENTED = 48;

	/** ClickHouse's NETWORK_ERROR, for a server that the bridge cannot reach. */
	static final int NETWORK_ERROR = 210;

	private static final Pattern OLD_SHAPE = Pattern.compile(
			"^\\s*Code: (\\d+), e\\.displayText\\(\\) = (.*?)(?:, e\\.what\\(\\) = [^\\n]*)?\\s*$", Pattern.DOTALL);

	private static final String EXCEPTION_PREFIX = "DB::Exception: ";

	/**
	 * Reads an error body in the old shape.
	 * @param body the body the server sent
	 * @return the error, or {@code null} when the body is not in the old shape
	 */
	static @Nullable ErrorBody parseOld(String body) {
		Matcher matcher = OLD_SHAPE.matcher(body);
		if (!matcher.matches()) {
			return null;
		}
		String message = matcher.group(2);
		if (message.startsWith(EXCEPTION_PREFIX)) {
			message = message.substring(EXCEPTION_PREFIX.length());
		}
		return new ErrorBody(Integer.parseInt(matcher.group(1)), message);
	}

	/**
	 * Writes the error in the modern shape.
	 * @param version the server version to name, or {@code null} when unknown
	 * @return the body
	 */
	String render(@Nullable String version) {
		StringBuilder body = new StringBuilder("Code: ").append(this.code).append(". DB::Exception: ");
		body.append(this.message);
		if (!this.message.endsWith(".")) {
			body.append('.');
		}
		if (version != null) {
			body.append(" (version ").append(version).append(')');
		}
		return body.append('\n').toString();
	}

}
