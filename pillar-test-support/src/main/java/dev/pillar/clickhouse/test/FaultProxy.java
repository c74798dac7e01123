package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import dev.pillar.clickhouse.test.bridge.HttpRelay;
import dev.pillar.clickhouse.test.bridge.LoopbackProxyServer;

/**
 * An HTTP proxy that breaks connections on purpose, to test what a client does when the
 * network fails mid-statement.
 * <p>
 * It forwards every request to an upstream HTTP server (ClickHouse, or the format bridge
 * in front of it) and the answer back, except for requests whose body or query string
 * contains a marker that was armed with {@link #cut(String, int)}: for the next {@code n}
 * of those it drops the client's connection without an answer, either before the request
 * reaches the server ({@link #cut}) or after the server ran it ({@link #loseAnswer}), or
 * holds it unanswered until it closes ({@link #stall}), and then goes back to forwarding
 * them. It remembers every request's text, so that a test can count how often a statement
 * was sent ({@link #requests(String)}).
 * <p>
 * JDK only. Point the driver at {@link #jdbcUrl(String)} with {@code compress=false}, so
 * that markers stay readable.
 */
public final class FaultProxy implements AutoCloseable {

	/** How much of each request's text is remembered. */
	private static final int REMEMBERED = 64 * 1024;

	private final LoopbackProxyServer server;

	private final HttpClient http;

	private final String upstream;

	private final Map<String, Fault> faults = new ConcurrentHashMap<>();

	private final Map<String, String> routes = new ConcurrentHashMap<>();

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private final AtomicInteger dropped = new AtomicInteger();

	private final CountDownLatch closed = new CountDownLatch(1);

	private FaultProxy(String upstream) {
		this.http = LoopbackProxyServer.client();
		this.upstream = upstream;
		// requests reach handle() only once the server is running, after this constructor
		this.server = LoopbackProxyServer.start("fault-proxy", 0, this::handle);
	}

	/**
	 * Starts a proxy on a free loopback port.
	 * @param upstream the HTTP URL to forward to; only scheme, host and port count
	 * @return the running proxy
	 */
	public static FaultProxy start(URI upstream) {
		return new FaultProxy(LoopbackProxyServer.base(upstream));
	}

	/**
	 * Starts a proxy in front of the server that a ClickHouse JDBC URL points at.
	 * @param jdbcUrl {@code jdbc:clickhouse://host:port/...}
	 * @return the running proxy; {@link #jdbcUrl(String) jdbcUrl(jdbcUrl)} reaches the
	 * same database through it
	 */
	public static FaultProxy inFrontOf(String jdbcUrl) {
		return start(ClickHouseServer.toHttp(jdbcUrl));
	}

	/**
	 * The same JDBC URL, pointed at this proxy: host and port replaced, database and
	 * parameters kept.
	 * @param jdbcUrl {@code jdbc:clickhouse://host:port/database?parameters}
	 * @return {@code jdbc:clickhouse://127.0.0.1:proxyPort/database?parameters}
	 */
	public String jdbcUrl(String jdbcUrl) {
		return jdbcUrl.replaceFirst("^(jdbc:(?:ch|clickhouse):(?:https?:)?//)[^/?]+", "$1127.0.0.1:" + port());
	}

	/**
	 * The same JDBC URL, pointed at this proxy and uncompressed, so that the proxy can
	 * read the markers.
	 * @param jdbcUrl {@code jdbc:clickhouse://host:port/database?parameters}
	 * @return {@link #jdbcUrl(String)}, with {@code compress=false} unless it names a
	 * compression
	 */
	public String uncompressedJdbcUrl(String jdbcUrl) {
		String url = jdbcUrl(jdbcUrl);
		return url.contains("compress=") ? url : url + (url.contains("?") ? "&" : "?") + "compress=false";
	}

	/**
	 * Drops the connection, before the request reaches the server, for the next requests
	 * that contain a marker.
	 * @param marker text to look for in a request's body or query string, e.g.
	 * {@code /*cut*}{@code /}
	 * @param times for how many such requests; later ones are forwarded
	 */
	public void cut(String marker, int times) {
		this.faults.put(marker, new Fault(new AtomicInteger(times), false, false));
	}

	/**
	 * Holds the next requests that contain a marker, neither forwarding nor answering
	 * them until the proxy closes: the client waits, as for a server that hangs, and a
	 * test can kill it meanwhile.
	 * @param marker text to look for in a request's body or query string
	 * @param times for how many such requests
	 */
	public void stall(String marker, int times) {
		this.faults.put(marker, new Fault(new AtomicInteger(times), false, true));
	}

