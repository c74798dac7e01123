package dev.pillar.clickhouse.test.chdb;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * HTTP sessions ({@code session_id}): each keeps the database and the settings that its
 * {@code USE} and {@code SET} statements chose, until it has been idle for its timeout.
 * Used under the front's lock only.
 */
final class FrontSessions {

	private static final long DEFAULT_TIMEOUT_SECONDS = 60;

	private final Map<String, Session> sessions = new HashMap<>();

	/**
	 * The state of a session, created when new.
	 * @param request the request naming the session
	 * @param now the current time, in milliseconds
	 * @return the session's state, or {@link EngineState#DEFAULT} for a request without a
	 * session
	 * @throws QueryError SESSION_NOT_FOUND when {@code session_check=1} names no live
	 * session
	 */
	EngineState stateOf(FrontRequest request, long now) {
		String id = request.parameters().get("session_id");
		if (id == null || id.isEmpty()) {
			return EngineState.DEFAULT;
		}
		Session session = this.sessions.get(id);
		if (session != null && session.expired(now)) {
			this.sessions.remove(id);
			session = null;
		}
		if (session == null) {
			if (FrontRequest.flag(request.parameters().get("session_check"))) {
				throw QueryError.of(QueryError.SESSION_NOT_FOUND, "SESSION_NOT_FOUND", "Session " + id + " not found");
			}
			session = new Session(EngineState.DEFAULT);
			this.sessions.put(id, session);
		}
		session.touch(now, timeoutSeconds(request));
		return session.state;
	}

	/**
	 * Records what a statement left a session with.
	 * @param request the request
	 * @param state the session's new state
	 */
	void update(FrontRequest request, EngineState state) {
		Session session = session(request);
		if (session != null) {
			session.state = state;
		}
	}

	/**
	 * Ends a session when the request asks to ({@code close_session=1}).
	 * @param request the request
	 */
	void closeIfAsked(FrontRequest request) {
		if (FrontRequest.flag(request.parameters().get("close_session"))) {
			String id = request.parameters().get("session_id");
			if (id != null) {
				this.sessions.remove(id);
			}
		}
	}

	private @Nullable Session session(FrontRequest request) {
		String id = request.parameters().get("session_id");
		return (id != null) ? this.sessions.get(id) : null;
	}

	private static long timeoutSeconds(FrontRequest request) {
		String timeout = request.parameters().get("session_timeout");
		try {
			return (timeout != null && !timeout.isEmpty()) ? Long.parseLong(timeout) : DEFAULT_TIMEOUT_SECONDS;
		}
		catch (NumberFormatException ex) {
			return DEFAULT_TIMEOUT_SECONDS;
		}
	}

	private static final class Session {

		private EngineState state;

		private long expiresAt;

		Session(EngineState state) {
			this.state = state;
		}

		boolean expired(long now) {
			return now > this.expiresAt;
		}

		void touch(long now, long timeoutSeconds) {
			this.expiresAt = now + timeoutSeconds * 1000;
		}

	}

}
