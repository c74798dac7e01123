package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The history table in ClickHouse: an append-only log of {@link MigrationEvent events}.
 * Written so that it runs on ClickHouse 18.16 as on current releases: no {@code Bool},
 * {@code DateTime64}, {@code LowCardinality} or query parameters.
 */
public final class MigrationHistory {

	static final String COLUMNS = "sequence, version, name, event, checksum, statements, statements_done, "
			+ "execution_ms, host, installed_by, error, executed_at";

	private final JdbcTemplate jdbc;

	private final ConfirmedWriter writer;

	private final TrackingTable table;

	/**
	 * Creates a history over a table on a single server.
	 * @param jdbc the connection to ClickHouse
	 * @param table the table name, optionally {@code database.table}
	 */
	public MigrationHistory(JdbcTemplate jdbc, String table) {
		this(jdbc, new ConfirmedWriter(jdbc, false, null, Duration.ZERO), table, null);
	}

	/**
	 * Creates a history over a table, replicated on a cluster.
	 * @param jdbc the connection to ClickHouse, for reads
	 * @param writer the writer of its rows: on a cluster with a quorum of every replica
	 * ({@code insert_quorum}), so that a read on any replica sees them
	 * @param table the table name, optionally {@code database.table}
	 * @param cluster the cluster, or {@code null} for a single server
	 */
	public MigrationHistory(JdbcTemplate jdbc, ConfirmedWriter writer, String table, @Nullable String cluster) {
		this.jdbc = jdbc;
		this.writer = writer;
		this.table = new TrackingTable(jdbc, table, cluster);
	}

	/**
	 * @return the table name
	 */
	public String table() {
		return this.table.name();
	}

	/** Creates the table unless it exists. */
	public void createIfMissing() {
		this.table.createIfMissing("(sequence UInt64, version UInt64, name String, event String, checksum String, "
				+ "statements UInt32, statements_done UInt32, execution_ms UInt64, host String, installed_by String, "
				+ "error String, executed_at DateTime)", "sequence");
	}

	/**
	 * Reads the whole history in one query.
	 * @return every row, oldest first
	 */
	public List<MigrationEvent> read() {
		return this.jdbc.query(
				"SELECT sequence, version, name, event, checksum, statements, statements_done, "
						+ "execution_ms, host, installed_by, error, toUInt32(executed_at) FROM " + this.table.name()
						+ " ORDER BY sequence",
				(rs, row) -> new MigrationEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
						MigrationEventType.fromColumn(rs.getString(4)), rs.getString(5), rs.getInt(6), rs.getInt(7),
						rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11),
						Instant.ofEpochSecond(rs.getLong(12))));
	}

	/**
	 * Reads the whole history in one query, if the table exists.
	 * @return every row, oldest first, or empty when the table does not exist
	 */
	public Optional<List<MigrationEvent>> readIfPresent() {
		try {
			return Optional.of(read());
		}
		catch (DataAccessException ex) {
			if (ClickHouseErrors.isUnknownTable(ex)) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * Appends one row.
	 * @param event the row
	 */
	public void append(MigrationEvent event) {
		// every row with the quorum, failures too: a failure row that a replica lacks
		// would have an instance connected to it run the migration again from its start
		if (this.writer.unchecked()) {
			// with a lock of the application's own, which checks nothing
			this.table.checkReplication(this.writer);
		}
		// VALUES with literals: servers answer it faster than INSERT ... SELECT, and
		// 18.16 as current ones read executed_at from epoch seconds, whatever their time
		// zone
		this.writer.insertOutcome(
				"INSERT INTO " + this.table.name() + " (" + COLUMNS + ") VALUES (" + event.sequence() + ", "
						+ event.version() + ", " + SqlText.literal(event.name()) + ", "
						+ SqlText.literal(event.type().column()) + ", " + SqlText.literal(event.checksum()) + ", "
						+ event.statements() + ", " + event.statementsDone() + ", " + event.executionMillis() + ", "
						+ SqlText.literal(event.host()) + ", " + SqlText.literal(event.installedBy()) + ", "
						+ SqlText.literal(event.error()) + ", " + event.executedAt().getEpochSecond() + ")",
				"the " + event.type().column() + " row of migration " + event.version());
	}

}
