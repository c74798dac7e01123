package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.migration.internal.ConnectionNames;
import dev.pillar.clickhouse.migration.internal.SqlFileMigrationResolver;
import dev.pillar.clickhouse.migration.lock.MigrationLock;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * How a {@link PillarMigrator} is built and behaves, set fluently and then {@link #load()
 * loaded}: <pre class="code">
 * PillarMigrator migrator = PillarMigrator.configure()
 * 	.jdbc(jdbcTemplate)
 * 	.migrations(migrations)
 * 	.load();
 * </pre> The defaults are written here and nowhere else; the Spring Boot properties start
 * from the same values.
 */
public class PillarConfiguration {

	private @Nullable JdbcTemplate jdbc;

	private @Nullable Integer insertQuorum;

	private List<? extends Migration> migrations = List.of();

	private List<? extends JdbcMigration> jdbcMigrations = List.of();

	private List<String> locations = List.of(SqlFileMigrationResolver.DEFAULT_LOCATION);

	private ResourceLoader resourceLoader = new DefaultResourceLoader();

	private String table = "pillar_migrations";

	private boolean validateOnMigrate = true;

	private boolean outOfOrder;

	private @Nullable Long baselineVersion;

	private @Nullable String installedBy;

	private @Nullable String databaseUser;

	private Duration lockLease = Duration.ofSeconds(60);

	private Duration lockWaitTimeout = Duration.ofMinutes(10);

	private int retryAttempts;

	private Duration retryBackoff = Duration.ofSeconds(1);

	private Duration mutationTimeout = Duration.ofHours(1);

	private boolean recover = true;

	private Duration recoveryWait = Duration.ofMinutes(10);

	private boolean recoveryKillRunning;

	private @Nullable String cluster;

	private Map<String, String> placeholders = Map.of();

	private List<String> placeholdersToMask = List.of();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private List<MigrationListener> listeners = List.of();

	private @Nullable MigrationLock lock;

	/** Creates a configuration with the defaults. */
	public PillarConfiguration() {
	}

	/**
	 * Copies a configuration.
	 * @param other the configuration to copy
	 */
	public PillarConfiguration(PillarConfiguration other) {
		this.jdbc = other.jdbc;
		this.insertQuorum = other.insertQuorum;
		this.migrations = other.migrations;
		this.jdbcMigrations = other.jdbcMigrations;
		this.locations = other.locations;
		this.resourceLoader = other.resourceLoader;
		this.table = other.table;
		this.validateOnMigrate = other.validateOnMigrate;
		this.outOfOrder = other.outOfOrder;
		this.baselineVersion = other.baselineVersion;
		this.installedBy = other.installedBy;
		this.databaseUser = other.databaseUser;
		this.lockLease = other.lockLease;
		this.lockWaitTimeout = other.lockWaitTimeout;
		this.retryAttempts = other.retryAttempts;
		this.retryBackoff = other.retryBackoff;
		this.mutationTimeout = other.mutationTimeout;
		this.recover = other.recover;
		this.recoveryWait = other.recoveryWait;
		this.recoveryKillRunning = other.recoveryKillRunning;
		this.cluster = other.cluster;
		this.placeholders = other.placeholders;
		this.placeholdersToMask = other.placeholdersToMask;
		this.observationRegistry = other.observationRegistry;
		this.listeners = other.listeners;
		this.lock = other.lock;
	}

	/**
	 * Builds the migrator.
	 * @return the migrator
	 * @throws PillarException when a migration is invalid or two share a version
	 * @throws IllegalStateException when no {@link #jdbc(JdbcTemplate) connection} is set
	 */
	public PillarMigrator load() {
		return new PillarMigrator(this);
	}

	/**
	 * The connection to ClickHouse; its query timeout applies to every statement.
	 * @param jdbc the connection
	 * @return this configuration
	 */
	public PillarConfiguration jdbc(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
		return this;
	}

	/**
	 * With a cluster: how many replicas must confirm each history and lock row
	 * ({@code insert_quorum}, sent with each of them). Unset, every replica of Pillar's
	 * tables; a value below that is refused before the first lock attempt.
	 * @param insertQuorum the quorum, or {@code null} for every replica
	 * @return this configuration
	 */
	public PillarConfiguration insertQuorum(@Nullable Integer insertQuorum) {
		this.insertQuorum = insertQuorum;
		return this;
	}

	/**
	 * The migrations, each annotated with {@link ClickHouseMigration} (or
	 * {@link ResolvedMigration} instances), in any order.
	 * @param migrations the migrations
	 * @return this configuration
	 */
	public PillarConfiguration migrations(List<? extends Migration> migrations) {
		this.migrations = List.copyOf(migrations);
		return this;
	}

