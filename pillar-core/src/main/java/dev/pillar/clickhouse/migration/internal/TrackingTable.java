package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.PillarException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Creates Pillar's own tables (history, lock): a {@code MergeTree} on a single server; on
 * a cluster, created {@code ON CLUSTER} as a {@code ReplicatedMergeTree} so that every
 * replica holds the same rows.
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
				+ SqlText.literal("/clickhouse/tables/{shard}/" + qualified[0] + "/" + qualified[1])
				+ ", '{replica}') ORDER BY " + orderBy);
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
