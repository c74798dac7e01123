package dev.pillar.clickhouse.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for Pillar's ClickHouse migrations.
 */
@ConfigurationProperties("pillar.clickhouse")
public class PillarProperties {

	/**
	 * Whether to enable Pillar's ClickHouse migrations.
	 */
	private boolean enabled = true;

	/**
	 * JDBC URL of the ClickHouse server to migrate, e.g.
	 * jdbc:clickhouse://localhost:8123/default. Not needed when a DataSource bean is
	 * qualified with @PillarDataSource.
	 */
	private @Nullable String url;

	/**
	 * Login user of the ClickHouse server.
	 */
	private @Nullable String username;

	/**
	 * Login password of the ClickHouse server.
	 */
	private @Nullable String password;

	/**
	 * Database to migrate, on the connection Pillar builds (from the url or a service
	 * connection): it replaces the database named in the URL.
	 */
	private @Nullable String database;

	/**
	 * Who the history records for start-up and the command line (the endpoint records the
	 * authenticated principal). Defaults to this process's OS user and host, e.g.
	 * deploy@web-1.
	 */
	private @Nullable String installedBy;

	/**
	 * Locations of migrations kept as SQL files, searched with their subdirectories:
	 * 'classpath:' or 'filesystem:' (no prefix means 'classpath:'). Each
	 * V<yyyyMMddHHmmss>__<name>.sql file is a migration, undone by an optional
	 * U<yyyyMMddHHmmss>__<name>.sql; they join the Migration beans in one version order.
	 */
	private List<String> locations = new ArrayList<>(List.of("classpath:db/clickhouse"));

	/**
	 * Name of the table that records the history of migrations.
	 */
	private String table = "pillar_migrations";

	/**
	 * Whether to apply pending migrations when the application starts.
	 */
	private boolean migrateOnStartup = true;

	/**
	 * Whether to refuse to migrate when an applied migration's up statements changed
	 * since it was applied.
	 */
	private boolean validateOnMigrate = true;

	/**
	 * Whether to apply pending migrations whose version is older than the current
	 * version.
	 */
	private boolean outOfOrder;

	/**
	 * Time to wait for a connection to ClickHouse.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Longest time one statement may run, enforced by the server (max_execution_time) and
	 * the driver.
	 */
	private Duration queryTimeout = Duration.ofMinutes(5);

	/**
	 * Version of the newest migration whose schema an existing database already has: when
	 * a migrate finds the history without any row (decided under the lock), migrations up
	 * to it are recorded as applied without running. A history with rows, even only of
	 * rolled-back migrations, is never baselined.
	 */
	private @Nullable Long baselineVersion;

	/**
	 * Name of the ClickHouse cluster whose replicas share the history: Pillar's tables
	 * are then created ON CLUSTER with replicated engines, and {cluster} in migration
	 * statements is replaced by it.
	 */
	private @Nullable String cluster;

	/**
	 * Values for {name} placeholders in migration statements.
	 */
	private Map<String, String> placeholders = new LinkedHashMap<>();

	/**
	 * More names that mark a placeholder as secret: a placeholder whose name contains one
	 * of these (in any case), or password, secret, key, token or credential, has its
	 * value masked wherever a statement or message is shown.
	 */
	private List<String> placeholdersToMask = new ArrayList<>();

	/**
	 * With a cluster: how many replicas must confirm each history and lock row
	 * (insert_quorum, sent with each of them, whatever the data source). Unset, every
	 * replica of Pillar's tables; a lower value is refused before the first lock attempt.
	 */
	private @Nullable Integer insertQuorum;

	/**
	 * With a cluster: how long an ON CLUSTER statement waits for every host
	 * (distributed_ddl_task_timeout).
	 */
	private Duration distributedDdlTaskTimeout = Duration.ofSeconds(180);

	/**
	 * Longest time a statement waits for the mutations it starts (ALTER TABLE ... UPDATE,
	 * DELETE, MODIFY COLUMN, MATERIALIZE, CLEAR), which ClickHouse runs in the
	 * background: the statement fails when one fails or still runs after this long.
	 */
	private Duration mutationTimeout = Duration.ofHours(1);

	private final Lock lock = new Lock();

	private final Retry retry = new Retry();

	private final Recovery recovery = new Recovery();

	private final Health health = new Health();

	/**
	 * Further properties for the ClickHouse JDBC driver: client options, or server
	 * settings prefixed with 'clickhouse_setting_'.
	 */
	private Map<String, String> properties = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getDatabase() {
		return this.database;
	}

	public void setDatabase(@Nullable String database) {
		this.database = database;
	}

	public @Nullable String getInstalledBy() {
		return this.installedBy;
	}

	public void setInstalledBy(@Nullable String installedBy) {
		this.installedBy = installedBy;
	}

	public String getTable() {
		return this.table;
	}

	public void setTable(String table) {
		this.table = table;
	}

	public boolean isMigrateOnStartup() {
		return this.migrateOnStartup;
	}

	public void setMigrateOnStartup(boolean migrateOnStartup) {
		this.migrateOnStartup = migrateOnStartup;
	}

	public boolean isValidateOnMigrate() {
		return this.validateOnMigrate;
	}

