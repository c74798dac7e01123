package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link FormatBridge} against a fake old server, for what a real one cannot be
 * made to do.
 */
class FormatBridgeTests {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final ConcurrentLinkedQueue<Recorded> requests = new ConcurrentLinkedQueue<>();

	private final AtomicReference<Answer> answer = new AtomicReference<>();

	private HttpServer upstream;

	private FormatBridge bridge;

	@BeforeEach
	void start() throws IOException {
		this.upstream = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
		this.upstream.createContext("/", this::serve);
		this.upstream.start();
		this.bridge = FormatBridge.start(URI.create("http://127.0.0.1:" + this.upstream.getAddress().getPort()), 0);
	}

	@AfterEach
	void stop() {
		this.bridge.close();
		this.upstream.stop(0);
	}

	private void serve(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String query = exchange.getRequestURI().getRawQuery();
		Answer answer;
		if (query != null && query.contains("timezone()")) {
			answer = new Answer(200, "text/tab-separated-values; charset=UTF-8", "Asia/Tokyo\t18.16.1\n");
		}
		else {
			this.requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), query,
					exchange.getRequestHeaders(), body));
			answer = this.answer.get();
		}
		exchange.getResponseHeaders().set("Content-Type", answer.contentType());
		exchange.getResponseHeaders().set("X-Upstream", "yes");
		byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(answer.status(), (bytes.length == 0) ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Test
	void translatesARowBinaryRequest() throws Exception {
		this.answer.set(new Answer(200, "text/tab-separated-values; charset=UTF-8", "n\nUInt8\n7\n"));
		HttpResponse<byte[]> response = this.client
			.send(rowBinaryRequest("/?query_id=q1&session_id=s1").header("X-ClickHouse-Database", "db1")
				.header("X-ClickHouse-User", "alice")
				.header("X-ClickHouse-Key", "secret &")
				.POST(HttpRequest.BodyPublishers.ofString("SELECT 7 AS n"))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("X-ClickHouse-Format")).hasValue("RowBinaryWithNamesAndTypes");
		assertThat(response.headers().firstValue("X-ClickHouse-Query-Id")).hasValue("q1");
		assertThat(response.headers().firstValue("X-ClickHouse-Timezone")).hasValue("Asia/Tokyo");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(response.body()).containsExactly(1, 1, 'n', 5, 'U', 'I', 'n', 't', '8', 7);
		Recorded request = this.requests.remove();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.body()).isEqualTo("SELECT 7 AS n".getBytes(StandardCharsets.UTF_8));
		assertThat(request.query()).isEqualTo("query_id=q1&session_id=s1&database=db1&user=alice"
				+ "&password=secret%20%26&default_format=TSVWithNamesAndTypes");
		assertThat(request.headers().containsKey("X-clickhouse-format")).isFalse();
		assertThat(request.headers().containsKey("X-clickhouse-database")).isFalse();
		assertThat(request.headers().getFirst("Authorization")).isEqualTo("Basic Zm9vOmJhcg==");
	}

	@Test
	void keepsAnExplicitDatabaseParameter() throws Exception {
		this.answer.set(new Answer(200, "text/plain; charset=UTF-8", ""));
		this.client.send(rowBinaryRequest("/?database=mine").header("X-ClickHouse-Database", "other")
			.POST(HttpRequest.BodyPublishers.ofString("CREATE TABLE t (a UInt8) ENGINE = Memory"))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(this.requests.remove().query()).isEqualTo("database=mine&default_format=TSVWithNamesAndTypes");
	}

	@Test
	void acceptsTheFormatAsAParameter() throws Exception {
		this.answer.set(new Answer(200, "text/tab-separated-values; charset=UTF-8", "n\nUInt8\n"));
		HttpResponse<byte[]> response = this.client.send(request("/?default_format=RowBinaryWithNamesAndTypes")
			.POST(HttpRequest.BodyPublishers.ofString("SELECT 1 WHERE 0"))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.body()).containsExactly(1, 1, 'n', 5, 'U', 'I', 'n', 't', '8');
		assertThat(this.requests.remove().query()).isEqualTo("default_format=TSVWithNamesAndTypes");
	}

	@Test
	void answersAnEmptyResultWithTheFormatHeaders() throws Exception {
		this.answer.set(new Answer(200, "text/plain; charset=UTF-8", ""));
		HttpResponse<byte[]> response = this.client.send(
				rowBinaryRequest("/?query_id=q2").POST(HttpRequest.BodyPublishers.ofString("DROP TABLE t")).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("X-ClickHouse-Format")).hasValue("RowBinaryWithNamesAndTypes");
		assertThat(response.headers().firstValue("X-ClickHouse-Query-Id")).hasValue("q2");
		assertThat(response.headers().firstValue("X-ClickHouse-Timezone")).hasValue("Asia/Tokyo");
	}

	@Test
	void passesOtherContentThrough() throws Exception {
		this.answer.set(new Answer(200, "application/json", "{\"a\":1}"));
		HttpResponse<String> response = this.client.send(
				rowBinaryRequest("/").POST(HttpRequest.BodyPublishers.ofString("SELECT 1 FORMAT JSON")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.body()).isEqualTo("{\"a\":1}");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

	@Test
	void rewritesAnOldErrorKeepingItsStatus() throws Exception {
		this.answer.set(new Answer(404, "text/plain; charset=UTF-8",
				"Code: 60, e.displayText() = DB::Exception: Table x.y doesn't exist., e.what() = DB::Exception\n"));
		HttpResponse<String> response = this.client.send(
				rowBinaryRequest("/").POST(HttpRequest.BodyPublishers.ofString("SELECT * FROM x.y")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("60");
		assertThat(response.body()).isEqualTo("Code: 60. DB::Exception: Table x.y doesn't exist. (version 18.16.1)\n");
	}

	@Test
	void passesAnotherErrorThrough() throws Exception {
		this.answer.set(new Answer(503, "text/html", "<h1>busy</h1>"));
		HttpResponse<String> response = this.client.send(request("/?query=SELECT%201").GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).isEqualTo("<h1>busy</h1>");
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).isEmpty();
	}

	@Test
	void namesAnUnsupportedType() throws Exception {
		this.answer.set(new Answer(200, "text/tab-separated-values; charset=UTF-8",
				"s\nAggregateFunction(uniq, UInt8)\nxyz\n"));
		HttpResponse<String> response = this.client.send(
				rowBinaryRequest("/").POST(HttpRequest.BodyPublishers.ofString("SELECT uniqState(1)")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("48");
		assertThat(response.body()).startsWith("Code: 48. DB::Exception: ").contains("AggregateFunction(uniq, UInt8)");
	}

	@Test
	void cutsTheAnswerShortOnABadRow() {
		this.answer.set(new Answer(200, "text/tab-separated-values; charset=UTF-8", "n\nUInt8\n1\nnot a number\n"));
		assertThatIOException().isThrownBy(() -> this.client.send(
				rowBinaryRequest("/").POST(HttpRequest.BodyPublishers.ofString("SELECT n")).build(),
				HttpResponse.BodyHandlers.ofByteArray()));
	}

	@Test
	void passesOtherRequestsThroughUntouched() throws Exception {
		this.answer.set(new Answer(200, "text/plain; charset=UTF-8", "Ok.\n"));
		HttpResponse<String> response = this.client.send(
				request("/ping?x=%2F").header("X-Custom", "kept").GET().build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Ok.\n");
		assertThat(response.headers().firstValue("X-Upstream")).hasValue("yes");
		assertThat(response.headers().firstValue("X-ClickHouse-Format")).isEmpty();
		Recorded request = this.requests.remove();
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/ping");
		assertThat(request.query()).isEqualTo("x=%2F");
		assertThat(request.headers().getFirst("X-Custom")).isEqualTo("kept");
	}

	@Test
	void streamsALargeBodyThrough() throws Exception {
		this.answer.set(new Answer(200, "text/plain; charset=UTF-8", ""));
		byte[] body = new byte[8 * 1024 * 1024];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) i;
		}
		HttpResponse<String> response = this.client.send(request("/?query=INSERT%20INTO%20t%20FORMAT%20RowBinary")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.requests.remove().body()).isEqualTo(body);
	}

	@Test
	void turnsAnotherFormatHeaderIntoAParameter() throws Exception {
		this.answer.set(new Answer(200, "application/json", "{}"));
		this.client.send(request("/").header("X-ClickHouse-Format", "JSONEachRow")
			.POST(HttpRequest.BodyPublishers.ofString("SELECT 1"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(this.requests.remove().query()).isEqualTo("default_format=JSONEachRow");
	}

	@Test
	void answersInClickHouseShapeWhenTheServerIsDown() throws Exception {
		try (FormatBridge orphan = FormatBridge.start(URI.create("http://127.0.0.1:1"), 0)) {
			HttpResponse<String> response = this.client.send(
					HttpRequest.newBuilder(orphan.uri().resolve("/?query=SELECT%201")).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(502);
			assertThat(response.headers().firstValue("X-ClickHouse-Exception-Code")).hasValue("210");
			assertThat(response.body()).startsWith("Code: 210. DB::Exception: ").contains("127.0.0.1:1");
		}
	}

	@Test
	void listensOnTheLoopbackInterface() {
		assertThat(this.bridge.port()).isPositive();
		assertThat(this.bridge.uri()).isEqualTo(URI.create("http://127.0.0.1:" + this.bridge.port()));
	}

	@Test
	void failsToStartOnAPortInUse() {
		assertThatExceptionOfType(UncheckedIOException.class)
			.isThrownBy(() -> FormatBridge.start(URI.create("http://127.0.0.1:8123"), this.bridge.port()))
			.withMessageContaining(Integer.toString(this.bridge.port()));
	}

	private HttpRequest.Builder request(String pathAndQuery) {
		return HttpRequest.newBuilder(this.bridge.uri().resolve(pathAndQuery));
	}

	private HttpRequest.Builder rowBinaryRequest(String pathAndQuery) {
		return request(pathAndQuery).header("X-ClickHouse-Format", "RowBinaryWithNamesAndTypes")
			.header("Authorization", "Basic Zm9vOmJhcg==");
	}

	record Answer(int status, String contentType, String body) {
	}

	record Recorded(String method, String path, String query, Map<String, List<String>> headerMap, byte[] body) {

		Headers headers() {
			Headers headers = new Headers();
			headers.putAll(this.headerMap);
			return headers;
		}

	}

}
