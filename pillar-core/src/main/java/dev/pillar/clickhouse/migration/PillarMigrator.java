package dev.pillar.clickhouse.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.pillar.clickhouse.migration.internal.BaselineOperation;
import dev.pillar.clickhouse.migration.internal.ClickHouseFailures;
import dev.pillar.clickhouse.migration.internal.ClickHouseMigrationLock;
import dev.pillar.clickhouse.migration.internal.ClusterReplicas;
import dev.pillar.clickhouse.migration.internal.ConfirmedWriter;
import dev.pillar.clickhouse.migration.internal.ConnectionNames;
import dev.pillar.clickhouse.migration.internal.ConnectionScope;
import dev.pillar.clickhouse.migration.internal.HistoryRecorder;
import dev.pillar.clickhouse.migration.internal.LockedOperationRunner;
import dev.pillar.clickhouse.migration.internal.MigrateOperation;
import dev.pillar.clickhouse.migration.internal.MigrationExecutor;
import dev.pillar.clickhouse.migration.internal.MigrationHistory;
import dev.pillar.clickhouse.migration.internal.MigrationListeners;
import dev.pillar.clickhouse.migration.internal.MigrationPlan;
import dev.pillar.clickhouse.migration.internal.MigrationResolver;
import dev.pillar.clickhouse.migration.internal.MutationWaitingStatementRunner;
import dev.pillar.clickhouse.migration.internal.PlanReader;
import dev.pillar.clickhouse.migration.internal.QueryLogRecovery;
import dev.pillar.clickhouse.migration.internal.RepairOperation;
import dev.pillar.clickhouse.migration.internal.ResumeOperation;
import dev.pillar.clickhouse.migration.internal.RetryingStatementRunner;
import dev.pillar.clickhouse.migration.internal.RollbackOperation;
import dev.pillar.clickhouse.migration.internal.RunningStatementTracker;
import dev.pillar.clickhouse.migration.internal.SqlFileMigrationResolver;
import dev.pillar.clickhouse.migration.internal.StatementQueryIds;
import dev.pillar.clickhouse.migration.internal.WriteOperation;
import dev.pillar.clickhouse.migration.lock.MigrationLock;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applies and rolls back {@link Migration migrations} against ClickHouse and reports
 * their status. Build one with {@link #configure()}.
 * <p>
 * Every operation that writes runs under a {@link MigrationLock}, so several instances
 * booting at once apply each migration once, and reads the history only once it holds the
 * lock. Progress is recorded per statement: a migration that stops part-way is
 * {@link MigrationState#FAILED} with the number of statements that ran (or
 * {@link MigrationState#INTERRUPTED} when its instance died, as far as the lock kept its
 * progress), and can be {@link #resume() resumed} or {@link #repair() repaired}. Each
 * operation is handed to a collaborator of its own.
 */
public class PillarMigrator {

	private static final Log logger = LogFactory.getLog(PillarMigrator.class);

	private final PillarConfiguration configuration;

	private final List<ResolvedMigration> migrations;

	private final PlanReader plans;

	private final LockedOperationRunner runner;

	private final MigrationExecutor executor;

	private final HistoryRecorder recorder;

	private final MigrateOperation migrate;

	private final MigrationHistory history;

	private final @Nullable ClusterReplicas replicas;

	private final SecretRedactor redactor;

	private final RunningStatementTracker running;

	// one operation at a time, also with the migrators made by requestedBy
	private final Object monitor;

	/**
	 * Creates a migrator.
	 * @param configuration how (it is copied: changing it afterwards changes nothing
	 * here)
	 * @throws PillarException when a migration is invalid or two share a version
	 */
	public PillarMigrator(PillarConfiguration configuration) {
		PillarConfiguration config = new PillarConfiguration(configuration);
		JdbcTemplate jdbc = config.getJdbc();
		StatementQueryIds queryIds = new StatementQueryIds();
		this.configuration = config;
		this.running = new RunningStatementTracker();
		this.monitor = new Object();
		List<Migration> all = new ArrayList<>(config.getMigrations());
		all.addAll(new SqlFileMigrationResolver(config.getResourceLoader()).resolve(config.getLocations()));
		this.migrations = new MigrationResolver(config.getResolvedPlaceholders()).resolve(all,
				config.getJdbcMigrations());
		// quorum inserts wait for their confirmation for a quarter of the lease at most
		ConfirmedWriter writer = new ConfirmedWriter(jdbc, config.getCluster() != null, config.getInsertQuorum(),
				config.getLockLease().dividedBy(4));
		this.history = new MigrationHistory(jdbc, writer, config.getTable(), config.getCluster());
		MigrationLock lock = (config.getLock() != null) ? config.getLock()
				: new ClickHouseMigrationLock(jdbc, writer, config.getLockTable(), config.getCluster(),
						() -> ProcessHandle.current().pid() + "@" + ConnectionNames.localHost(), config.getLockLease(),
						config.getLockWaitTimeout());
		this.replicas = (config.getCluster() != null) ? new ClusterReplicas(jdbc, config.getCluster()) : null;
		this.redactor = config.getSecretRedactor();
		ClickHouseFailures failures = new ClickHouseFailures(ConnectionNames.target(jdbc.getDataSource()),
				config.getTable(), config.getLockTable(), config.getCluster(), this.replicas, this.redactor);
		MigrationListeners listeners = new MigrationListeners(config.getListeners());
		this.plans = new PlanReader(this.migrations, this.history, lock, failures, listeners);
		// history writes wait for ClickHouse for a third of the lease, while the lock
		// surely still holds
		this.recorder = new HistoryRecorder(this.history, config.getLockLease().dividedBy(3), failures,
				() -> ConnectionNames.installedBy(config.getInstalledBy(), config.getDatabaseUser()));
		this.executor = new MigrationExecutor(this.recorder,
				new MutationWaitingStatementRunner(
						new RetryingStatementRunner(jdbc, this.replicas, queryIds, config.getRetryAttempts(),
								config.getRetryBackoff(), config.getRecoveryWait()),
						jdbc, this.replicas, config.getMutationTimeout(), this.running),
				this.running, queryIds, jdbc, config.getResolvedPlaceholders(), failures,
				config.getObservationRegistry(), listeners);
		QueryLogRecovery recovery = config.isRecover()
				? new QueryLogRecovery(jdbc, this.replicas, config.getRecoveryWait(), config.isRecoveryKillRunning())
				: null;
		this.runner = new LockedOperationRunner(this.plans, lock, failures, this.executor, this.recorder, recovery,
				new ConnectionScope(jdbc));
		this.migrate = migrateOperation();
	}

	private PillarMigrator(PillarMigrator base, HistoryRecorder recorder) {
		this.configuration = base.configuration;
		this.migrations = base.migrations;
		this.plans = base.plans;
		this.runner = base.runner;
		this.history = base.history;
		this.replicas = base.replicas;
		this.redactor = base.redactor;
		this.running = base.running;
		this.monitor = base.monitor;
		this.recorder = recorder;
		this.executor = base.executor.recordingWith(recorder);
		this.migrate = migrateOperation();
	}

	private MigrateOperation migrateOperation() {
		return new MigrateOperation(this.executor, this.recorder, this.plans, this.configuration.isValidateOnMigrate(),
				this.configuration.isOutOfOrder(), this.configuration.getBaselineVersion());
	}

	/**
	 * Starts a configuration with the defaults.
	 * @return the configuration; {@link PillarConfiguration#load()} builds the migrator
	 */
	public static PillarConfiguration configure() {
		return new PillarConfiguration();
	}

	/**
	 * @return how it was configured (a copy: changing it changes nothing)
	 */
	public PillarConfiguration configuration() {
		return new PillarConfiguration(this.configuration);
	}

	/**
	 * @return the migrations in code and in SQL files, oldest first, their placeholders
	 * filled (secrets too: show their statements through {@link #redactor()})
	 */
	public List<ResolvedMigration> migrations() {
		return this.migrations;
	}

	/**
	 * Applies every pending migration, oldest first. With a
	 * {@link PillarConfiguration#baselineVersion(Long) baseline version} and a history
	 * that has no row, first records the migrations up to it as applied without running
	 * them (decided under the lock).
	 * @return what ran (the baselined migrations first, as runs of no statement),
	 * possibly nothing
	 * @throws PillarException when validation fails or the history holds a failure;
	 * nothing runs then
	 * @throws MigrationFailedException when ClickHouse refuses a statement; the
	 * migrations before it stay applied
	 */
	public List<MigrationRun> migrate() {
		synchronized (this.monitor) {
			MigrationPlan current = this.plans.read();
			if (upToDate(this.migrate, current)) {
				// the common start-up case costs one query and no lock; a migrator that
				// races us finds out under it
				logger.debug("ClickHouse schema is up to date");
				this.plans.report(current);
				return List.of();
			}
			return run(this.migrate);
		}
	}

	/**
	 * Rolls back the newest applied migrations, newest first, running their {@code down}
	 * statements.
	 * @param steps how many
	 * @return what ran
	 * @throws PillarException when {@code steps} cannot be honoured whole (nothing runs
	 * then)
	 * @throws MigrationFailedException when ClickHouse refuses a statement
	 */
	public List<MigrationRun> rollback(int steps) {
		return run(RollbackOperation.steps(this.executor, steps));
	}

	/**
	 * Rolls back every applied migration newer than a version, newest first.
	 * @param target the version to stand at afterwards ({@code 0} for none)
	 * @return what ran
	 * @throws PillarException when the target is not applied or nothing is newer (nothing
	 * runs then)
	 */
	public List<MigrationRun> rollbackTo(long target) {
		return run(RollbackOperation.to(this.executor, target));
	}

	/**
	 * Runs the rest of the migration that failed, from the statement after the last one
	 * that ran, with the statements now in code.
	 * @return what ran
	 * @throws PillarException when nothing failed, or the migration was interrupted (name
	 * the statement then)
	 */
	public List<MigrationRun> resume() {
		return run(new ResumeOperation(this.executor, null));
	}

	/**
	 * Runs the rest of the migration that failed or was interrupted, from a statement the
	 * operator names, with the statements now in code.
	 * @param fromStatement the first statement to run (1 for the first)
	 * @return what ran
	 * @throws PillarException when nothing failed or was interrupted, or the statement is
	 * out of range
	 */
	public List<MigrationRun> resume(int fromStatement) {
		return run(new ResumeOperation(this.executor, fromStatement));
	}

	/**
	 * Records that the operator dealt with what validation or a failure reported: a
	 * failed migration's partial effect was undone by hand (a failed {@code up} becomes
	 * pending, a failed {@code down} applied), and applied migrations whose statements
	 * changed are accepted with their new checksum. Runs no migration statement.
	 * @return the migrations it recorded, as runs of no statement
	 * @throws PillarException when there is nothing to repair
	 */
	public List<MigrationRun> repair() {
		return run(new RepairOperation(this.recorder));
	}

	/**
	 * Adopts an existing database: records every migration up to a version as applied
	 * without running it.
	 * @param version the newest migration the database already has
	 * @return the migrations recorded, as runs of no statement
	 * @throws PillarException when the history already has applied migrations or none is
	 * that old
	 */
	public List<MigrationRun> baseline(long version) {
		return run(new BaselineOperation(this.recorder, version));
	}

	/**
	 * Whether nothing is to do, read without the lock. A failed or interrupted migration
	 * is refused under the lock only: the holder that recorded it may have died
	 * completing it, and the lock's next holder completes it from the server's record.
	 */
	private static boolean upToDate(MigrateOperation operation, MigrationPlan plan) {
		try {
			return operation.upToDate(plan);
		}
		catch (PillarException ex) {
			if (ex.kind() == PillarException.Kind.FAILED_EARLIER) {
				return false;
			}
			throw ex;
		}
	}

	private List<MigrationRun> run(WriteOperation operation) {
		synchronized (this.monitor) {
			return this.runner.run(operation);
		}
	}

	/**
	 * The same migrator, recording someone else as who asked in the history's
	 * {@code installed_by} (the endpoint's principal, say). It shares this migrator's
	 * migrations, lock and history, and runs one operation at a time with it.
	 * @param who who asks
	 * @return the migrator that records them
	 */
	public PillarMigrator requestedBy(String who) {
		return new PillarMigrator(this,
				this.recorder.as(ConnectionNames.installedBy(who, this.configuration.getDatabaseUser())));
	}

	/**
	 * What {@link #migrate()} would run now, without running it.
	 * @return the migrations and their statements
	 */
	public List<PlannedMigration> planMigrate() {
		synchronized (this.monitor) {
			return planned(this.migrate.pending(this.plans.read()), MigrationDirection.UP);
		}
	}

	/**
	 * What {@link #rollback(int)} would run now, without running it.
	 * @param steps how many
	 * @return the migrations and their statements
	 */
	public List<PlannedMigration> planRollback(int steps) {
		synchronized (this.monitor) {
			return planned(this.plans.read().rollback(steps), MigrationDirection.DOWN);
		}
	}

	/**
	 * What {@link #rollbackTo(long)} would run now, without running it.
	 * @param target the version to stand at afterwards
	 * @return the migrations and their statements
	 */
	public List<PlannedMigration> planRollbackTo(long target) {
		synchronized (this.monitor) {
			return planned(this.plans.read().rollbackTo(target), MigrationDirection.DOWN);
		}
	}

	// a plan is shown (the endpoint, the command line): its secrets masked
	private List<PlannedMigration> planned(List<ResolvedMigration> migrations, MigrationDirection direction) {
		return migrations.stream()
			.map((migration) -> PlannedMigration.of(migration, direction, 0).redacted(this.redactor))
			.toList();
	}

	/**
	 * What masks the secrets in what this migrator shows: the values of placeholders
	 * named like a secret, the password and the URL's credentials. Its plans, failures
	 * and logs are masked already; a front end that shows {@link #migrations()} masks
	 * their statements with it.
	 * @return the redactor
	 */
	public SecretRedactor redactor() {
		return this.redactor;
	}

	/**
	 * Reads where every migration stands, in one query. Does not wait for a running
	 * operation.
	 * @return the status
	 */
	public MigrationStatus status() {
		return this.plans.status();
	}

	/**
	 * The statement this migrator runs now, and the mutations it waits for; read without
	 * waiting for the running operation.
	 * @return the statement, or empty when none runs
	 */
	public Optional<RunningStatement> running() {
		return Optional.ofNullable(this.running.current());
	}

	/**
	 * On a cluster, compares every replica with the history read here: is each reachable,
	 * does it hold the same history rows, and does it have the tables that the applied
	 * migrations create. Does not wait for a running operation.
	 * @return one report a replica, or an empty list on a single server
	 */
	public List<ReplicaReport> verifyCluster() {
		if (this.replicas == null) {
			return List.of();
		}
		MigrationPlan plan = this.plans.read();
		return this.replicas.verify(this.history.table(), plan.lastSequence(), plan.createdTables());
	}

}
