package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;

/**
 * What every proxy in front of ClickHouse here does alike (the bridge, the fault proxy):
 * which headers to pass on, and relaying an upstream answer unchanged.
 */
public final class HttpRelay {

	/**
	 * Hop-by-hop headers, and those the HTTP client or server set themselves (the client
	 * refuses them).
	 */
	private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "te", "trailer", "trailers", "transfer-encoding", "upgrade", "host",
			"content-length", "expect", "date");

	private HttpRelay() {
	}

	/**
	 * Whether a header is passed on from one side to the other.
	 * @param name the header's name
	 * @return whether to pass it on
	 */
	public static boolean forwarded(String name) {
		return !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":");
	}

	/**
	 * Copies an upstream answer's passable headers onto the exchange's answer.
	 * @param response the upstream answer
	 * @param exchange the exchange
	 */
	public static void copyResponseHeaders(HttpResponse<InputStream> response, HttpExchange exchange) {
		Headers headers = exchange.getResponseHeaders();
		response.headers().map().forEach((name, values) -> {
			if (forwarded(name)) {
				headers.put(name, values);
			}
		});
	}

	/**
	 * Relays an upstream answer unchanged: status, passable headers, body. Does not close
	 * the exchange.
	 * @param exchange the exchange
	 * @param response the upstream answer
	 * @param body its body
	 * @throws IOException when writing fails
	 */
	public static void passThrough(HttpExchange exchange, HttpResponse<InputStream> response, InputStream body)
			throws IOException {
		copyResponseHeaders(response, exchange);
		int status = response.statusCode();
		long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
		boolean bodiless = exchange.getRequestMethod().equalsIgnoreCase("HEAD") || status == 204 || status == 304
				|| length == 0;
		// for the JDK server, -1 means no body and 0 means a chunked one
		exchange.sendResponseHeaders(status, bodiless ? -1 : Math.max(length, 0));
		if (!bodiless) {
			OutputStream out = exchange.getResponseBody();
			body.transferTo(out);
			out.close();
		}
	}

}
