package dev.pillar.clickhouse.migration.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.SecretRedactor;

import org.springframework.core.NestedExceptionUtils;

/**
 * Reads what a failure says about ClickHouse: its own message, its error code, and
 * whether the server answered at all. The one place that knows ClickHouse's error codes.
 */
public final class ClickHouseErrors {

	// "Code: 159." in answers; "Code: 159, e.displayText() = …" in 18.16's query log
	private static final Pattern CODE = Pattern.compile("Code: (\\d+)[.,]");

	/** UNKNOWN_TABLE. */
	private static final int UNKNOWN_TABLE = 60;

	/** NO_SUCH_COLUMN_IN_TABLE. */
	private static final int NO_SUCH_COLUMN = 16;

	/**
	 * DUPLICATE_COLUMN (ILLEGAL_COLUMN on some versions): a column that another instance
	 * added meanwhile.
	 */
	private static final Set<Integer> DUPLICATE_COLUMN = Set.of(15, 44);

	/** TIMEOUT_EXCEEDED: a query ran longer than its limit. */
	private static final int TIMEOUT_EXCEEDED = 159;

	/**
	 * NETWORK_ERROR: ClickHouse's own, also answered by proxies in front of it when it is
	 * down.
	 */
	private static final int NETWORK_ERROR = 210;

	/**
	 * UNSATISFIED_QUORUM_FOR_PREVIOUS_WRITE: one quorum insert at a time per table, and
	 * the one before is not confirmed yet.
	 */
	private static final int QUORUM_BUSY = 286;

	/**
	 * UNKNOWN_STATUS_OF_INSERT: a quorum insert not confirmed in time ("Timeout while
	 * waiting for quorum"): its row may still arrive on every replica.
	 */
	private static final int UNKNOWN_STATUS_OF_INSERT = 319;

	/** QUERY_WAS_CANCELLED: killed (KILL QUERY) while it ran. */
	private static final int QUERY_WAS_CANCELLED = 394;

	/** UNKNOWN_SETTING: a setting that this server's version does not know. */
	private static final int UNKNOWN_SETTING = 115;

	/** UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED. */
	private static final Set<Integer> LOGIN_REFUSED = Set.of(192, 193, 194, 516);

	/**
	 * The HTTP client's words for a connection that was never made (the driver's
	 * ConnectionInitiationException also wraps answers lost after sending).
	 */
	private static final Set<String> NEVER_SENT = Set.of("org.apache.hc.client5.http.ConnectTimeoutException",
			"org.apache.hc.client5.http.HttpHostConnectException");

	private ClickHouseErrors() {
	}

	/**
	 * ClickHouse's own message, or for a network failure the driver's words with what
	 * kind of failure it was; credentials in a URL it echoes are masked.
	 * @param ex the failure
	 * @return the message
	 */
	public static String message(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		// by shape only, as it goes to logs and reports that know no configured secret
		String message = (cause.getMessage() != null) ? SecretRedactor.redactUrl(cause.getMessage().strip()) : null;
		if (cause instanceof IOException) {
			// not ClickHouse's answer: the driver's bare words ("127.0.0.1:8123 failed to
			// respond") need a context
			return "Network error (" + cause.getClass().getSimpleName() + ")"
					+ ((message != null) ? ": " + message : "");
		}
		return (message != null) ? message : cause.getClass().getName();
	}

	/**
	 * @return whether ClickHouse answered that a column does not exist
	 */
	static boolean isUnknownColumn(Throwable ex) {
		return code(ex) == NO_SUCH_COLUMN;
	}

	/**
	 * @return whether ClickHouse answered that a column exists already
	 */
	static boolean isDuplicateColumn(Throwable ex) {
		return DUPLICATE_COLUMN.contains(code(ex));
	}

	/**
	 * @return whether ClickHouse answered that a table does not exist
	 */
	static boolean isUnknownTable(Throwable ex) {
		return code(ex) == UNKNOWN_TABLE;
	}

	/**
	 * @return whether ClickHouse stopped a query that ran longer than its limit
	 */
	static boolean isTimeout(Throwable ex) {
		return code(ex) == TIMEOUT_EXCEEDED;
	}

	/**
	 * @return whether ClickHouse refused the login
	 */
	static boolean isLoginRefused(Throwable ex) {
		return LOGIN_REFUSED.contains(code(ex));
	}

	/**
	 * @return whether a quorum insert waits for another one on the same table: busy, not
	 * broken
	 */
	static boolean isQuorumBusy(Throwable ex) {
		return code(ex) == QUORUM_BUSY;
	}

	/**
	 * @return whether an insert was not confirmed in time, so that whether its row is
	 * there, or will be, is unknown
	 */
	static boolean isUnknownInsertStatus(Throwable ex) {
		int code = code(ex);
		return code == UNKNOWN_STATUS_OF_INSERT || code == TIMEOUT_EXCEEDED;
	}

	/**
	 * @return whether the server does not know a setting of the request
	 */
	static boolean isUnknownSetting(Throwable ex) {
		return code(ex) == UNKNOWN_SETTING;
	}

	/**
	 * @return whether the failure carries a ClickHouse error code, that is whether
	 * ClickHouse answered
	 */
	static boolean hasCode(Throwable ex) {
		return code(ex) >= 0;
	}

	/**
	 * Whether ClickHouse could not be reached at all: a {@link #isTransient network
	 * failure}, or ClickHouse's own NETWORK_ERROR. Used to wait for the server before
	 * writing the history, never to retry a statement.
	 * @param ex the failure
	 * @return whether it was the network
	 */
	static boolean isNetworkFailure(Throwable ex) {
		return isTransient(ex) || code(ex) == NETWORK_ERROR;
	}

	/**
	 * Whether the failure came from the network (refused, reset, timed out on the
	 * client's side) rather than from ClickHouse: the only failures worth retrying.
	 * @param ex the failure
	 * @return whether it was transient
	 */
	static boolean isTransient(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals("com.clickhouse.client.api.ServerException")) {
				return false;
			}
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether a {@link #isTransient transient failure} happened before the request left:
	 * the connection was refused or never made, so nothing of it can have run.
	 * @param ex the failure
	 * @return whether the request was surely never sent
	 */
	static boolean isNeverSent(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof NoRouteToHostException || NEVER_SENT.contains(cause.getClass().getName())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether an error as ClickHouse wrote it (in its query log) is a timeout: the
	 * statement may go on, as an {@code ON CLUSTER} one does on the hosts that had not
	 * finished.
	 * @param exception ClickHouse's text of the error
	 * @return whether it is TIMEOUT_EXCEEDED
	 */
	static boolean isTimeout(String exception) {
		return code(exception) == TIMEOUT_EXCEEDED;
	}

	/**
	 * Whether a query log's error says the query was killed while it ran.
	 * @param exception ClickHouse's text of the error
	 * @return whether it is QUERY_WAS_CANCELLED
	 */
	static boolean isCancelled(String exception) {
		return code(exception) == QUERY_WAS_CANCELLED;
	}

	private static int code(Throwable ex) {
		return code(message(ex));
	}

	private static int code(String message) {
		Matcher matcher = CODE.matcher(message);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
	}

}