	/**
	 * The migrations that need the database while they run, each annotated with
	 * {@link ClickHouseMigration}, in any order: they join the others in one version
	 * order.
	 * @param jdbcMigrations the migrations
	 * @return this configuration
	 */
	public PillarConfiguration jdbcMigrations(List<? extends JdbcMigration> jdbcMigrations) {
		this.jdbcMigrations = List.copyOf(jdbcMigrations);
		return this;
	}

	/**
	 * Where migrations kept as SQL files are read: {@code classpath:} or
	 * {@code filesystem:} locations (no prefix means {@code classpath:}), searched with
	 * their subdirectories for {@code V<yyyyMMddHHmmss>__<name>.sql} files, each with an
	 * optional {@code U<yyyyMMddHHmmss>__<name>.sql} that undoes it. They join the
	 * {@link #migrations(List) migrations in code} in one version order. By default
	 * {@code classpath:db/clickhouse}.
	 * @param locations the locations; none to read no files
	 * @return this configuration
	 */
	public PillarConfiguration locations(List<String> locations) {
		this.locations = List.copyOf(locations);
		return this;
	}

	/**
	 * Loads {@code classpath:} locations: the application's, so that its class loader is
	 * searched.
	 * @param resourceLoader the loader
	 * @return this configuration
	 */
	public PillarConfiguration resourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
		return this;
	}

	/**
	 * The history table, optionally {@code database.table}; the lock table is its name
	 * with {@code _lock} appended.
	 * @param table the table name
	 * @return this configuration
	 */
	public PillarConfiguration table(String table) {
		this.table = table;
		return this;
	}

	/**
	 * Whether an applied migration whose statements changed since stops a migrate.
	 * @param validateOnMigrate whether to validate
	 * @return this configuration
	 */
	public PillarConfiguration validateOnMigrate(boolean validateOnMigrate) {
		this.validateOnMigrate = validateOnMigrate;
		return this;
	}

	/**
	 * Whether a pending migration older than the current version may be applied.
	 * @param outOfOrder whether to allow it
	 * @return this configuration
	 */
	public PillarConfiguration outOfOrder(boolean outOfOrder) {
		this.outOfOrder = outOfOrder;
		return this;
	}

	/**
	 * Adopts an existing database on the first migrate: when the history has no row at
	 * all, {@link PillarMigrator#migrate() migrate} first records every migration up to
	 * this version as applied without running it, under the lock, then applies the rest.
	 * A history that has any row (also one whose migrations were all rolled back) is
	 * never baselined.
	 * @param baselineVersion the newest migration the database already has, or
	 * {@code null} for none
	 * @return this configuration
	 */
	public PillarConfiguration baselineVersion(@Nullable Long baselineVersion) {
		this.baselineVersion = baselineVersion;
		return this;
	}

	/**
	 * Who runs the operations that name no requester (start-up, the command line, calls
	 * of the migrator's methods), as the history's {@code installed_by} records it; the
	 * migrator made by {@link PillarMigrator#requestedBy(String)} names its own. Unset,
	 * this process's OS user and host, such as {@code deploy@web-1}.
	 * @param installedBy who
	 * @return this configuration
	 */
	public PillarConfiguration installedBy(String installedBy) {
		this.installedBy = installedBy;
		return this;
	}

	/**
	 * The ClickHouse user that the connection logs in as, recorded in
	 * {@code installed_by} after who asked, as in
	 * {@code alice (ClickHouse user migrator)}. Unset, only who asked is recorded.
	 * @param databaseUser the ClickHouse user, or {@code null}
	 * @return this configuration
	 */
	public PillarConfiguration databaseUser(@Nullable String databaseUser) {
		this.databaseUser = databaseUser;
		return this;
	}

	/**
	 * How long a lock holder that stops renewing (a crashed instance) keeps the lock;
	 * history writes wait for ClickHouse for up to a third of it.
	 * @param lockLease the lease
	 * @return this configuration
	 */
	public PillarConfiguration lockLease(Duration lockLease) {
		this.lockLease = lockLease;
		return this;
	}

	/**
	 * How long to wait for the lock held by another instance.
	 * @param lockWaitTimeout the timeout
	 * @return this configuration
	 */
	public PillarConfiguration lockWaitTimeout(Duration lockWaitTimeout) {
		this.lockWaitTimeout = lockWaitTimeout;
		return this;
	}

	/**
	 * How many times to retry a statement that surely did not run: its connection was
	 * refused, or its answer was lost and the server's query log shows it never ran.
	 * Never one the log shows finished or cannot decide, never an error ClickHouse
	 * returned.
	 * @param retryAttempts how many retries; 0 for none
	 * @return this configuration
	 */
	public PillarConfiguration retryAttempts(int retryAttempts) {
		this.retryAttempts = retryAttempts;
		return this;
	}

	/**
	 * The pause before the first retry, doubled for each further one.
	 * @param retryBackoff the pause
	 * @return this configuration
	 */
	public PillarConfiguration retryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
		return this;
	}

	/**
	 * How long a statement waits for the mutations it starts
	 * ({@code ALTER TABLE … UPDATE}, {@code DELETE}, {@code MODIFY COLUMN}, …), which
	 * ClickHouse runs in the background: the statement is done only when they are, and
	 * fails when one fails or is still running after this long.
	 * @param mutationTimeout the timeout
	 * @return this configuration
	 */
	public PillarConfiguration mutationTimeout(Duration mutationTimeout) {
		this.mutationTimeout = mutationTimeout;
		return this;
	}

	/**
	 * Whether a migration left unfinished by an instance that died holding the lock is
	 * completed from what the server recorded of its statements (their query ids in
	 * {@code system.query_log}) when that record decides each of them; otherwise, and
	 * when it cannot decide, the migration is recorded as interrupted and waits for a
	 * resume naming a statement.
	 * @param recover whether to recover
	 * @return this configuration
	 */
	public PillarConfiguration recover(boolean recover) {
		this.recover = recover;
		return this;
	}

	/**
	 * How long recovery waits for the statements of an instance that died which the
	 * server still runs, before it gives up and records the migration as interrupted.
	 * @param recoveryWait the wait
	 * @return this configuration
	 */
	public PillarConfiguration recoveryWait(Duration recoveryWait) {
		this.recoveryWait = recoveryWait;
		return this;
	}

	/**
	 * Whether recovery kills ({@code KILL QUERY}) the statements of an instance that died
	 * which the server still runs, instead of waiting for them.
	 * @param recoveryKillRunning whether to kill them
	 * @return this configuration
	 */
	public PillarConfiguration recoveryKillRunning(boolean recoveryKillRunning) {
		this.recoveryKillRunning = recoveryKillRunning;
		return this;
	}

	/**
	 * The ClickHouse cluster whose replicas share the history (tables created
	 * {@code ON CLUSTER} with replicated engines); unset for a single server.
	 * @param cluster the cluster's name, or {@code null}
	 * @return this configuration
	 */
	public PillarConfiguration cluster(@Nullable String cluster) {
		this.cluster = cluster;
		return this;
	}

	/**
	 * Values for {@code {name}} placeholders in migration statements; {@code {cluster}}
	 * is the cluster's name unless given.
	 * @param placeholders the values
	 * @return this configuration
	 */
	public PillarConfiguration placeholders(Map<String, String> placeholders) {
		this.placeholders = Map.copyOf(placeholders);
		return this;
	}

	/**
	 * More names that mark a placeholder as secret, besides
	 * {@link SecretRedactor#SECRET_NAMES}: a placeholder whose name contains one (in any
	 * case) has its value masked wherever Pillar shows a statement or a message.
	 * @param names the names
	 * @return this configuration
	 */
	public PillarConfiguration placeholdersToMask(Collection<String> names) {
		this.placeholdersToMask = List.copyOf(names);
		return this;
	}

	/**
	 * Where each migration is observed: one observation a migration, one event a
	 * statement.
	 * @param observationRegistry the registry
	 * @return this configuration
	 */
	public PillarConfiguration observationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
		return this;
	}

	/**
	 * Told what ran.
	 * @param listeners the listeners
	 * @return this configuration
	 */
	public PillarConfiguration listeners(List<MigrationListener> listeners) {
		this.listeners = List.copyOf(listeners);
		return this;
	}

	/**
	 * The lock that write operations run under. Unset, a lease kept in ClickHouse in the
	 * {@link #getLockTable() lock table}.
	 * @param lock the lock
	 * @return this configuration
	 */
	public PillarConfiguration lock(MigrationLock lock) {
		this.lock = lock;
		return this;
	}

	/**
	 * @return the connection to ClickHouse
	 */
	public JdbcTemplate getJdbc() {
		Assert.state(this.jdbc != null, "No connection to ClickHouse: set one with jdbc(JdbcTemplate)");
		return this.jdbc;
	}

	/**
	 * @return the insert quorum of history and lock rows on a cluster, or {@code null}
	 * for every replica of Pillar's tables
	 */
	public @Nullable Integer getInsertQuorum() {
		return this.insertQuorum;
	}

	/**
	 * @return the migrations
	 */
	public List<? extends Migration> getMigrations() {
		return this.migrations;
	}

	/**
	 * @return the migrations that need the database while they run
	 */
	public List<? extends JdbcMigration> getJdbcMigrations() {
		return this.jdbcMigrations;
	}

	/**
	 * @return where SQL migration files are read
	 */
	public List<String> getLocations() {
		return this.locations;
	}

	/**
	 * @return what loads {@code classpath:} locations
	 */
	public ResourceLoader getResourceLoader() {
		return this.resourceLoader;
	}

	/**
	 * @return the history table
	 */
	public String getTable() {
		return this.table;
	}

	/**
	 * @return the lock table: the history table's name with {@code _lock} appended
	 */
	public String getLockTable() {
		return this.table + "_lock";
	}

	/**
	 * @return whether a changed applied migration stops a migrate
	 */
	public boolean isValidateOnMigrate() {
		return this.validateOnMigrate;
	}

	/**
	 * @return whether pending migrations older than the current version may be applied
	 */
	public boolean isOutOfOrder() {
		return this.outOfOrder;
	}

	/**
	 * @return the version a migrate baselines at when the history has no row, or
	 * {@code null}
	 */
	public @Nullable Long getBaselineVersion() {
		return this.baselineVersion;
	}

	/**
	 * @return who runs the operations that name no requester: as set, or this process's
	 * OS user and host
	 */
	public String getInstalledBy() {
		return (this.installedBy != null) ? this.installedBy : ConnectionNames.processUser();
	}

	/**
	 * @return the ClickHouse user recorded with who asked, or {@code null}
	 */
	public @Nullable String getDatabaseUser() {
		return this.databaseUser;
	}

	/**
	 * @return the lock lease
	 */
	public Duration getLockLease() {
		return this.lockLease;
	}

	/**
	 * @return how long to wait for the lock
	 */
	public Duration getLockWaitTimeout() {
		return this.lockWaitTimeout;
	}

	/**
	 * @return how many retries of a statement that surely did not run
	 */
	public int getRetryAttempts() {
		return this.retryAttempts;
	}

	/**
	 * @return the pause before the first retry
	 */
	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	/**
	 * @return how long a statement waits for the mutations it starts
	 */
	public Duration getMutationTimeout() {
		return this.mutationTimeout;
	}

	/**
	 * @return whether an interrupted migration is completed from the server's record
	 */
	public boolean isRecover() {
		return this.recover;
	}

	/**
	 * @return how long recovery waits for a dead instance's statements still running
	 */
	public Duration getRecoveryWait() {
		return this.recoveryWait;
	}

	/**
	 * @return whether recovery kills a dead instance's statements still running
	 */
	public boolean isRecoveryKillRunning() {
		return this.recoveryKillRunning;
	}

	/**
	 * @return the cluster, or {@code null} for a single server
	 */
	public @Nullable String getCluster() {
		return this.cluster;
	}

	/**
	 * @return the placeholders as given
	 */
	public Map<String, String> getPlaceholders() {
		return this.placeholders;
	}

	/**
	 * @return the placeholders with {@code cluster} added when a cluster is set and it is
	 * not given
	 */
	public Map<String, String> getResolvedPlaceholders() {
		if (this.cluster == null || this.placeholders.containsKey("cluster")) {
			return this.placeholders;
		}
		Map<String, String> all = new LinkedHashMap<>(this.placeholders);
		all.put("cluster", this.cluster);
		return all;
	}

	/**
	 * @return the names that mark a placeholder as secret, besides
	 * {@link SecretRedactor#SECRET_NAMES}
	 */
	public List<String> getPlaceholdersToMask() {
		return this.placeholdersToMask;
	}

	/**
	 * @return what masks the secrets of this configuration (its secret placeholders'
	 * values, its data source's password and URL credentials) in what Pillar shows
	 */
	public SecretRedactor getSecretRedactor() {
		return SecretRedactor.of(getResolvedPlaceholders(), this.placeholdersToMask,
				(this.jdbc != null) ? this.jdbc.getDataSource() : null);
	}

	/**
	 * @return where migrations are observed
	 */
	public ObservationRegistry getObservationRegistry() {
		return this.observationRegistry;
	}

	/**
	 * @return the listeners
	 */
	public List<MigrationListener> getListeners() {
		return this.listeners;
	}

	/**
	 * @return the lock set with {@link #lock(MigrationLock)}, or {@code null} for the
	 * default one
	 */
	public @Nullable MigrationLock getLock() {
		return this.lock;
	}

}
