package dev.pillar.clickhouse.test.bridge;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;

/**
 * Forwards one request to the server and its answer back, translating what an old server
 * does not understand.
 * <ul>
 * <li>{@code X-ClickHouse-Database}, {@code -User} and {@code -Key} headers become the
 * {@code database}, {@code user} and {@code password} parameters, and
 * {@code X-ClickHouse-Format} becomes {@code default_format}.</li>
 * <li>A request for {@code RowBinaryWithNamesAndTypes} asks for
 * {@code TSVWithNamesAndTypes} and gets the answer re-encoded (see
 * {@link TsvToRowBinary}), with the headers the driver reads.</li>
 * <li>Errors in the old shape are rewritten into the modern one (see {@link ErrorBody}),
 * for every request: the driver only reads an error it can tell from the
 * {@code X-ClickHouse-Exception-Code} header, which old servers do not send.</li>
 * </ul>
 * Anything else passes through as it is.
 */
final class BridgeHandler implements HttpHandler {

	private static final System.Logger LOG = System.getLogger(BridgeHandler.class.getName());

	private static final String ROW_BINARY = "RowBinaryWithNamesAndTypes";

	private static final String TSV = "TSVWithNamesAndTypes";

	private static final String FORMAT_HEADER = "X-ClickHouse-Format";

	private static final String QUERY_ID_HEADER = "X-ClickHouse-Query-Id";

	private static final String TIMEZONE_HEADER = "X-ClickHouse-Timezone";

	private static final String EXCEPTION_CODE_HEADER = "X-ClickHouse-Exception-Code";

	/** Headers old servers ignore, and the parameters that do their job there. */
	private static final Map<String, String> HEADER_PARAMETERS = new LinkedHashMap<>();

	static {
		HEADER_PARAMETERS.put("X-ClickHouse-Database", "database");
		HEADER_PARAMETERS.put("X-ClickHouse-User", "user");
		HEADER_PARAMETERS.put("X-ClickHouse-Key", "password");
	}

	private static final int MAX_ERROR_BODY = 1024 * 1024;

	private static final int BUFFER = 64 * 1024;

	private final HttpClient http;

	private final String upstream;

	private final ServerFacts facts;

	/**
	 * Creates a handler.
	 * @param http the client that talks to the server
	 * @param upstream the server's base URL, {@code scheme://host:port}
	 * @param facts what the bridge knows about the server
	 */
	BridgeHandler(HttpClient http, String upstream, ServerFacts facts) {
		this.http = http;
		this.upstream = upstream;
		this.facts = facts;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try {
			forward(exchange);
			exchange.close();
		}
		catch (IOException | RuntimeException ex) {
			if (exchange.getResponseCode() != -1) {
				// the answer is under way: dropping the connection (by throwing, without
				// closing the exchange,
				// which would end the body cleanly) is the only way the client can tell
				// it is cut short
				LOG.log(System.Logger.Level.WARNING, "Answer to " + exchange.getRequestURI() + " cut short", ex);
				throw ex;
			}
			LOG.log(System.Logger.Level.WARNING, "Cannot forward " + exchange.getRequestURI(), ex);
			sendError(exchange, 502, new ErrorBody(ErrorBody.NETWORK_ERROR,
					"The format bridge cannot forward the request to ClickHouse at " + this.upstream + ": " + ex));
			exchange.close();
		}
	}

	private void forward(HttpExchange exchange) throws IOException {
		Headers requestHeaders = exchange.getRequestHeaders();
		QueryString query = QueryString.parse(exchange.getRequestURI().getRawQuery());
		String format = requestHeaders.getFirst(FORMAT_HEADER);
		boolean rowBinary = ROW_BINARY.equalsIgnoreCase(format)
				|| ROW_BINARY.equalsIgnoreCase(query.get("default_format"));
		HttpRequest.Builder request = HttpRequest.newBuilder();
		copyRequestHeaders(requestHeaders, request, rowBinary);
		HEADER_PARAMETERS.forEach((header, parameter) -> {
			String value = requestHeaders.getFirst(header);
			if (value != null && !query.has(parameter)) {
				query.set(parameter, value);
			}
		});
		ServerFacts.Facts facts = null;
		if (rowBinary) {
			query.set("default_format", TSV);
			facts = this.facts.get(requestHeaders.getFirst("Authorization"), query.only("user", "password"));
		}
		else if (format != null && !query.has("default_format")) {
			query.set("default_format", format);
		}
		String rawQuery = query.toString();
		String target = this.upstream + exchange.getRequestURI().getRawPath()
				+ (rawQuery.isEmpty() ? "" : "?" + rawQuery);
		request.uri(URI.create(target)).method(exchange.getRequestMethod(), requestBody(exchange));
		HttpResponse<InputStream> response = send(request.build());
		LOG.log(System.Logger.Level.DEBUG,
				() -> exchange.getRequestMethod() + " " + target + " -> " + response.statusCode());
		try (InputStream body = new BufferedInputStream(response.body(), BUFFER)) {
			if (response.statusCode() >= 400) {
				answerError(exchange, response, body);
			}
			else if (rowBinary && response.statusCode() == 200) {
				answerRowBinary(exchange, response, body, queryId(requestHeaders, query), facts);
			}
			else {
				HttpRelay.passThrough(exchange, response, body);
			}
		}
	}

