package dev.pillar.clickhouse.migration.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.jdbc.StatementImpl;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.StatementCallback;
import org.springframework.util.ClassUtils;

/**
 * Sends a statement with its own query id and {@code log_queries=1}, in the same request:
 * the ClickHouse JDBC driver (jdbc-v2) takes both as settings of the one statement, so
 * the server records it in {@code system.query_log} under that id. With another driver
 * (or none of ClickHouse's on the class path) the statement is sent as it is, and the
 * server's record of it cannot be found.
 * <p>
 * Pillar's own rows go the same way with settings of their own ({@code insert_quorum},
 * {@code async_insert}): as settings of the statement, which the driver sends as request
 * parameters, never as a {@code SETTINGS} clause, which 18.16 does not parse in
 * {@code INSERT ... VALUES}.
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
	 * Sends a statement with settings of its own, in the same request.
	 * @param sql the statement
	 * @param settings the settings, by name
	 */
	void execute(String sql, Map<String, String> settings) {
		this.jdbc.execute((StatementCallback<Boolean>) (statement) -> {
			configure(statement, null, settings);
			return statement.execute(sql);
		});
	}

	/**
	 * Runs a query of one row with settings of its own, in the same request.
	 * @param sql the query
	 * @param settings the settings, by name
	 * @return the row, by column name
	 */
	Map<String, Object> queryForMap(String sql, Map<String, String> settings) {
		return DataAccessUtils
			.requiredSingleResult(this.jdbc.execute((StatementCallback<List<Map<String, Object>>>) (statement) -> {
				configure(statement, null, settings);
				try (ResultSet rows = statement.executeQuery(sql)) {
					return new RowMapperResultSetExtractor<>(new ColumnMapRowMapper()).extractData(rows);
				}
			}));
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
		configure(statement, queryId, Map.of("log_queries", "1"));
	}

	private static void configure(Statement statement, @Nullable String queryId, Map<String, String> settings)
			throws SQLException {
		if (DRIVER_PRESENT && Driver.owns(statement)) {
			Driver.configure(statement, queryId, settings);
		}
	}

	/** The driver's classes, loaded only once they are known to be there. */
	private static final class Driver {

		static boolean owns(Statement statement) throws SQLException {
			return statement.isWrapperFor(StatementImpl.class);
		}

		static void configure(Statement statement, @Nullable String queryId, Map<String, String> settings)
				throws SQLException {
			QuerySettings local = statement.unwrap(StatementImpl.class).getLocalSettings();
			if (queryId != null) {
				local.setQueryId(queryId);
			}
			settings.forEach(local::serverSetting);
		}

	}

}
