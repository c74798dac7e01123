package dev.pillar.clickhouse.test.chdb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.Headers;
import dev.pillar.clickhouse.test.bridge.QueryString;
import org.jspecify.annotations.Nullable;

/**
 * One request to ClickHouse's HTTP interface, read as a server reads it: the query is the
 * {@code query} URL parameter followed by a newline and the body (an INSERT's data
 * follows its query there), URL parameters that are not the interface's own are settings,
 * and {@code param_x} parameters are values of {@code {x:Type}} placeholders.
 *
 * @param method {@code GET} or {@code POST}
 * @param parameters the URL parameters
 * @param headers the request headers
 * @param body the body, decompressed
 */
record FrontRequest(String method, QueryString parameters, Headers headers, byte[] body) {

	/**
	 * URL parameters of the HTTP interface itself, which are not settings (ClickHouse's
	 * HTTPHandler).
	 */
	private static final Set<String> RESERVED = Set.of("query", "compress", "decompress", "user", "password",
			"quota_key", "query_id", "stacktrace", "role", "buffer_size", "wait_end_of_query", "session_id",
			"session_timeout", "session_check", "client_protocol_version", "close_session", "database",
			"default_format");

	private static final String PARAMETER_PREFIX = "param_";

	/**
	 * @return the query text: the {@code query} parameter, a newline and the body
	 */
	byte[] query() {
		String inUrl = this.parameters.get("query");
		if (inUrl == null || inUrl.isEmpty()) {
			return this.body;
		}
		ByteArrayOutputStream query = new ByteArrayOutputStream();
		query.writeBytes(inUrl.getBytes(StandardCharsets.UTF_8));
		if (this.body.length > 0) {
			query.write('\n');
			query.writeBytes(this.body);
		}
		return query.toByteArray();
	}

	/**
	 * @return whether the method is GET, which implies {@code readonly}
	 */
	boolean isGet() {
		return "GET".equalsIgnoreCase(this.method) || "HEAD".equalsIgnoreCase(this.method);
	}

	/**
	 * @return the database the request asks for, if any
	 */
	@Nullable String database() {
		String database = this.parameters.get("database");
		return (database != null && !database.isEmpty()) ? database : this.headers.getFirst("X-ClickHouse-Database");
	}

	/**
	 * @return the output format the request asks for, if any
	 */
	@Nullable String format() {
		String format = this.headers.getFirst("X-ClickHouse-Format");
		return (format != null && !format.isEmpty()) ? format : this.parameters.get("default_format");
	}

	/**
	 * @return the settings among the URL parameters, by name
	 */
	Map<String, String> settings() {
		Map<String, String> settings = new LinkedHashMap<>();
		for (String name : this.parameters.names()) {
			if (!RESERVED.contains(name) && !name.startsWith(PARAMETER_PREFIX)) {
				settings.put(name, this.parameters.get(name));
			}
		}
		return settings;
	}

	/**
	 * @return the values of query parameters ({@code param_x=1} for {@code {x:UInt8}}),
	 * by name
	 */
	Map<String, String> queryParameters() {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : this.parameters.names()) {
			if (name.startsWith(PARAMETER_PREFIX)) {
				values.put(name.substring(PARAMETER_PREFIX.length()), this.parameters.get(name));
			}
		}
		return values;
	}

	/**
	 * @return the query id the client chose, if any
	 */
	@Nullable String queryId() {
		String id = this.parameters.get("query_id");
		return (id != null && !id.isEmpty()) ? id : this.headers.getFirst("X-ClickHouse-Query-Id");
	}

	/**
	 * @return whether the answer goes in ClickHouse's compressed blocks
	 */
	boolean compress() {
		return flag(this.parameters.get("compress"));
	}

	static boolean flag(@Nullable String value) {
		return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
	}

}
