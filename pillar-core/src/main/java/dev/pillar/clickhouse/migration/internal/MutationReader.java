package dev.pillar.clickhouse.migration.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a table's mutations from {@code system.mutations}: on a single server there, on a
 * cluster on every replica (through {@code remote()}, in one query), since a replicated
 * table's mutation is done only when each replica has done it.
 */
final class MutationReader {

	private final JdbcTemplate jdbc;

	private final @Nullable ClusterReplicas replicas;

	private volatile @Nullable ServerFacts facts;

	/**
	 * Creates a reader.
	 * @param jdbc the connection to ClickHouse
	 * @param replicas the replicas of the cluster, or {@code null} on a single server
	 */
	MutationReader(JdbcTemplate jdbc, @Nullable ClusterReplicas replicas) {
		this.jdbc = jdbc;
		this.replicas = replicas;
	}

	/**
	 * The database a statement's table is in.
	 * @param table the table as the statement names it
	 * @return its database: the one named, or the connection's own
	 */
	String database(MutatedTable table) {
		return (table.database() != null) ? table.database() : facts().database();
	}

	/**
	 * @return whether the server says why a mutation fails ({@code latest_fail_reason},
	 * and then KILL MUTATION)
	 */
	boolean saysWhy() {
		return facts().failReasons();
	}

	/**
	 * Reads every mutation of a table, done or not.
	 * @param database the database
	 * @param table the table
	 * @return its mutations, on each replica of a cluster
	 */
	List<Mutation> read(String database, String table) {
		ServerFacts server = facts();
		String query = SystemTables.select(server.replicas(),
				"mutation_id, command, is_done, parts_to_do, "
						+ (server.failReasons() ? "latest_fail_reason" : "materialize('')") + ", toUInt32(create_time)",
				"mutations", of(database, table));
		return this.jdbc.query(query,
				(rs, row) -> new Mutation(database, table, rs.getString(1).isEmpty() ? null : rs.getString(1),
						rs.getString(2), rs.getString(3), rs.getInt(4) != 0, rs.getLong(5), rs.getString(6),
						rs.getLong(7)));
	}

	/**
	 * Reads what a statement about to be sent cannot have started: the table's mutations
	 * now, and the server's time, in one query.
	 * @param database the database
	 * @param table the table
	 * @return the mutations' keys ({@link Mutation#key()}) and the time
	 */
	Before before(String database, String table) {
		String mutations = SystemTables.select(facts().replicas(), "mutation_id", "mutations", of(database, table));
		// one row even without mutations; ids and host:port hold no comma
		return this.jdbc.queryForObject(
				"SELECT toUInt32(now()), arrayStringConcat(groupArray(concat(replica, '/', mutation_id)), ',') FROM ("
						+ mutations + ")",
				(rs, row) -> new Before(rs.getLong(1),
						rs.getString(2).isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(rs.getString(2).split(",")))));
	}

	private static String of(String database, String table) {
		return "WHERE database = " + SqlText.literal(database) + " AND table = " + SqlText.literal(table);
	}

	/** Read once: what the server has does not change while Pillar runs. */
	private ServerFacts facts() {
		ServerFacts known = this.facts;
		if (known == null) {
			ServerFacts read = this.jdbc.queryForObject(
					"SELECT currentDatabase(), " + "countIf(name = 'latest_fail_reason') FROM system.columns "
							+ "WHERE database = 'system' AND table = 'mutations'",
					(rs, row) -> new ServerFacts(rs.getString(1), rs.getInt(2) > 0, null));
			known = (this.replicas != null)
					? new ServerFacts(read.database(), read.failReasons(), this.replicas.replicas()) : read;
			this.facts = known;
		}
		return known;
	}

	/**
	 * A table's mutations before a statement.
	 *
	 * @param serverTime the server's time then (epoch seconds)
	 * @param keys the mutations' keys
	 */
	record Before(long serverTime, Set<String> keys) {

	}

	private record ServerFacts(String database, boolean failReasons, @Nullable List<String> replicas) {

	}

}
