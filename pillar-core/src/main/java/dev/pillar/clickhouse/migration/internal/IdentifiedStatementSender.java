package dev.pillar.clickhouse.migration.internal;

import java.sql.SQLException;
import java.sql.Statement;

import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.jdbc.StatementImpl;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.StatementCallback;
import org.springframework.util.ClassUtils;

/**
 * Sends a statement with its own query id and {@code log_queries=1}, in the same request:
 * the ClickHouse JDBC driver (jdbc-v2) takes both as settings of the one statement, so
 * the server records it in {@code system.query_log} under that id. With another driver
 * (or none of ClickHouse's on the class path) the statement is sent as it is, and the
 * server's record of it cannot be found.
 */
public final class IdentifiedStatementSender {

	private static final boolean DRIVER_PRESENT = ClassUtils.isPresent("com.clickhouse.jdbc.StatementImpl",
			IdentifiedStatementSender.class.getClassLoader());

	private final JdbcTemplate jdbc;

	/**
	 * @param jdbc the connection to ClickHouse
	 */
	public IdentifiedStatementSender(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sends a statement.
	 * @param sql the statement
	 * @param queryId its id, or {@code null} to send it as it is
	 */
	void execute(String sql, @Nullable String queryId) {
		if (queryId == null) {
			this.jdbc.execute(sql);
			return;
		}
		this.jdbc.execute((StatementCallback<Boolean>) (statement) -> {
			identify(statement, queryId);
			return statement.execute(sql);
		});
	}

	/**
	 * Whether statements sent here carry their ids: the connection is the ClickHouse
	 * driver's.
	 * @return whether they do
	 */
	boolean identifies() {
		return Boolean.TRUE.equals(this.jdbc
			.execute((StatementCallback<Boolean>) (statement) -> DRIVER_PRESENT && Driver.owns(statement)));
	}

	private static void identify(Statement statement, String queryId) throws SQLException {
		if (DRIVER_PRESENT && Driver.owns(statement)) {
			Driver.identify(statement, queryId);
		}
	}

	/** The driver's classes, loaded only once they are known to be there. */
	private static final class Driver {

		static boolean owns(Statement statement) throws SQLException {
			return statement.isWrapperFor(StatementImpl.class);
		}

		static void identify(Statement statement, String queryId) throws SQLException {
			QuerySettings settings = statement.unwrap(StatementImpl.class).getLocalSettings();
			settings.setQueryId(queryId);
			settings.serverSetting("log_queries", "1");
		}

	}

}
