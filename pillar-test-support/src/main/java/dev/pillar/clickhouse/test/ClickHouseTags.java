package dev.pillar.clickhouse.test;

/**
 * The JUnit tags of the ClickHouse tests, which choose the server they run on. The parent
 * pom names them in its Failsafe executions: the default one runs every integration test
 * on the oldest server except {@link #CURRENT_SYNTAX}; execution
 * {@code clickhouse-current} runs the {@link #CLICKHOUSE} tests again on the current
 * server, except {@link #CLUSTER}, {@link #SERVER_RESTART} and
 * {@link #CONCURRENT_QUERIES}.
 */
public final class ClickHouseTags {

	/** Every test against a real ClickHouse ({@link ClickHouseTest} puts it on). */
	public static final String CLICKHOUSE = "clickhouse";

	/**
	 * Needs the test cluster (ZooKeeper and replicated servers): the oldest slot only.
	 */
	public static final String CLUSTER = "cluster";

	/** Restarts or crashes the throwaway server: the oldest slot only. */
	public static final String SERVER_RESTART = "server-restart";

	/** Needs queries running side by side, which the 26.7 front serialises. */
	public static final String CONCURRENT_QUERIES = "concurrent-queries";

	/** SQL that 18.16 does not parse: the current slot only. */
	public static final String CURRENT_SYNTAX = "current-syntax";

	private ClickHouseTags() {
	}

}
