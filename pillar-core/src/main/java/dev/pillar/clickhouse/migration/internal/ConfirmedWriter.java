package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes Pillar's own rows (lock and history) so that an answer means the row is there
 * for every instance, whatever data source Pillar migrates through: a
 * {@code @PillarDataSource}, the application's own, or one Pillar built. Each insert
 * carries, as settings of its own request (see {@link IdentifiedStatementSender}):
 * <ul>
 * <li>on a cluster, {@code insert_quorum}: every replica of Pillar's tables unless
 * configured (the start-up check refuses fewer), and an {@code insert_quorum_timeout}
 * bounded by the lease, so that a replica that does not fetch cannot hold a lock insert
 * for ClickHouse's default of 10 minutes;</li>
 * <li>{@code async_insert=0}, {@code wait_for_async_insert=1} where the server knows
 * them: a profile with asynchronous inserts would otherwise acknowledge a row before it
 * exists.</li>
 * </ul>
 * Whether the server knows them is learned once: from the start-up check on a cluster (a
 * request that happens anyway), else from the first insert, which a server that does not
 * know them (18.16) refuses as an unknown setting before running it, and which is then
 * sent again without them, as every later one.
 * <p>
 * It also remembers an outcome row that was not confirmed: the lock is then not released
 * (its lease runs out instead), so that no release becomes visible before the row it
 * follows.
 */
public final class ConfirmedWriter {

	private final IdentifiedStatementSender sender;

	private final boolean cluster;

	private final @Nullable Integer insertQuorum;

	private final Duration quorumTimeout;

	/** The quorum its inserts carry: 0 for none; -1 on a cluster until checked. */
	private volatile int quorum;

	/** Whether the server knows async_insert, once learned. */
	private volatile @Nullable Boolean synchronousKnown;

	/** Why the last outcome row was not confirmed, until the lock asks. */
	private volatile @Nullable String unconfirmed;

	/**
	 * @param jdbc the connection to ClickHouse
	 * @param cluster whether Pillar's tables are replicated on a cluster
	 * @param insertQuorum the quorum of every insert on a cluster, or {@code null} for
	 * every replica of Pillar's tables
	 * @param quorumTimeout how long an insert waits for its quorum
	 */
	public ConfirmedWriter(JdbcTemplate jdbc, boolean cluster, @Nullable Integer insertQuorum, Duration quorumTimeout) {
		this.sender = new IdentifiedStatementSender(jdbc);
		this.cluster = cluster;
		this.insertQuorum = insertQuorum;
		this.quorumTimeout = quorumTimeout;
		this.quorum = cluster ? -1 : 0;
	}

	/**
	 * Inserts a row, confirmed.
	 * @param sql the insert
	 */
	void insert(String sql) {
		Boolean known = this.synchronousKnown;
		try {
			this.sender.execute(sql, settings(!Boolean.FALSE.equals(known)));
			if (known == null) {
				this.synchronousKnown = true;
			}
		}
		catch (DataAccessException ex) {
			if (known != null || !ClickHouseErrors.isUnknownSetting(ex)) {
				throw ex;
			}
			this.synchronousKnown = false;
			this.sender.execute(sql, settings(false));
		}
	}

	/**
	 * Inserts an outcome row, confirmed; one that fails (or whose confirmation is
	 * unknown) is remembered, so that the lock is not released after it.
	 * @param sql the insert
	 * @param what the row, for the log
	 */
	void insertOutcome(String sql, String what) {
		try {
			insert(sql);
		}
		catch (RuntimeException ex) {
			this.unconfirmed = what + ": " + ClickHouseErrors.message(ex);
			throw ex;
		}
	}

	/**
	 * @return why an outcome row was not confirmed since the last call, or {@code null}
	 */
	@Nullable String takeUnconfirmed() {
		String reason = this.unconfirmed;
		this.unconfirmed = null;
		return reason;
	}

	/**
	 * @return whether the quorum is still to be checked against Pillar's tables
	 */
	boolean unchecked() {
		return this.quorum < 0;
	}

	/**
	 * @return the configured quorum, or {@code null} for every replica
	 */
	@Nullable Integer configuredQuorum() {
		return this.insertQuorum;
	}

	/**
	 * Runs the start-up check's query, with the configured quorum, so that it reads what
	 * the inserts will carry.
	 * @param sql the query, of one row
	 * @return the row, by column name
	 */
	Map<String, Object> query(String sql) {
		return this.sender.queryForMap(sql,
				(this.insertQuorum != null) ? Map.of("insert_quorum", Integer.toString(this.insertQuorum)) : Map.of());
	}

	/**
	 * @return whether the connection carries settings per statement (the ClickHouse
	 * driver's)
	 */
	boolean carriesSettings() {
		return this.sender.identifies();
	}

	/**
	 * Takes what the start-up check found.
	 * @param quorum the quorum of the inserts from now on
	 * @param synchronousKnown whether the server knows async_insert
	 */
	void checked(int quorum, boolean synchronousKnown) {
		this.quorum = quorum;
		this.synchronousKnown = synchronousKnown;
	}

	private Map<String, String> settings(boolean synchronous) {
		Map<String, String> settings = new LinkedHashMap<>();
		if (this.cluster && this.quorum > 0) {
			settings.put("insert_quorum", Integer.toString(this.quorum));
			settings.put("insert_quorum_timeout", Long.toString(this.quorumTimeout.toMillis()));
		}
		if (synchronous) {
			settings.put("async_insert", "0");
			settings.put("wait_for_async_insert", "1");
		}
		return settings;
	}

}
