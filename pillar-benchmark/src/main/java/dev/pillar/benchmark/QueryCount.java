package dev.pillar.benchmark;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What went through a {@link CountingDataSource} between two resets.
 *
 * @param queries the number of queries of each kind
 * @param nanos the time spent inside the driver's {@code execute*} calls, per kind
 * @param connections connections opened
 * @param connectNanos time spent opening and closing them
 * @param statements every query's SQL, in order
 */
record QueryCount(Map<QueryKind, Long> queries, Map<QueryKind, Long> nanos, long connections, long connectNanos,
		List<String> statements) {

	QueryCount {
		queries = new EnumMap<>(queries);
		nanos = new EnumMap<>(nanos);
		statements = List.copyOf(statements);
	}

	/**
	 * @return every query, of any kind
	 */
	long total() {
		return this.queries.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * @param kind a kind
	 * @return its number of queries
	 */
	long count(QueryKind kind) {
		return this.queries.getOrDefault(kind, 0L);
	}

	/**
	 * @param kind a kind
	 * @return the milliseconds its queries took in the driver
	 */
	double millis(QueryKind kind) {
		return this.nanos.getOrDefault(kind, 0L) / 1e6;
	}

	/**
	 * @return the milliseconds spent opening and closing connections
	 */
	double connectMillis() {
		return this.connectNanos / 1e6;
	}

}
