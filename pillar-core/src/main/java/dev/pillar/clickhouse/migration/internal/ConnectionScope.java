package dev.pillar.clickhouse.migration.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.ConnectionHandle;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs an operation on one connection per data source, as Spring's transaction support
 * binds them: every {@link JdbcTemplate} call of the thread reuses it instead of asking
 * the data source again. The official driver opens a whole HTTP client per connection,
 * which costs more than the statements of most migrations. Other threads (the lock's
 * renewals) keep getting their own.
 */
public final class ConnectionScope {

	private final Set<DataSource> dataSources = new LinkedHashSet<>();

	/**
	 * @param templates the templates whose data sources to bind
	 */
	public ConnectionScope(JdbcTemplate... templates) {
		for (JdbcTemplate template : templates) {
			if (template.getDataSource() != null) {
				this.dataSources.add(template.getDataSource());
			}
		}
	}

	/**
	 * Runs an action with a connection bound for each data source that none is bound for
	 * yet, and closes them after.
	 * @param <T> the result type
	 * @param action the action
	 * @return its result
	 */
	public <T> T run(Supplier<T> action) {
		List<LazyConnection> bound = new ArrayList<>();
		try {
			for (DataSource dataSource : this.dataSources) {
				if (!TransactionSynchronizationManager.hasResource(dataSource)) {
					LazyConnection connection = new LazyConnection(dataSource);
					TransactionSynchronizationManager.bindResource(dataSource, new ConnectionHolder(connection));
					bound.add(connection);
				}
			}
			return action.get();
		}
		finally {
			for (LazyConnection connection : bound) {
				TransactionSynchronizationManager.unbindResource(connection.dataSource);
				connection.close();
			}
		}
	}

	/** A connection opened by the first statement that needs it, if any does. */
	private static final class LazyConnection implements ConnectionHandle {

		private final DataSource dataSource;

		private @Nullable Connection connection;

		LazyConnection(DataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public Connection getConnection() {
			if (this.connection == null) {
				try {
					this.connection = this.dataSource.getConnection();
				}
				catch (SQLException ex) {
					throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection", ex);
				}
			}
			return this.connection;
		}

		void close() {
			if (this.connection != null) {
				DataSourceUtils.releaseConnection(this.connection, null);
				this.connection = null;
			}
		}

	}

}
