package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

/**
 * What the bridge needs to know about the server and asks it once: its time zone (old
 * servers do not send the {@code X-ClickHouse-Timezone} header, and their
 * {@code DateTime} text is in that zone) and its version (for error messages).
 */
final class ServerFacts {

	private static final System.Logger LOG = System.getLogger(ServerFacts.class.getName());

	private static final String QUERY = "SELECT%20timezone(),%20version()";

	private final HttpClient http;

	private final String upstream;

	private volatile @Nullable Facts facts;

	/**
	 * Creates the facts of a server, not asked yet.
	 * @param http the client to ask with
	 * @param upstream the server's base URL, {@code scheme://host:port}
	 */
	ServerFacts(HttpClient http, String upstream) {
		this.http = http;
		this.upstream = upstream;
	}

	/**
	 * The facts, asked of the server on first use with the credentials of the request at
	 * hand (the bridge has none of its own).
	 * @param authorization the request's {@code Authorization} header, if any
	 * @param credentials the request's {@code user} and {@code password} parameters, if
	 * any
	 * @return the facts, or {@code null} when the server would not tell (asked again next
	 * time)
	 */
	@Nullable Facts get(@Nullable String authorization, QueryString credentials) {
		Facts known = this.facts;
		if (known != null) {
			return known;
		}
		synchronized (this) {
			if (this.facts == null) {
				this.facts = fetch(authorization, credentials);
			}
			return this.facts;
		}
	}

	/**
	 * @return the server version when already known, else {@code null}
	 */
	@Nullable String knownVersion() {
		Facts known = this.facts;
		return (known != null) ? known.version() : null;
	}

	private @Nullable Facts fetch(@Nullable String authorization, QueryString credentials) {
		String parameters = credentials.toString();
		URI uri = URI.create(this.upstream + "/?" + (parameters.isEmpty() ? "" : parameters + "&") + "query=" + QUERY);
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			HttpResponse<String> response = this.http.send(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
			String[] values = response.body().trim().split("\t");
			if (response.statusCode() != 200 || values.length != 2) {
				LOG.log(System.Logger.Level.WARNING, "ClickHouse would not tell its time zone: {0} {1}",
						response.statusCode(), response.body().trim());
				return null;
			}
			return new Facts(ZoneId.of(values[0]), values[1]);
		}
		catch (IOException | DateTimeException ex) {
			LOG.log(System.Logger.Level.WARNING, "ClickHouse would not tell its time zone", ex);
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	/**
	 * The facts.
	 *
	 * @param timeZone the server's time zone
	 * @param version the server's version, e.g. {@code 18.16.1}
	 */
	record Facts(ZoneId timeZone, String version) {
	}

}
