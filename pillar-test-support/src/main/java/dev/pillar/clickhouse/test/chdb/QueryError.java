package dev.pillar.clickhouse.test.chdb;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ClickHouse error as a server reports it over HTTP: its code, its text, and the HTTP
 * status that a current server maps the code to (ClickHouse's
 * {@code src/Server/HTTP/exceptionCodeToHTTPStatus.cpp}).
 */
final class QueryError extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private static final Pattern SHAPE = Pattern.compile("^Code: (\\d+)\\. .*?(?:\\(([A-Z0-9_]+)\\))?\\s*$",
			Pattern.DOTALL);

	private static final Map<Integer, Set<String>> STATUS_OF_NAME = Map.of(401, Set.of("REQUIRED_PASSWORD"), 403,
			Set.of("UNKNOWN_USER", "WRONG_PASSWORD", "AUTHENTICATION_FAILED", "SET_NON_GRANTED_ROLE", "ACCESS_DENIED"),
			400,
			Set.of("BAD_ARGUMENTS", "CANNOT_COMPILE_REGEXP", "CANNOT_PARSE_TEXT", "CANNOT_PARSE_ESCAPE_SEQUENCE",
					"CANNOT_PARSE_QUOTED_STRING", "CANNOT_PARSE_DATE", "CANNOT_PARSE_DATETIME", "CANNOT_PARSE_NUMBER",
					"CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING", "CANNOT_PARSE_IPV4", "CANNOT_PARSE_IPV6",
					"CANNOT_PARSE_INPUT_ASSERTION_FAILED", "CANNOT_PARSE_UUID", "DUPLICATE_COLUMN", "ILLEGAL_COLUMN",
					"UNKNOWN_ELEMENT_IN_AST", "UNKNOWN_TYPE_OF_AST_NODE", "THERE_IS_NO_COLUMN", "TOO_DEEP_AST",
					"TOO_BIG_AST", "UNEXPECTED_AST_STRUCTURE", "SYNTAX_ERROR", "INCORRECT_DATA", "TYPE_MISMATCH",
					"VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE"),
			404,
			Set.of("UNKNOWN_TABLE", "UNKNOWN_FUNCTION", "UNKNOWN_IDENTIFIER", "UNKNOWN_TYPE", "UNKNOWN_STORAGE",
					"UNKNOWN_DATABASE", "UNKNOWN_SETTING", "UNKNOWN_DIRECTION_OF_SORTING", "UNKNOWN_AGGREGATE_FUNCTION",
					"UNKNOWN_FORMAT", "UNKNOWN_DATABASE_ENGINE", "UNKNOWN_TYPE_OF_QUERY", "UNKNOWN_ROLE"),
			413, Set.of("QUERY_IS_TOO_LARGE"), 501, Set.of("NOT_IMPLEMENTED"), 503,
			Set.of("SOCKET_TIMEOUT", "CANNOT_OPEN_FILE", "CANNOT_SCHEDULE_TASK"), 411, Set.of("HTTP_LENGTH_REQUIRED"),
			408, Set.of("TIMEOUT_EXCEEDED"), 415, Set.of("UNSUPPORTED_MEDIA_TYPE"));

	static final int SYNTAX_ERROR = 62;

	static final int UNKNOWN_SETTING = 115;

	static final int READONLY = 164;

	static final int SESSION_NOT_FOUND = 372;

	static final int AUTHENTICATION_FAILED = 516;

	private final int code;

	private final String name;

	private QueryError(int code, String name, String text) {
		super(text);
		this.code = code;
		this.name = name;
	}

	/**
	 * An error of the front's own, in the engine's words.
	 * @param code the code
	 * @param name its name, e.g. {@code SYNTAX_ERROR}
	 * @param message what went wrong
	 * @return the error
	 */
	static QueryError of(int code, String name, String message) {
		return new QueryError(code, name, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
	}

	/**
	 * An error that chDB reported.
	 * @param text its text, {@code Code: N. DB::Exception: ... (NAME)}
	 * @return the error
	 */
	static QueryError fromEngine(String text) {
		String trimmed = text.strip();
		Matcher matcher = SHAPE.matcher(trimmed);
		if (!matcher.matches()) {
			return of(1001, "STD_EXCEPTION", trimmed);
		}
		return new QueryError(Integer.parseInt(matcher.group(1)), (matcher.group(2) != null) ? matcher.group(2) : "",
				trimmed);
	}

	int code() {
		return this.code;
	}

	/**
	 * @return the HTTP status that a current server answers this error with
	 */
	int httpStatus() {
		return STATUS_OF_NAME.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().contains(this.name))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(500);
	}

	/**
	 * The response body, as a server writes it.
	 * @param version the server version to name
	 * @return {@code Code: N. DB::Exception: ... (NAME) (version V)} and a newline
	 */
	String body(String version) {
		return getMessage() + " (version " + version + ")\n";
	}

}
