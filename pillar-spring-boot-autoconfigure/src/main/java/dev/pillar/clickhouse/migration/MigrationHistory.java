package dev.pillar.clickhouse.migration;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The history table in ClickHouse: an append-only log of {@link MigrationEvent events}. Written so that it runs on
 * ClickHouse 18.16 as on current releases: no {@code Bool}, {@code DateTime64}, {@code LowCardinality} or query
 * parameters.
 */
public final class MigrationHistory {

	private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	static final String COLUMNS = "sequence, version, name, event, checksum, statements, statements_done, "
			+ "execution_ms, host, installed_by, error, executed_at";

	private final JdbcTemplate jdbc;

	private final String table;

	/**
	 * Creates a history over a table.
	 * @param jdbc the connection to ClickHouse
	 * @param table the table name, optionally {@code database.table}
	 */
	public MigrationHistory(JdbcTemplate jdbc, String table) {
		if (!IDENTIFIER.matcher(table).matches()) {
			throw new PillarException("Invalid history table name '" + table + "'",
					"Set pillar.clickhouse.table to a plain identifier such as pillar_migrations.");
		}
		this.jdbc = jdbc;
		this.table = table;
	}

	/** @return the table name */
	public String table() {
		return this.table;
	}

	/** Creates the table unless it exists. */
	public void createIfMissing() {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + this.table + " (sequence UInt64, version UInt64, "
				+ "name String, event String, checksum String, statements UInt32, statements_done UInt32, "
				+ "execution_ms UInt64, host String, installed_by String, error String, executed_at DateTime) "
				+ "ENGINE = MergeTree ORDER BY sequence");
	}

	/**
	 * Reads the whole history in one query.
	 * @return every row, oldest first
	 */
	public List<MigrationEvent> read() {
		return this.jdbc.query("SELECT sequence, version, name, event, checksum, statements, statements_done, "
				+ "execution_ms, host, installed_by, error, toUInt32(executed_at) FROM " + this.table
				+ " ORDER BY sequence", (rs, row) -> new MigrationEvent(rs.getLong(1), rs.getLong(2), rs.getString(3),
						MigrationEventType.fromColumn(rs.getString(4)), rs.getString(5), rs.getInt(6), rs.getInt(7),
						rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11),
						Instant.ofEpochSecond(rs.getLong(12))));
	}

	/**
	 * Appends one row.
	 * @param event the row
	 */
	public void append(MigrationEvent event) {
		// INSERT ... SELECT lets executed_at be built from epoch seconds, which 18.16's VALUES parser refuses
		this.jdbc.update("INSERT INTO " + this.table + " (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
				+ "toDateTime(?)", event.sequence(), event.version(), event.name(), event.type().column(),
				event.checksum(), event.statements(), event.statementsDone(), event.executionMillis(), event.host(),
				event.installedBy(), event.error(), event.executedAt().getEpochSecond());
	}

}
