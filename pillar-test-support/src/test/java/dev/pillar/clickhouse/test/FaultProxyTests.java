package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link FaultProxy} against a fake server that echoes what it received.
 */
class FaultProxyTests {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final AtomicInteger served = new AtomicInteger();

	private HttpServer upstream;

	private FaultProxy proxy;

	@BeforeEach
	void start() throws IOException {
		this.upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.upstream.createContext("/", this::echo);
		this.upstream.start();
		this.proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + this.upstream.getAddress().getPort()));
	}

	@AfterEach
	void stop() {
		this.proxy.close();
		this.upstream.stop(0);
	}

	private void echo(HttpExchange exchange) throws IOException {
		this.served.incrementAndGet();
		byte[] body = ("echo " + exchange.getRequestURI().getRawQuery() + " "
				+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
				+ exchange.getRequestHeaders().getFirst("X-Test"))
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("X-Answer", "yes");
		exchange.sendResponseHeaders(201, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private HttpResponse<String> post(String query, String body) throws Exception {
		return this.client.send(HttpRequest.newBuilder(this.proxy.uri().resolve("/?" + query))
			.header("X-Test", "header")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void forwardsRequestAndAnswerAsTheyAre() throws Exception {
		HttpResponse<String> response = post("database=db", "SELECT 1");

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.body()).isEqualTo("echo database=db SELECT 1 header");
		assertThat(response.headers().firstValue("X-Answer")).hasValue("yes");
		assertThat(this.proxy.requests()).isEqualTo(1);
		assertThat(this.proxy.dropped()).isZero();
	}

	@Test
	void dropsTheConnectionBeforeForwardingAsOftenAsAsked() throws Exception {
		this.proxy.cut("/*cut*/", 2);

		assertThatIOException().isThrownBy(() -> post("", "SELECT 1 /*cut*/"));
		assertThat(post("", "SELECT 2").body()).isEqualTo("echo null SELECT 2 header");
		assertThatIOException().isThrownBy(() -> post("", "SELECT 1 /*cut*/"));
		assertThat(post("", "SELECT 1 /*cut*/").statusCode()).isEqualTo(201);

		assertThat(this.proxy.requests("/*cut*/")).isEqualTo(3);
		assertThat(this.proxy.requests()).isEqualTo(4);
		assertThat(this.proxy.dropped()).isEqualTo(2);
		assertThat(this.served).hasValue(2);
	}

	@Test
	void findsTheMarkerInTheQueryStringToo() throws Exception {
		this.proxy.cut("/*cut*/", 1);

		assertThatIOException().isThrownBy(() -> post("query=SELECT%201%20%2F*cut*%2F", ""));
		assertThat(this.served).hasValue(0);
	}

	@Test
	void loseAnswerLetsTheServerRunTheRequest() throws Exception {
		this.proxy.loseAnswer("/*lost*/", 1);

		assertThatIOException().isThrownBy(() -> post("", "INSERT /*lost*/"));
		assertThat(this.served).hasValue(1);
		assertThat(post("", "INSERT /*lost*/").statusCode()).isEqualTo(201);
		assertThat(this.served).hasValue(2);
	}

	@Test
	void rewritesAJdbcUrlToPassThroughIt() {
		int port = this.proxy.port();
		assertThat(this.proxy.jdbcUrl("jdbc:clickhouse://127.0.0.1:8123/db?compress=false"))
			.isEqualTo("jdbc:clickhouse://127.0.0.1:" + port + "/db?compress=false");
		assertThat(this.proxy.jdbcUrl("jdbc:clickhouse:http://localhost:8123/db"))
			.isEqualTo("jdbc:clickhouse:http://127.0.0.1:" + port + "/db");
		assertThat(this.proxy.jdbcUrl("jdbc:clickhouse://10.0.0.1:8123"))
			.isEqualTo("jdbc:clickhouse://127.0.0.1:" + port);
	}

}
