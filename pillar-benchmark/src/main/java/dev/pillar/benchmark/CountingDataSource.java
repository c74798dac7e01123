package dev.pillar.benchmark;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the queries that reach ClickHouse through a {@link DataSource}: every
 * {@code execute*} call on a statement it hands out is one query (one HTTP request of the
 * ClickHouse JDBC driver), classified by {@link QueryKind} and timed; every connection
 * opened is counted and its opening and closing timed. Thread-safe, so that the lock's
 * renewal thread is counted too.
 */
final class CountingDataSource extends DelegatingDataSource {

	private final Map<QueryKind, LongAdder> queries = new EnumMap<>(QueryKind.class);

	private final Map<QueryKind, LongAdder> nanos = new EnumMap<>(QueryKind.class);

	private final LongAdder connections = new LongAdder();

	private final LongAdder connectNanos = new LongAdder();

	private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

	/**
	 * Wraps a data source.
	 * @param target the data source that reaches ClickHouse
	 */
	CountingDataSource(DataSource target) {
		super(target);
		for (QueryKind kind : QueryKind.values()) {
			this.queries.put(kind, new LongAdder());
			this.nanos.put(kind, new LongAdder());
		}
	}

	/** Forgets what was counted so far. */
	void reset() {
		this.queries.values().forEach(LongAdder::reset);
		this.nanos.values().forEach(LongAdder::reset);
		this.connections.reset();
		this.connectNanos.reset();
		this.statements.clear();
	}

	/**
	 * @return what was counted since the last reset
	 */
	QueryCount snapshot() {
		Map<QueryKind, Long> counted = new EnumMap<>(QueryKind.class);
		Map<QueryKind, Long> timed = new EnumMap<>(QueryKind.class);
		for (QueryKind kind : QueryKind.values()) {
			counted.put(kind, this.queries.get(kind).sum());
			timed.put(kind, this.nanos.get(kind).sum());
		}
		synchronized (this.statements) {
			return new QueryCount(counted, timed, this.connections.sum(), this.connectNanos.sum(),
					new ArrayList<>(this.statements));
		}
	}

	@Override
	public Connection getConnection() throws SQLException {
		long start = System.nanoTime();
		Connection connection = obtainTargetDataSource().getConnection();
		this.connectNanos.add(System.nanoTime() - start);
		this.connections.increment();
		return proxy(Connection.class, new ConnectionHandler(connection));
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		long start = System.nanoTime();
		Connection connection = obtainTargetDataSource().getConnection(username, password);
		this.connectNanos.add(System.nanoTime() - start);
		this.connections.increment();
		return proxy(Connection.class, new ConnectionHandler(connection));
	}

	private void count(String sql, long elapsed) {
		QueryKind kind = QueryKind.of(sql);
		this.queries.get(kind).increment();
		this.nanos.get(kind).add(elapsed);
		this.statements.add(sql);
	}

	private static <T> T proxy(Class<T> type, InvocationHandler handler) {
		return type
			.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] { type }, handler));
	}

	private static @Nullable Object invoke(Object target, Method method, @Nullable Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Hands out counting statements; times {@code close()}, which releases the driver's
	 * HTTP client.
	 */
	private final class ConnectionHandler implements InvocationHandler {

		private final Connection target;

		ConnectionHandler(Connection target) {
			this.target = target;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			switch (method.getName()) {
				case "createStatement":
					return proxy(Statement.class, new StatementHandler(
							(Statement) CountingDataSource.invoke(this.target, method, args), null));
				case "prepareStatement":
					return proxy(PreparedStatement.class, new StatementHandler(
							(Statement) CountingDataSource.invoke(this.target, method, args), (String) args[0]));
				case "prepareCall":
					return proxy(CallableStatement.class, new StatementHandler(
							(Statement) CountingDataSource.invoke(this.target, method, args), (String) args[0]));
				case "close":
					long start = System.nanoTime();
					try {
						return CountingDataSource.invoke(this.target, method, args);
					}
					finally {
						CountingDataSource.this.connectNanos.add(System.nanoTime() - start);
					}
				default:
					return CountingDataSource.invoke(this.target, method, args);
			}
		}

	}

	/** Counts and times each {@code execute*} call as one query. */
	private final class StatementHandler implements InvocationHandler {

		private final Statement target;

		private final @Nullable String prepared;

		StatementHandler(Statement target, @Nullable String prepared) {
			this.target = target;
			this.prepared = prepared;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			if (!method.getName().startsWith("execute")) {
				return CountingDataSource.invoke(this.target, method, args);
			}
			String sql = (args != null && args.length > 0 && args[0] instanceof String text) ? text
					: (this.prepared != null) ? this.prepared : "(batch)";
			long start = System.nanoTime();
			try {
				return CountingDataSource.invoke(this.target, method, args);
			}
			finally {
				count(sql, System.nanoTime() - start);
			}
		}

	}

}