	/**
	 * Forwards the next requests that contain a marker, lets the server run them, and
	 * then drops the connection instead of answering: the client cannot tell whether the
	 * statement ran.
	 * @param marker text to look for in a request's body or query string
	 * @param times for how many such requests
	 */
	public void loseAnswer(String marker, int times) {
		this.faults.put(marker, new Fault(new AtomicInteger(times), true, false));
	}

	/**
	 * Forwards the requests that contain a marker to another server, as a load balancer
	 * in front of several replicas would.
	 * @param marker text to look for in a request's body or query string
	 * @param upstream the HTTP URL to forward them to; only scheme, host and port count
	 */
	public void route(String marker, URI upstream) {
		this.routes.put(marker, LoopbackProxyServer.base(upstream));
	}

	/**
	 * How many requests contained a text, whether dropped or forwarded.
	 * @param text the text, e.g. a marker
	 * @return the count
	 */
	public int requests(String text) {
		return (int) this.seen.stream().filter((request) -> request.contains(text)).count();
	}

	/**
	 * The requests that contained a text, whether dropped or forwarded, each as its
	 * decoded query string, a line break, and the start of its body.
	 * @param text the text, e.g. a table name
	 * @return the requests, in the order received
	 */
	public List<String> requestsWith(String text) {
		return this.seen.stream().filter((request) -> request.contains(text)).toList();
	}

	/**
	 * @return how many requests it received
	 */
	public int requests() {
		return this.seen.size();
	}

	/**
	 * @return how many connections it dropped on purpose
	 */
	public int dropped() {
		return this.dropped.get();
	}

	/**
	 * @return the port it listens on
	 */
	public int port() {
		return this.server.port();
	}

	/**
	 * @return its URL, {@code http://127.0.0.1:port}
	 */
	public URI uri() {
		return this.server.uri();
	}

	/** Stops listening, and drops requests under way. */
	@Override
	public void close() {
		this.closed.countDown();
		this.server.close();
	}

	private void awaitClose() throws IOException {
		try {
			this.closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while stalling a request");
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body;
		try (InputStream in = exchange.getRequestBody()) {
			body = in.readAllBytes();
		}
		String rawQuery = exchange.getRequestURI().getRawQuery();
		String text = decode(rawQuery) + "\n"
				+ new String(body, 0, Math.min(body.length, REMEMBERED), StandardCharsets.UTF_8);
		this.seen.add(text);
		Fault fault = this.faults.entrySet()
			.stream()
			.filter((entry) -> text.contains(entry.getKey()))
			.map(Map.Entry::getValue)
			.filter(Fault::take)
			.findFirst()
			.orElse(null);
		if (fault != null && fault.stall) {
			awaitClose();
			drop();
		}
		if (fault != null && !fault.afterForwarding) {
			drop();
		}
		String upstream = this.routes.entrySet()
			.stream()
			.filter((entry) -> text.contains(entry.getKey()))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElse(this.upstream);
		HttpResponse<InputStream> response;
		try {
			response = forward(exchange, body, upstream);
		}
		catch (IOException ex) {
			// the upstream is down: so is the connection, as the client would see without
			// a proxy
			throw new IOException("The fault proxy cannot reach " + upstream, ex);
		}
		try (InputStream answer = response.body()) {
			if (fault != null) {
				answer.readAllBytes();
				drop();
			}
			answer(exchange, response, answer);
		}
	}

	private void drop() throws IOException {
		this.dropped.incrementAndGet();
		// the JDK's server closes the connection when a handler throws before answering:
		// no status, no body
		throw new IOException("Connection dropped on purpose by the fault proxy");
	}

	private HttpResponse<InputStream> forward(HttpExchange exchange, byte[] body, String upstream) throws IOException {
		String rawQuery = exchange.getRequestURI().getRawQuery();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI
			.create(upstream + exchange.getRequestURI().getRawPath() + ((rawQuery != null) ? "?" + rawQuery : "")));
		exchange.getRequestHeaders().forEach((name, values) -> {
			if (HttpRelay.forwarded(name)) {
				values.forEach((value) -> request.header(name, value));
			}
		});
		request.method(exchange.getRequestMethod(),
				(body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body) : HttpRequest.BodyPublishers.noBody());
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted while forwarding");
		}
	}

	private static void answer(HttpExchange exchange, HttpResponse<InputStream> response, InputStream body)
			throws IOException {
		HttpRelay.passThrough(exchange, response, body);
		exchange.close();
	}

	private static String decode(String rawQuery) {
		if (rawQuery == null) {
			return "";
		}
		try {
			return java.net.URLDecoder.decode(rawQuery, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return rawQuery;
		}
	}

	private record Fault(AtomicInteger remaining, boolean afterForwarding, boolean stall) {

		boolean take() {
			return this.remaining.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
		}

	}

}