	private static void copyRequestHeaders(Headers headers, HttpRequest.Builder request, boolean rowBinary) {
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			String name = header.getKey();
			// a compressed answer could not be re-encoded
			boolean compression = rowBinary && name.equalsIgnoreCase("Accept-Encoding");
			if (HttpRelay.forwarded(name) && !compression && !name.equalsIgnoreCase(FORMAT_HEADER)
					&& !isHeaderParameter(name)) {
				for (String value : header.getValue()) {
					request.header(name, value);
				}
			}
		}
	}

	private static boolean isHeaderParameter(String name) {
		return HEADER_PARAMETERS.keySet().stream().anyMatch(name::equalsIgnoreCase);
	}

	private static HttpRequest.BodyPublisher requestBody(HttpExchange exchange) {
		Headers headers = exchange.getRequestHeaders();
		String length = headers.getFirst("Content-Length");
		// streamed, not read into memory: an INSERT may carry a lot
		HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(exchange::getRequestBody);
		if (length != null && Long.parseLong(length.trim()) > 0) {
			return HttpRequest.BodyPublishers.fromPublisher(stream, Long.parseLong(length.trim()));
		}
		if ("chunked".equalsIgnoreCase(headers.getFirst("Transfer-Encoding"))) {
			return stream;
		}
		return HttpRequest.BodyPublishers.noBody();
	}

	private HttpResponse<InputStream> send(HttpRequest request) throws IOException {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while waiting for ClickHouse");
		}
	}

	private static String queryId(Headers headers, QueryString query) {
		String id = headers.getFirst(QUERY_ID_HEADER);
		if (id == null) {
			id = query.get("query_id");
		}
		return (id != null) ? id : "";
	}

	private void answerRowBinary(HttpExchange exchange, HttpResponse<InputStream> response, InputStream body,
			String queryId, ServerFacts.@Nullable Facts facts) throws IOException {
		body.mark(1);
		boolean empty = body.read() == -1;
		body.reset();
		if (empty) {
			// DDL and INSERT: nothing to re-encode, but the driver still wants to hear
			// the format
			HttpRelay.copyResponseHeaders(response, exchange);
			rowBinaryHeaders(exchange, queryId, facts);
			exchange.sendResponseHeaders(200, -1);
			return;
		}
		String contentType = response.headers().firstValue("Content-Type").orElse("");
		if (!contentType.startsWith("text/tab-separated-values")) {
			HttpRelay.passThrough(exchange, response, body);
			return;
		}
		if (facts == null) {
			sendError(exchange, 502, new ErrorBody(ErrorBody.NETWORK_ERROR,
					"The format bridge cannot learn the time zone of ClickHouse at " + this.upstream));
			return;
		}
		TsvToRowBinary conversion;
		try {
			conversion = TsvToRowBinary.open(body, facts.timeZone());
		}
		catch (UnsupportedTypeException ex) {
			sendError(exchange, 500, new ErrorBody(ErrorBody.NOT_IMPLEMENTED, ex.getMessage()));
			return;
		}
		HttpRelay.copyResponseHeaders(response, exchange);
		rowBinaryHeaders(exchange, queryId, facts);
		exchange.sendResponseHeaders(200, 0);
		OutputStream out = new BufferedOutputStream(exchange.getResponseBody(), BUFFER);
		conversion.writeTo(out);
		// closed only when complete, see handle()
		out.close();
	}

	private static void rowBinaryHeaders(HttpExchange exchange, String queryId, ServerFacts.@Nullable Facts facts) {
		Headers headers = exchange.getResponseHeaders();
		headers.set(FORMAT_HEADER, ROW_BINARY);
		if (!queryId.isEmpty()) {
			headers.set(QUERY_ID_HEADER, queryId);
		}
		headers.set("Content-Type", "application/octet-stream");
		if (facts != null) {
			headers.set(TIMEZONE_HEADER, facts.timeZone().getId());
		}
	}

	private void answerError(HttpExchange exchange, HttpResponse<InputStream> response, InputStream body)
			throws IOException {
		byte[] head = body.readNBytes(MAX_ERROR_BODY);
		ErrorBody error = null;
		if (head.length < MAX_ERROR_BODY) {
			error = ErrorBody.parseOld(new String(head, StandardCharsets.UTF_8));
		}
		if (error == null) {
			HttpRelay.passThrough(exchange, response, new SequenceInputStream(new ByteArrayInputStream(head), body));
			return;
		}
		HttpRelay.copyResponseHeaders(response, exchange);
		sendError(exchange, response.statusCode(), error);
	}

	private void sendError(HttpExchange exchange, int status, ErrorBody error) throws IOException {
		byte[] body = error.render(this.facts.knownVersion()).getBytes(StandardCharsets.UTF_8);
		Headers headers = exchange.getResponseHeaders();
		headers.set("Content-Type", "text/plain; charset=UTF-8");
		headers.set(EXCEPTION_CODE_HEADER, Integer.toString(error.code()));
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
