package dev.pillar.clickhouse.migration.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import dev.pillar.clickhouse.migration.ReplicaReport;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replicas of a cluster, reached from the server Pillar is connected to through
 * {@code remote()}, as the {@code default} user (or the user the cluster's config names):
 * to say which replica does not answer, and to compare each with the history.
 */
public final class ClusterReplicas {

	private final JdbcTemplate jdbc;

	private final String cluster;

	/**
	 * @param jdbc the connection to the server Pillar is connected to
	 * @param cluster the cluster's name
	 */
	public ClusterReplicas(JdbcTemplate jdbc, String cluster) {
		this.jdbc = jdbc;
		this.cluster = cluster;
	}

	/**
	 * @return the addresses ({@code host:port}) of the replicas that do not answer; empty
	 * when all do
	 */
	List<String> unreachable() {
		List<String> down = new ArrayList<>();
		try {
			for (String replica : replicas()) {
				try {
					this.jdbc.queryForObject("SELECT count() FROM remote('" + replica + "', system.one)", Long.class);
				}
				catch (DataAccessException ex) {
					down.add(replica);
				}
			}
		}
		catch (DataAccessException ex) {
			// the server we are connected to is itself unreachable: its own message says
			// so already
		}
		return down;
	}

	public List<ReplicaReport> verify(String historyTable, long lastSequence, Collection<String> tables) {
		String database = this.jdbc.queryForObject("SELECT currentDatabase()", String.class);
		// names quoted and values escaped: my-db is an ordinary database name
		String table = historyTable.contains(".") ? historyTable
				: SqlText.name(database) + "." + SqlText.name(historyTable);
		List<ReplicaReport> reports = new ArrayList<>();
		for (String replica : replicas()) {
			try {
				Map<String, Object> history = this.jdbc.queryForMap("SELECT count() AS rows, max(sequence) AS last "
						+ "FROM remote(" + SqlText.literal(replica) + ", " + table + ")");
				long rows = ((Number) history.get("rows")).longValue();
				long last = ((Number) history.get("last")).longValue();
				TreeSet<String> missing = new TreeSet<>(tables);
				missing.removeAll(this.jdbc.queryForList("SELECT name FROM remote(" + SqlText.literal(replica)
						+ ", system.tables) WHERE database = " + SqlText.literal(database), String.class));
				reports.add(
						new ReplicaReport(replica, true, rows, last, last == lastSequence, List.copyOf(missing), null));
			}
			catch (DataAccessException ex) {
				reports.add(new ReplicaReport(replica, false, 0, 0, false, List.of(), ClickHouseErrors.message(ex)));
			}
		}
		return reports;
	}

	/**
	 * @return the addresses ({@code host:port}) of every replica, in the cluster's order
	 */
	List<String> replicas() {
		return this.jdbc.queryForList("SELECT concat(host_name, ':', toString(port)) FROM system.clusters "
				+ "WHERE cluster = " + SqlText.literal(this.cluster) + " ORDER BY shard_num, replica_num",
				String.class);
	}

}
