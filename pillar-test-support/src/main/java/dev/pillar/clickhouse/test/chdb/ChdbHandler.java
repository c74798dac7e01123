package dev.pillar.clickhouse.test.chdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import com.clickhouse.client.api.internal.CompressedBlockInputStream;
import com.clickhouse.client.api.internal.CompressedBlockOutputStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.pillar.clickhouse.test.bridge.QueryString;
import net.jpountz.lz4.LZ4Factory;

/**
 * Answers ClickHouse's HTTP interface from chDB's one engine, one request at a time. See
 * {@link ChdbFront} for what it does as a server does.
 */
final class ChdbHandler implements HttpHandler {

	private static final int BLOCK_SIZE = 1 << 20;

	private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

	private final ChdbEngine engine;

	private final EngineStateKeeper keeper;

	private final ServerFacts facts;

	private final FrontUsers users;

	private final FrontSessions sessions = new FrontSessions();

	/** chDB has one connection: every request takes its turn, in order of arrival. */
	private final ReentrantLock turn = new ReentrantLock(true);

	ChdbHandler(ChdbEngine engine, EngineStateKeeper keeper, ServerFacts facts, FrontUsers users) {
		this.engine = engine;
		this.keeper = keeper;
		this.facts = facts;
		this.users = users;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			if (path.equals("/ping") || path.equals("/replicas_status")) {
				send(exchange, 200, "text/html; charset=UTF-8", "Ok.\n".getBytes(StandardCharsets.US_ASCII), false);
				return;
			}
			QueryString parameters = QueryString.parse(exchange.getRequestURI().getRawQuery());
			boolean compress = FrontRequest.flag(parameters.get("compress"));
			String queryId = null;
			try {
				FrontRequest request = new FrontRequest(exchange.getRequestMethod(), parameters,
						exchange.getRequestHeaders(), body(exchange, parameters));
				queryId = request.queryId();
				if (queryId == null) {
					queryId = UUID.randomUUID().toString();
				}
				exchange.getResponseHeaders().set("X-ClickHouse-Query-Id", queryId);
				String user = this.users.authenticate(request);
				byte[] query = request.query();
				if (request.isGet() && new StatementText(query).keyword().isEmpty()) {
					send(exchange, 200, "text/html; charset=UTF-8", "Ok.\n".getBytes(StandardCharsets.US_ASCII), false);
					return;
				}
				answer(exchange, request, user, query, compress);
			}
			catch (QueryError error) {
				sendError(exchange, error, compress, queryId);
			}
		}
	}

	private void answer(HttpExchange exchange, FrontRequest request, String user, byte[] query, boolean compress)
			throws IOException {
		String format;
		EngineResult result;
		this.turn.lock();
		try {
			EngineState session = this.sessions.stateOf(request, System.currentTimeMillis());
			Map<String, String> settings = new HashMap<>(request.settings());
			String readonly = settings.remove("readonly");
			if (readonly == null) {
				readonly = session.settings().getOrDefault("readonly", request.isGet() ? "2" : "0");
			}
			StatementText text = new StatementText(query);
			StatementAnalysis analysis = this.engine.analyse(query);
			if (analysis.statements() > 1) {
				int position = text.firstSemicolon();
				throw QueryError.of(QueryError.SYNTAX_ERROR, "SYNTAX_ERROR",
						"Syntax error (Multi-statements are not allowed): failed at position " + position
								+ " (end of query): " + text.from(position) + ". ");
			}
			checkWritable(analysis, text, readonly, request.isGet(), user);
			String readonlySet = text.readonlySet();
			if (readonlySet != null) {
				// the engine could never go back from readonly, which would hold for
				// every later request
				this.sessions.update(request, session.withSettings(Map.of("readonly", readonlySet)));
				format = "TabSeparated";
				result = new EngineResult(new byte[0], null, 0, 0, 0, 0, 0);
			}
			else {
				EngineState state = session.withSettings(settings);
				String database = request.database();
				if (database != null) {
					state = state.withDatabase(database);
				}
				Map<String, String> engineSettings = new HashMap<>(state.settings());
				engineSettings.remove("readonly");
				this.keeper.enter(new EngineState(state.database(), engineSettings));
				format = outputFormat(request, state, text);
				result = this.engine.query(query, format, request.queryParameters());
				if (analysis.kind() == StatementAnalysis.Kind.CONTROL || analysis.statements() == 0) {
					rememberSession(request, session, settings, text, result);
				}
			}
			this.sessions.closeIfAsked(request);
		}
		finally {
			this.turn.unlock();
		}
		if (result.error() != null) {
			throw QueryError.fromEngine(result.error());
		}
		exchange.getResponseHeaders().set("X-ClickHouse-Format", format);
		exchange.getResponseHeaders().set("X-ClickHouse-Summary", summary(result));
		send(exchange, 200, contentType(format), result.data(), compress);
	}

	/**
	 * As a server with {@code readonly} set: GET implies 2, which lets a query change
	 * settings and nothing else.
	 */
	private static void checkWritable(StatementAnalysis analysis, StatementText text, String readonly, boolean get,
			String user) {
		if (readonly.equals("0") || analysis.kind() == StatementAnalysis.Kind.READ_ONLY || analysis.statements() == 0) {
			return;
		}
		String keyword = text.keyword();
		if (keyword.equals("USE") || (keyword.equals("SET") && readonly.equals("2"))) {
			return;
		}
		throw QueryError.of(QueryError.READONLY, "READONLY",
				user + ": Cannot execute query in readonly mode"
						+ (get ? ". For queries over HTTP, method GET implies readonly. You should use method POST for "
								+ "modifying queries" : ""));
	}

	/**
	 * Reads back what a USE or SET left the connection with, and keeps it for the
	 * request's session.
	 */
	private void rememberSession(FrontRequest request, EngineState session, Map<String, String> requestSettings,
			StatementText text, EngineResult result) {
		EngineState now = this.keeper.read();
		if (result.error() != null) {
			return;
		}
		Map<String, String> kept = new HashMap<>(now.settings());
		requestSettings.forEach((name, value) -> kept.remove(name, value));
		if (session.settings().containsKey("readonly")) {
			kept.put("readonly", session.settings().get("readonly"));
		}
		String database = text.keyword().equals("USE") ? now.database() : session.database();
		this.sessions.update(request, new EngineState(database, kept));
	}

	private static String outputFormat(FrontRequest request, EngineState state, StatementText text) {
		String clause = text.keyword().equals("INSERT") ? null : text.formatClause();
		if (clause != null) {
			return clause;
		}
		String asked = request.format();
		if (asked != null && !asked.isEmpty()) {
			return asked;
		}
		return state.settings().getOrDefault("default_format", "TabSeparated");
	}

	private static String summary(EngineResult result) {
		long resultRows = result.writtenRows();
		return "{\"read_rows\":\"" + result.readRows() + "\",\"read_bytes\":\"" + result.readBytes()
				+ "\",\"written_rows\":\"" + result.writtenRows() + "\",\"written_bytes\":\"" + result.writtenBytes()
				+ "\",\"total_rows_to_read\":\"" + result.readRows() + "\",\"result_rows\":\"" + resultRows
				+ "\",\"result_bytes\":\"" + result.data().length + "\",\"elapsed_ns\":\"" + result.elapsedNanos()
				+ "\"}";
	}

	private static String contentType(String format) {
		String lower = format.toLowerCase(java.util.Locale.ROOT);
		if (lower.startsWith("tabseparated") || lower.startsWith("tsv")) {
			return "text/tab-separated-values; charset=UTF-8";
		}
		if (lower.startsWith("csv")) {
			return "text/csv; charset=UTF-8; header=" + (lower.contains("names") ? "present" : "absent");
		}
		if (lower.startsWith("json")) {
			return "application/json; charset=UTF-8";
		}
		if (lower.startsWith("pretty") || lower.equals("vertical") || lower.equals("values")
				|| lower.equals("markdown")) {
			return "text/plain; charset=UTF-8";
		}
		return "application/octet-stream";
	}

	private static byte[] body(HttpExchange exchange, QueryString parameters) throws IOException {
		InputStream in = exchange.getRequestBody();
		if (FrontRequest.flag(parameters.get("decompress"))) {
			in = new CompressedBlockInputStream(in, LZ4.fastDecompressor(), BLOCK_SIZE);
		}
		return in.readAllBytes();
	}

	private void sendError(HttpExchange exchange, QueryError error, boolean compress, String queryId)
			throws IOException {
		if (queryId != null) {
			exchange.getResponseHeaders().set("X-ClickHouse-Query-Id", queryId);
		}
		exchange.getResponseHeaders().set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
		int status = error.httpStatus();
		// the driver reads 401 and 403 answers uncompressed, as a server sends them
		// (before any query starts)
		send(exchange, status, "text/plain; charset=UTF-8",
				error.body(this.facts.version()).getBytes(StandardCharsets.UTF_8),
				compress && status != 401 && status != 403);
	}

	private void send(HttpExchange exchange, int status, String contentType, byte[] body, boolean compress)
			throws IOException {
		byte[] payload = body;
		if (compress && body.length > 0) {
			ByteArrayOutputStream compressed = new ByteArrayOutputStream(body.length / 2 + 64);
			try (OutputStream blocks = new CompressedBlockOutputStream.LZ4OutputStream(compressed, LZ4.fastCompressor(),
					BLOCK_SIZE)) {
				blocks.write(body);
			}
			payload = compressed.toByteArray();
		}
		var headers = exchange.getResponseHeaders();
		headers.set("Content-Type", contentType);
		headers.set("X-ClickHouse-Server-Display-Name", this.facts.displayName());
		headers.set("X-ClickHouse-Timezone", this.facts.timezone());
		headers.set("Keep-Alive", "timeout=10, max=10000");
		boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
		exchange.sendResponseHeaders(status, (payload.length == 0 || head) ? -1 : payload.length);
		if (payload.length > 0 && !head) {
			exchange.getResponseBody().write(payload);
		}
	}

}
