package dev.pillar.clickhouse.migration.internal;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Queries of a system table on the server Pillar is connected to or, on a cluster, on
 * every replica (through {@code remote()}, in one query): each row starts with the
 * replica it comes from ({@code host:port}, empty for the connected server).
 */
final class SystemTables {

	private SystemTables() {
	}

	/**
	 * @param replicas the replicas, or {@code null} for the connected server
	 * @param columns the columns after the replica, as SQL
	 * @param table the system table, e.g. {@code mutations}
	 * @param rest what follows the table in each replica's query ({@code WHERE …},
	 * {@code ORDER BY … LIMIT 1}), or empty
	 * @return the query
	 */
	static String select(@Nullable List<String> replicas, String columns, String table, String rest) {
		String condition = rest.isEmpty() ? "" : " " + rest;
		if (replicas == null) {
			return "SELECT '' AS replica, " + columns + " FROM system." + table + condition;
		}
		// through remote(), 18.16 refuses constant columns in a UNION ALL: materialized,
		// they are not
		return replicas.stream()
			.map((replica) -> "SELECT materialize(" + SqlText.literal(replica) + ") AS replica, " + columns
					+ " FROM remote(" + SqlText.literal(replica) + ", system." + table + ")" + condition)
			.collect(Collectors.joining(" UNION ALL "));
	}

}
