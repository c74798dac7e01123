package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.PillarException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates Pillar's own tables (history, lock): a {@code MergeTree} on a single server; on
 * a cluster, created {@code ON CLUSTER} as a {@code ReplicatedMergeTree} so that every
 * replica holds the same rows. Its ZooKeeper path has no {@code {shard}}: every replica
 * of every shard is a replica of one table, so the cluster has one lock and one history
 * (the replica name {@code {shard}-{replica}} keeps the names of two shards apart).
 * Tables created by earlier versions, one per shard, are used as they are.
 */
final class TrackingTable {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private final JdbcTemplate jdbc;

	private static final Duration ACTIVATION_WAIT = Duration.ofSeconds(10);

	private final String name;

	private final @Nullable String cluster;

	TrackingTable(JdbcTemplate jdbc, String name, @Nullable String cluster) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new PillarException("Invalid table name '" + name + "'",
					"Name the table with a plain identifier such as pillar_migrations, optionally database.table.",
					PillarException.Kind.INVALID_TABLE);
		}
		this.jdbc = jdbc;
		this.name = name;
		this.cluster = cluster;
	}

	String name() {
		return this.name;
	}

	boolean exists() {
		return Integer.valueOf(1).equals(this.jdbc.queryForObject("EXISTS TABLE " + this.name, Integer.class));
	}

	/**
	 * Creates the table unless it exists.
	 * @param columns the column list, e.g. {@code (a UInt64, b String)}
	 * @param orderBy the sorting key
	 */
	void createIfMissing(String columns, String orderBy) {
		if (this.cluster == null) {
			this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + this.name + " " + columns
					+ " ENGINE = MergeTree ORDER BY " + orderBy);
			return;
		}
		// ON CLUSTER waits for every host, even when the table exists: a restart with a
		// replica down must not
		if (exists()) {
			return;
		}
		String[] qualified = qualified();
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + quoted(qualified) + onCluster() + " " + columns
				+ " ENGINE = ReplicatedMergeTree("
				+ SqlText.literal("/clickhouse/pillar/" + qualified[0] + "/" + qualified[1])
				+ ", '{shard}-{replica}') ORDER BY " + orderBy);
		awaitActiveReplicas(qualified);
	}

	/**
	 * A new replicated table's replicas become active in ZooKeeper a moment after CREATE
	 * returns: a quorum insert before then fails with "Number of alive replicas (0) is
	 * less than requested quorum". Waits for them, briefly: a replica that is down is for
	 * the insert to report.
	 */
	private void awaitActiveReplicas(String[] qualified) {
		long deadline = System.nanoTime() + ACTIVATION_WAIT.toNanos();
		while (System.nanoTime() < deadline) {
			Integer inactive = this.jdbc.queryForObject(
					"SELECT count() FROM system.replicas WHERE database = ? AND "
							+ "table = ? AND (is_readonly OR active_replicas < total_replicas)",
					Integer.class, qualified[0], qualified[1]);
			if (inactive != null && inactive == 0) {
				return;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Refuses a table that is not one table for the whole cluster, and writes whose
	 * insert quorum leaves out one of its replicas: a replica outside the quorum can miss
	 * a confirmed row, and an instance connected to it would not see the lock or the
	 * history. Tells the writer the quorum of its inserts (every replica, unless one is
	 * configured) and whether the server knows {@code async_insert}. One request, with
	 * the settings of the writes, so that the quorum read is the one its inserts get.
	 * @param writer the writer of the rows that others must see
	 * @throws PillarException when the table has fewer replicas than the cluster has
	 * hosts (a table per shard, as earlier versions made them), or the quorum is below
	 * its replicas
	 */
	void checkReplication(ConfirmedWriter writer) {
		if (this.cluster == null) {
			return;
		}
		String[] names = qualified();
		String qualified = names[0] + "." + names[1];
		String replica = " FROM system.replicas WHERE database = " + SqlText.literal(names[0]) + " AND table = "
				+ SqlText.literal(names[1]);
		Map<String, Object> row = writer.query("SELECT toUInt64((SELECT value FROM system.settings "
				+ "WHERE name = 'insert_quorum')) AS quorum, (SELECT max(total_replicas)" + replica
				+ ") AS replicas, (SELECT any(zookeeper_path)" + replica + ") AS path, (SELECT count() FROM "
				+ "system.clusters WHERE cluster = " + SqlText.literal(this.cluster) + ") AS hosts, (SELECT count() "
				+ "FROM system.settings WHERE name = 'async_insert') AS async");
		long seen = ((Number) row.get("quorum")).longValue();
		long replicas = ((Number) row.get("replicas")).longValue();
		long hosts = ((Number) row.get("hosts")).longValue();
		if (replicas < hosts) {
			throw new PillarException("Pillar's table " + qualified + " has " + replicas + " replica(s) but cluster "
					+ this.cluster + " has " + hosts + " hosts: its ZooKeeper path " + row.get("path")
					+ " is one per shard (a table of an earlier version of Pillar), so instances on different shards "
					+ "would each take their own lock and keep their own history. Nothing was run.",
					"Move the history and the lock table to one path for the cluster: stop every instance; for each "
							+ "table T, CREATE TABLE T_moved" + onCluster() + " AS T ENGINE = "
							+ "ReplicatedMergeTree('/clickhouse/pillar/<database>/T', '{shard}-{replica}') ORDER BY "
							+ "its key (sequence for the history, token for the lock); INSERT INTO T_moved SELECT * FROM T on one server; RENAME "
							+ "TABLE T TO T_old, T_moved TO T" + onCluster() + "; then start again.");
		}
		// unconfigured, the inserts carry every replica; through a driver that cannot set
		// it per statement, they carry the connection's own
		long quorum = (writer.configuredQuorum() == null && writer.carriesSettings()) ? replicas : seen;
		if (quorum < replicas) {
			throw new PillarException(
					"The insert quorum of Pillar's writes (insert_quorum " + quorum + ") is below the " + replicas
							+ " replicas of its table " + qualified
							+ ": a replica outside the quorum can miss a lock or history row, and an instance "
							+ "connected to it would run migrations again. Nothing was run.",
					((writer.configuredQuorum() != null)
							? "Leave Pillar's insert quorum unset (every replica), or set it to " + replicas
							: "Use the ClickHouse JDBC driver, which takes the quorum per statement, or set "
									+ "insert_quorum of the connection to " + replicas)
							+ ", the number of replicas of " + qualified + ".",
					PillarException.Kind.LOCK_UNAVAILABLE);
		}
		writer.checked((int) quorum, ((Number) row.get("async")).longValue() > 0);
	}

	/**
	 * Adds columns that a table created by an earlier version of Pillar lacks. Servers
	 * before 19.x know no {@code ADD COLUMN IF NOT EXISTS}: a column that another
	 * instance added meanwhile is no error.
	 * @param columns the columns, e.g. {@code intent String}
	 */
	void addColumns(String... columns) {
		String target = (this.cluster != null) ? quoted(qualified()) + onCluster() : this.name;
		for (String column : columns) {
			try {
				this.jdbc.execute("ALTER TABLE " + target + " ADD COLUMN " + column);
			}
			catch (DataAccessException ex) {
				if (!ClickHouseErrors.isDuplicateColumn(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * ON CLUSTER runs on every host, each in its own default database: name the database
	 * explicitly.
	 */
	private String[] qualified() {
		int dot = this.name.indexOf('.');
		return (dot >= 0) ? new String[] { this.name.substring(0, dot), this.name.substring(dot + 1) }
				: new String[] { this.jdbc.queryForObject("SELECT currentDatabase()", String.class), this.name };
	}

	/** Names quoted: {@code my-db} is an ordinary database name. */
	private static String quoted(String[] qualified) {
		return SqlText.name(qualified[0]) + "." + SqlText.name(qualified[1]);
	}

	private String onCluster() {
		// prod-cluster is an ordinary cluster name
		return " ON CLUSTER " + SqlText.name(this.cluster);
	}

}
