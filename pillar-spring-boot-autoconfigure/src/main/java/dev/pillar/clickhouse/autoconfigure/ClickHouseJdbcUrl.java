package dev.pillar.clickhouse.autoconfigure;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What Pillar reads from a JDBC URL: whether it leads to ClickHouse, and the same URL
 * naming another database.
 */
public final class ClickHouseJdbcUrl {

	private ClickHouseJdbcUrl() {
	}

	/**
	 * Whether a JDBC URL is one of the ClickHouse driver's: {@code jdbc:clickhouse:} or
	 * {@code jdbc:ch:}.
	 * @param url the URL, or {@code null}
	 * @return whether it leads to ClickHouse
	 */
	public static boolean isClickHouse(@Nullable String url) {
		if (url == null) {
			return false;
		}
		String lower = url.toLowerCase(Locale.ROOT);
		return lower.startsWith("jdbc:clickhouse:") || lower.startsWith("jdbc:ch:");
	}

	/**
	 * The URL with its database (the path after the host) replaced: the driver prefers a
	 * database in the URL to its {@code database} property, so a URL such as
	 * {@code jdbc:clickhouse://host:8123/default} would keep it. The name is URL-encoded
	 * (the driver decodes the path), so that a name such as {@code my db} or {@code 5%}
	 * reaches ClickHouse as it is.
	 * @param url a ClickHouse JDBC URL
	 * @param database the database
	 * @return the URL naming that database, its parameters kept
	 */
	public static String withDatabase(String url, String database) {
		int authority = url.indexOf("//");
		if (authority < 0) {
			throw new IllegalArgumentException("Not a ClickHouse JDBC URL with a host: " + url);
		}
		int pathStart = authority + 2;
		while (pathStart < url.length() && "/?;#".indexOf(url.charAt(pathStart)) < 0) {
			pathStart++;
		}
		int pathEnd = pathStart;
		while (pathEnd < url.length() && "?;#".indexOf(url.charAt(pathEnd)) < 0) {
			pathEnd++;
		}
		// a path segment: a space is %20 there, not +
		String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
		return url.substring(0, pathStart) + "/" + encoded + url.substring(pathEnd);
	}

}
