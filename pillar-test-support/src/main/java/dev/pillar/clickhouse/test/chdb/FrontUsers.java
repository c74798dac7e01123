package dev.pillar.clickhouse.test.chdb;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The users the front knows, the same as the throwaway Debian server's {@code users.xml}
 * in {@code scripts/clickhouse.sh}: {@code default} without a password, {@code pillar}
 * with {@code pillar-secret}. Credentials come as a server takes them: HTTP Basic,
 * {@code X-ClickHouse-User} / {@code X-ClickHouse-Key} headers, or {@code user} /
 * {@code password} URL parameters; one way at a time.
 */
final class FrontUsers {

	private final Map<String, String> passwords;

	FrontUsers(Map<String, String> passwords) {
		this.passwords = Map.copyOf(passwords);
	}

	static FrontUsers standard() {
		return new FrontUsers(Map.of("default", "", "pillar", "pillar-secret"));
	}

	/**
	 * Authenticates a request.
	 * @param request the request
	 * @return the user's name
	 * @throws QueryError AUTHENTICATION_FAILED when the user is unknown or the password
	 * wrong
	 */
	String authenticate(FrontRequest request) {
		String basic = request.headers().getFirst("Authorization");
		String headerUser = request.headers().getFirst("X-ClickHouse-User");
		String headerKey = request.headers().getFirst("X-ClickHouse-Key");
		String paramUser = request.parameters().get("user");
		String paramPassword = request.parameters().get("password");
		boolean inHeaders = headerUser != null || headerKey != null;
		boolean inParameters = paramUser != null || paramPassword != null;
		String user;
		String password;
		if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
			if (inHeaders || inParameters) {
				throw invalid("it is not allowed to use Authorization HTTP header and authentication via parameters "
						+ "simultaneously");
			}
			String decoded = new String(Base64.getDecoder().decode(basic.substring(6).trim()), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			user = (colon < 0) ? decoded : decoded.substring(0, colon);
			password = (colon < 0) ? "" : decoded.substring(colon + 1);
		}
		else if (inHeaders) {
			if (inParameters) {
				throw invalid("it is not allowed to use X-ClickHouse HTTP headers and other authentication methods "
						+ "simultaneously");
			}
			user = orDefault(headerUser, "default");
			password = orDefault(headerKey, "");
		}
		else {
			user = orDefault(paramUser, "default");
			password = orDefault(paramPassword, "");
		}
		if (!password.equals(this.passwords.get(user))) {
			throw QueryError.of(QueryError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED",
					user + ": Authentication failed: password is incorrect, or there is no user with such name");
		}
		return user;
	}

	private static String orDefault(@Nullable String value, String fallback) {
		return (value != null && !value.isEmpty()) ? value : fallback;
	}

	private static QueryError invalid(String why) {
		return QueryError.of(QueryError.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED",
				"Invalid authentication: " + why);
	}

}