	public void setValidateOnMigrate(boolean validateOnMigrate) {
		this.validateOnMigrate = validateOnMigrate;
	}

	public boolean isOutOfOrder() {
		return this.outOfOrder;
	}

	public void setOutOfOrder(boolean outOfOrder) {
		this.outOfOrder = outOfOrder;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getQueryTimeout() {
		return this.queryTimeout;
	}

	public void setQueryTimeout(Duration queryTimeout) {
		this.queryTimeout = queryTimeout;
	}

	public @Nullable Long getBaselineVersion() {
		return this.baselineVersion;
	}

	public void setBaselineVersion(@Nullable Long baselineVersion) {
		this.baselineVersion = baselineVersion;
	}

	public @Nullable String getCluster() {
		return this.cluster;
	}

	public void setCluster(@Nullable String cluster) {
		this.cluster = cluster;
	}

	public List<String> getLocations() {
		return this.locations;
	}

	public void setLocations(List<String> locations) {
		this.locations = locations;
	}

	public Map<String, String> getPlaceholders() {
		return this.placeholders;
	}

	public void setPlaceholders(Map<String, String> placeholders) {
		this.placeholders = placeholders;
	}

	public List<String> getPlaceholdersToMask() {
		return this.placeholdersToMask;
	}

	public void setPlaceholdersToMask(List<String> placeholdersToMask) {
		this.placeholdersToMask = placeholdersToMask;
	}

	public @Nullable Integer getInsertQuorum() {
		return this.insertQuorum;
	}

	public void setInsertQuorum(@Nullable Integer insertQuorum) {
		this.insertQuorum = insertQuorum;
	}

	public Duration getDistributedDdlTaskTimeout() {
		return this.distributedDdlTaskTimeout;
	}

	public void setDistributedDdlTaskTimeout(Duration distributedDdlTaskTimeout) {
		this.distributedDdlTaskTimeout = distributedDdlTaskTimeout;
	}

	public Duration getMutationTimeout() {
		return this.mutationTimeout;
	}

	public void setMutationTimeout(Duration mutationTimeout) {
		this.mutationTimeout = mutationTimeout;
	}

	public Lock getLock() {
		return this.lock;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Recovery getRecovery() {
		return this.recovery;
	}

	public Health getHealth() {
		return this.health;
	}

	public Map<String, String> getProperties() {
		return this.properties;
	}

	public void setProperties(Map<String, String> properties) {
		this.properties = properties;
	}

	/**
	 * The lock that keeps instances booting at once from migrating together.
	 */
	public static class Lock {

		/**
		 * How long a holder that stops renewing its lease (a crashed instance) keeps the
		 * lock; at least 2 s. A holder that could not renew it for half of it stops
		 * before its next statement.
		 */
		private Duration lease = Duration.ofSeconds(60);

		/**
		 * How long to wait for the lock while another instance migrates.
		 */
		private Duration waitTimeout = Duration.ofMinutes(10);

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public Duration getWaitTimeout() {
			return this.waitTimeout;
		}

		public void setWaitTimeout(Duration waitTimeout) {
			this.waitTimeout = waitTimeout;
		}

	}

	/**
	 * Retries of a statement that surely did not run: its connection was refused, or its
	 * answer was lost and the server's query log shows it never ran; never of one the log
	 * shows finished or cannot decide, nor of an error ClickHouse returned.
	 */
	public static class Retry {

		/**
		 * How many times to retry such a statement; 0 disables retries.
		 */
		private int attempts;

		/**
		 * Pause before the first retry, doubled for each further one.
		 */
		private Duration backoff = Duration.ofSeconds(1);

		public int getAttempts() {
			return this.attempts;
		}

		public void setAttempts(int attempts) {
			this.attempts = attempts;
		}

		public Duration getBackoff() {
			return this.backoff;
		}

		public void setBackoff(Duration backoff) {
			this.backoff = backoff;
		}

	}

	/**
	 * Completing a migration left unfinished by an instance that died holding the lock,
	 * from what the server recorded of its statements.
	 */
	public static class Recovery {

		/**
		 * Whether to complete such a migration from the server's query log when it
		 * decides every statement; otherwise it is recorded as interrupted and waits for
		 * a resume naming a statement.
		 */
		private boolean enabled = true;

		/**
		 * How long to wait for the dead instance's statements that the server still runs.
		 * Defaults to the query timeout.
		 */
		private @Nullable Duration wait;

		/**
		 * Whether to kill the dead instance's statements that the server still runs
		 * instead of waiting for them.
		 */
		private boolean killRunning;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getWait() {
			return this.wait;
		}

		public void setWait(@Nullable Duration wait) {
			this.wait = wait;
		}

		public boolean isKillRunning() {
			return this.killRunning;
		}

		public void setKillRunning(boolean killRunning) {
			this.killRunning = killRunning;
		}

	}

	/**
	 * The pillar health indicator.
	 */
	public static class Health {

		/**
		 * Health status to report while migrations are pending and migrate-on-startup is
		 * off.
		 */
		private String pendingStatus = "OUT_OF_SERVICE";

		public String getPendingStatus() {
			return this.pendingStatus;
		}

		public void setPendingStatus(String pendingStatus) {
			this.pendingStatus = pendingStatus;
		}

	}

}
