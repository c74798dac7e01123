package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.AbstractDriverBasedDataSource;

/**
 * Applies and rolls back {@link Migration migrations} against ClickHouse and reports their status.
 * <p>
 * Every operation that writes runs under a {@link MigrationLock}, so several instances booting at once apply each
 * migration once, and reads the history only once it holds the lock. Progress is recorded per statement: a
 * migration that stops part-way is {@link MigrationState#FAILED} with the number of statements that ran, and can be
 * {@link #resume() resumed} or {@link #repair() repaired}.
 */
public class PillarMigrator {

	private static final Log logger = LogFactory.getLog(PillarMigrator.class);

	private static final Pattern ERROR_CODE = Pattern.compile("Code: (\\d+)\\.");

	/** ClickHouse's codes for a refused login: UNKNOWN_USER, WRONG_PASSWORD, REQUIRED_PASSWORD, AUTHENTICATION_FAILED. */
	private static final Set<Integer> LOGIN_REFUSED = Set.of(192, 193, 194, 516);

	private static final Duration MAX_RECORD_PAUSE = Duration.ofSeconds(2);

	private final List<ResolvedMigration> migrations;

	private final MigratorSettings settings;

	private final MigrationHistory history;

	private final ClickHouseMigrationLock lock;

	private final StatementExecutor executor;

	private final ObservationRegistry observations;

	private final List<MigrationListener> listeners;

	private final String host = localHost();

	/** Where the history is, for messages: the JDBC URL without parameters or credentials, when known. */
	private final String target;

	private final @Nullable ClusterReplicas replicas;

	private volatile boolean historyReady;

	/**
	 * Creates a migrator with the lock in ClickHouse and no observation.
	 * @param jdbc the connection to ClickHouse (its query timeout applies to every statement)
	 * @param migrations the migrations, each annotated with {@link ClickHouseMigration}, in any order
	 * @param settings how it behaves
	 * @throws PillarException when a migration is invalid or two share a version
	 */
	public PillarMigrator(JdbcTemplate jdbc, List<? extends Migration> migrations, MigratorSettings settings) {
		this(jdbc, migrations, settings, ObservationRegistry.NOOP, List.of());
	}

	/**
	 * Creates a migrator with the lock in ClickHouse.
	 * @param jdbc the connection to ClickHouse (its query timeout applies to every statement)
	 * @param migrations the migrations, each annotated with {@link ClickHouseMigration}, in any order
	 * @param settings how it behaves
	 * @param observations where each migration is observed (one observation a migration, one event a statement)
	 * @param listeners told what ran
	 * @throws PillarException when a migration is invalid or two share a version
	 */
	public PillarMigrator(JdbcTemplate jdbc, List<? extends Migration> migrations, MigratorSettings settings,
			ObservationRegistry observations, List<MigrationListener> listeners) {
		this(jdbc, jdbc, migrations, settings, observations, listeners);
	}

	/**
	 * Creates a migrator for a cluster, with the lock in ClickHouse.
	 * @param jdbc the connection to ClickHouse (its query timeout applies to every statement)
	 * @param confirmedWrites the connection for history and lock rows that others must see: on a cluster, one
	 * whose inserts wait for a quorum of replicas ({@code insert_quorum}); else the same as {@code jdbc}
	 * @param migrations the migrations, each annotated with {@link ClickHouseMigration}, in any order
	 * @param settings how it behaves
	 * @param observations where each migration is observed (one observation a migration, one event a statement)
	 * @param listeners told what ran
	 * @throws PillarException when a migration is invalid or two share a version
	 */
	public PillarMigrator(JdbcTemplate jdbc, JdbcTemplate confirmedWrites, List<? extends Migration> migrations,
			MigratorSettings settings, ObservationRegistry observations, List<MigrationListener> listeners) {
		this.migrations = new MigrationResolver(settings.resolvedPlaceholders()).resolve(migrations);
		this.settings = settings;
		this.history = new MigrationHistory(jdbc, confirmedWrites, settings.table(), settings.cluster());
		this.lock = new ClickHouseMigrationLock(jdbc, confirmedWrites, settings.lockTable(), settings.cluster(),
				ProcessHandle.current().pid() + "@" + this.host, settings.lockLease(), settings.lockWaitTimeout());
		this.replicas = (settings.cluster() != null) ? new ClusterReplicas(jdbc, settings.cluster()) : null;
		this.executor = new StatementExecutor(jdbc, settings.retryAttempts(), settings.retryBackoff());
		this.target = target(jdbc.getDataSource());
		this.observations = observations;
		this.listeners = List.copyOf(listeners);
	}

	/** @return the migrations in code, oldest first */
	public List<ResolvedMigration> migrations() {
		return this.migrations;
	}

	/** @return how it behaves */
	public MigratorSettings settings() {
		return this.settings;
	}

	/**
	 * Applies every pending migration, oldest first.
	 * @return what ran, possibly nothing
	 * @throws PillarException when validation fails or the history holds a failure; nothing runs then
	 * @throws MigrationFailedException when ClickHouse refuses a statement; the migrations before it stay applied
	 */
	public synchronized List<MigrationRun> migrate() {
		MigrationPlan current = plan();
		if (pending(current).isEmpty()) {
			// the common start-up case costs two queries and no lock; a migrator that races us finds out below
			logger.debug("ClickHouse schema is up to date");
			this.listeners.forEach((listener) -> listener.status(current.status()));
			return List.of();
		}
		return write("migrate", (plan) -> {
			List<ResolvedMigration> pending = pending(plan);
			long sequence = plan.nextSequence();
			List<MigrationRun> runs = new ArrayList<>();
			for (ResolvedMigration migration : pending) {
				runs.add(run(migration, MigrationDirection.UP, 0, sequence++));
			}
			return runs;
		});
	}

	/**
	 * Rolls back the newest applied migrations, newest first, running their {@code down} statements.
	 * @param steps how many
	 * @return what ran
	 * @throws PillarException when {@code steps} cannot be honoured whole (nothing runs then)
	 * @throws MigrationFailedException when ClickHouse refuses a statement
	 */
	public synchronized List<MigrationRun> rollback(int steps) {
		return write("rollback", (plan) -> runDown(plan, plan.rollback(steps)));
	}

	/**
	 * Rolls back every applied migration newer than a version, newest first.
	 * @param target the version to stand at afterwards ({@code 0} for none)
	 * @return what ran
	 * @throws PillarException when the target is not applied or nothing is newer (nothing runs then)
	 */
	public synchronized List<MigrationRun> rollbackTo(long target) {
		return write("rollback", (plan) -> runDown(plan, plan.rollbackTo(target)));
	}

	/**
	 * Runs the rest of the migration that failed, from the statement after the last one that ran, with the
	 * statements now in code.
	 * @return what ran
	 * @throws PillarException when nothing failed
	 */
	public synchronized List<MigrationRun> resume() {
		return write("resume", (plan) -> {
			MigrationInfo failed = requireFailure(plan, "resume");
			ResolvedMigration migration = plan.migration(failed.version());
			if (migration == null) {
				throw new PillarException("Cannot resume " + failed.version() + " (" + failed.name()
						+ "): it is no longer in code", "Restore the class, or undo by hand and repair.");
			}
			MigrationDirection direction = (failed.state() == MigrationState.FAILED) ? MigrationDirection.UP
					: MigrationDirection.DOWN;
			return List.of(run(migration, direction, failed.statementsDone(), plan.nextSequence()));
		});
	}

	/**
	 * Records that the operator dealt with what validation or a failure reported: a failed migration's partial
	 * effect was undone by hand (a failed {@code up} becomes pending, a failed {@code down} applied), and applied
	 * migrations whose statements changed are accepted with their new checksum. Runs no migration statement.
	 * @return the migrations it recorded, as runs of no statement
	 * @throws PillarException when there is nothing to repair
	 */
	public synchronized List<MigrationRun> repair() {
		return write("repair", (plan) -> {
			long sequence = plan.nextSequence();
			List<MigrationRun> repaired = new ArrayList<>();
			MigrationInfo failed = plan.failed();
			if (failed != null) {
				boolean up = failed.state() == MigrationState.FAILED;
				repaired.add(mark(plan, failed.version(), failed.name(),
						up ? MigrationEventType.REPAIRED : MigrationEventType.ROLLBACK_REPAIRED, sequence++,
						up ? MigrationDirection.DOWN : MigrationDirection.UP));
			}
			for (ResolvedMigration changed : plan.changed()) {
				repaired.add(mark(plan, changed.version(), changed.name(), MigrationEventType.ACCEPTED, sequence++,
						MigrationDirection.UP));
			}
			if (repaired.isEmpty()) {
				throw new PillarException("Nothing to repair: no migration failed or changed", "None needed.");
			}
			return repaired;
		});
	}

	/**
	 * Adopts an existing database: records every migration up to a version as applied without running it.
	 * @param version the newest migration the database already has
	 * @return the migrations recorded, as runs of no statement
	 * @throws PillarException when the history already has applied migrations or none is that old
	 */
	public synchronized List<MigrationRun> baseline(long version) {
		return write("baseline", (plan) -> {
			MigrationInfo failed = plan.failed();
			if (failed != null) {
				throw new PillarException("Cannot baseline: migration " + failed.version() + " (" + failed.name()
						+ ") failed", "Repair it first (it records that none of it stays), then baseline.");
			}
			if (plan.status().currentVersion() != null) {
				throw new PillarException("Cannot baseline: the history already has applied migrations",
						"Baseline only a database that Pillar has not migrated yet.");
			}
			List<ResolvedMigration> adopted = this.migrations.stream().filter((m) -> m.version() <= version).toList();
			if (adopted.isEmpty()) {
				throw new PillarException("Cannot baseline at " + version + ": no migration is that old",
						"Name the version of the newest migration whose schema the database already has.");
			}
			long sequence = plan.nextSequence();
			List<MigrationRun> runs = new ArrayList<>();
			for (ResolvedMigration migration : adopted) {
				runs.add(mark(plan, migration.version(), migration.name(), MigrationEventType.BASELINE, sequence++,
						MigrationDirection.UP));
			}
			return runs;
		});
	}

	/**
	 * What {@link #migrate()} would run now, without running it.
	 * @return the migrations and their statements
	 */
	public synchronized List<PlannedMigration> planMigrate() {
		MigrationPlan plan = plan();
		return pending(plan).stream().map((m) -> PlannedMigration.of(m, MigrationDirection.UP, 0)).toList();
	}

	/**
	 * What {@link #rollback(int)} would run now, without running it.
	 * @param steps how many
	 * @return the migrations and their statements
	 */
	public synchronized List<PlannedMigration> planRollback(int steps) {
		return plan().rollback(steps).stream().map((m) -> PlannedMigration.of(m, MigrationDirection.DOWN, 0)).toList();
	}

	/**
	 * What {@link #rollbackTo(long)} would run now, without running it.
	 * @param target the version to stand at afterwards
	 * @return the migrations and their statements
	 */
	public synchronized List<PlannedMigration> planRollbackTo(long target) {
		return plan().rollbackTo(target)
			.stream()
			.map((m) -> PlannedMigration.of(m, MigrationDirection.DOWN, 0))
			.toList();
	}

	/**
	 * Reads where every migration stands, in one query.
	 * @return the status
	 */
	public synchronized MigrationStatus status() {
		MigrationStatus status = plan().status();
		this.listeners.forEach((listener) -> listener.status(status));
		return status;
	}

	private List<ResolvedMigration> pending(MigrationPlan plan) {
		return plan.pending(this.settings.validateOnMigrate(), this.settings.outOfOrder());
	}

	private List<MigrationRun> write(String operation, Function<MigrationPlan, List<MigrationRun>> action) {
		if (!this.historyReady) {
			// the history before the lock table: a lock table without a history means a dropped history
			plan();
		}
		List<MigrationRun> runs;
		try {
			runs = this.lock.withLock(() -> action.apply(plan()));
		}
		catch (RuntimeException ex) {
			// statements and history reads and writes report their own failures; what is left came from the lock
			RuntimeException failure = (ex instanceof DataAccessException lockFailure) ? new PillarException(
					"Cannot take the migration lock (table " + this.settings.lockTable() + ") in ClickHouse: "
							+ clickHouseMessage(lockFailure) + unreachableReplicas(),
					"Check that ClickHouse is up (on a cluster, every replica: lock rows wait for pillar.clickhouse."
							+ "insert-quorum replicas), then try again. Nothing was run.",
					lockFailure) : ex;
			// keeps listeners (the pending gauge) current after failures too, without hiding the failure when
			// ClickHouse cannot be read now
			try {
				status();
			}
			catch (RuntimeException statusFailure) {
				failure.addSuppressed(statusFailure);
			}
			throw failure;
		}
		status();
		if (!runs.isEmpty()) {
			logger.info("ClickHouse " + operation + ": " + runs.size() + " migration(s), "
					+ runs.stream().map((run) -> run.version() + " " + run.name()).toList());
		}
		return runs;
	}

	private List<MigrationRun> runDown(MigrationPlan plan, List<ResolvedMigration> chosen) {
		long sequence = plan.nextSequence();
		List<MigrationRun> runs = new ArrayList<>();
		for (ResolvedMigration migration : chosen) {
			runs.add(run(migration, MigrationDirection.DOWN, 0, sequence++));
		}
		return runs;
	}

	private static MigrationInfo requireFailure(MigrationPlan plan, String operation) {
		MigrationInfo failed = plan.failed();
		if (failed == null) {
			throw new PillarException("Nothing to " + operation + ": no migration failed", "None needed.");
		}
		return failed;
	}

	private MigrationPlan plan() {
		try {
			if (this.historyReady) {
				return new MigrationPlan(this.migrations, this.history.read());
			}
			// read first and create only when missing: an up-to-date start costs one query
			Optional<List<MigrationEvent>> existing = this.history.readIfPresent();
			if (existing.isEmpty() && this.lock.tableExists()) {
				// every migrator creates the history before the lock table, so read again: another may have just
				// created both
				existing = this.history.readIfPresent();
				if (existing.isEmpty()) {
					throw missingHistory();
				}
			}
			if (existing.isEmpty()) {
				this.history.createIfMissing();
			}
			this.historyReady = true;
			return new MigrationPlan(this.migrations, existing.orElse(List.of()));
		}
		catch (DataAccessException ex) {
			throw new PillarException("Cannot read the migration history (table " + this.history.table()
					+ ") from ClickHouse at " + this.target + ": " + clickHouseMessage(ex) + unreachableReplicas(),
					historyAction(ex), ex);
		}
	}

	/** The lock table outlives a dropped history: without this, every migration would run again. */
	private PillarException missingHistory() {
		return new PillarException("The migration history table " + this.history.table() + " is missing, but its lock "
				+ "table " + this.settings.lockTable() + " exists: the history was dropped, so Pillar cannot tell "
				+ "which migrations are applied. Nothing was run.", "Restore " + this.history.table() + " from a "
						+ "backup. Or, if the schema is as the migrations left it, drop " + this.settings.lockTable()
						+ " and baseline at the newest applied version (pillar.clickhouse.baseline-version, or "
						+ "operation baseline with that target).");
	}

	/** On a cluster, which replicas do not answer, for messages: what ClickHouse's own message leaves out. */
	private String unreachableReplicas() {
		if (this.replicas == null) {
			return "";
		}
		List<String> down = this.replicas.unreachable();
		return down.isEmpty() ? "" : " [replicas of cluster " + this.settings.cluster() + " not answering: "
				+ String.join(", ", down) + "]";
	}

	/**
	 * On a cluster, compares every replica with the history read here: is each reachable, does it hold the same
	 * history rows, and does it have the tables that the applied migrations create.
	 * @return one report a replica, or an empty list on a single server
	 */
	public synchronized List<ReplicaReport> verifyCluster() {
		if (this.replicas == null) {
			return List.of();
		}
		MigrationPlan plan = plan();
		return this.replicas.verify(this.history.table(), plan.lastSequence(), plan.createdTables());
	}

	private String historyAction(DataAccessException ex) {
		Matcher code = ERROR_CODE.matcher(clickHouseMessage(ex));
		if (StatementExecutor.isNetworkFailure(ex) || !code.find()) {
			return "Check that ClickHouse is running and reachable at pillar.clickhouse.url (" + this.target
					+ "), within pillar.clickhouse.connect-timeout.";
		}
		if (LOGIN_REFUSED.contains(Integer.parseInt(code.group(1)))) {
			return "ClickHouse refused the login: check pillar.clickhouse.username and pillar.clickhouse.password.";
		}
		return "ClickHouse refused the query on " + this.history.table() + ": check that the user may create, read "
				+ "and write it, and that it still has Pillar's columns (" + MigrationHistory.COLUMNS + "). If it "
				+ "was altered by hand, restore it, or rename it away and let Pillar create it anew (then baseline).";
	}

	private MigrationRun run(ResolvedMigration migration, MigrationDirection direction, int from, long sequence) {
		List<String> statements = migration.statements(direction);
		logger.info((direction == MigrationDirection.UP ? "Applying" : "Rolling back") + " ClickHouse migration "
				+ migration.describe() + ((from > 0) ? " from statement " + (from + 1) : ""));
		Observation observation = Observation.createNotStarted("pillar.migration", this.observations)
			.contextualName("pillar " + direction.label() + " " + migration.version())
			.lowCardinalityKeyValue("version", Long.toString(migration.version()))
			.lowCardinalityKeyValue("name", migration.name())
			.lowCardinalityKeyValue("direction", direction.label())
			.start();
		long start = System.nanoTime();
		for (int i = from; i < statements.size(); i++) {
			observation.event(Observation.Event.of("pillar.statement", "statement " + (i + 1) + " of "
					+ statements.size()));
			try {
				this.executor.execute(statements.get(i));
			}
			catch (DataAccessException ex) {
				// a failure on a retry (say "already exists") may come from a first attempt whose answer was lost
				String message = clickHouseMessage(ex) + ((ex.getSuppressed().length > 0) ? " (on a retry, after "
						+ clickHouseMessage(ex.getSuppressed()[0]) + ": the first attempt may have run)" : "")
						+ unreachableReplicas();
				int done = i;
				long millis = elapsedMillis(start);
				DataAccessException unrecorded = null;
				try {
					recordSurely(() -> record(migration, (direction == MigrationDirection.UP) ? MigrationEventType.FAILED
							: MigrationEventType.ROLLBACK_FAILED, direction, sequence, done, millis, message));
				}
				catch (DataAccessException recordFailure) {
					unrecorded = recordFailure;
				}
				MigrationFailedException failure = new MigrationFailedException(migration, direction, i + 1, message,
						ex, unrecorded == null, ex.getSuppressed().length > 0);
				if (unrecorded != null) {
					failure.addSuppressed(unrecorded);
				}
				observation.lowCardinalityKeyValue("outcome", "failure").error(failure);
				observation.stop();
				this.listeners.forEach((listener) -> listener.failed(failure));
				throw failure;
			}
		}
		long millis = elapsedMillis(start);
		try {
			recordSurely(() -> record(migration, (direction == MigrationDirection.UP) ? MigrationEventType.APPLIED
					: MigrationEventType.ROLLED_BACK, direction, sequence, statements.size(), millis, ""));
		}
		catch (DataAccessException ex) {
			PillarException unrecorded = new PillarException("Migration " + migration.describe() + " ran all "
					+ statements.size() + " " + direction.label() + " statement(s), but the history (table "
					+ this.history.table() + ") could not record it: " + clickHouseMessage(ex),
					"Its effect stays, but the history does not know: the next " + ((direction == MigrationDirection.UP)
							? "migrate runs it again from statement 1" : "status shows it applied")
							+ ". Check the schema by hand before going on; make its statements re-runnable "
							+ "(IF NOT EXISTS, IF EXISTS) where you can.", ex);
			observation.lowCardinalityKeyValue("outcome", "failure").error(unrecorded);
			observation.stop();
			throw unrecorded;
		}
		observation.lowCardinalityKeyValue("outcome", "success").stop();
		MigrationRun run = new MigrationRun(migration.version(), migration.name(), direction,
				statements.size() - from, millis);
		this.listeners.forEach((listener) -> listener.ran(run));
		return run;
	}

	private MigrationRun mark(MigrationPlan plan, long version, String name, MigrationEventType type, long sequence,
			MigrationDirection direction) {
		ResolvedMigration migration = plan.migration(version);
		this.history.append(new MigrationEvent(sequence, version, name, type,
				(migration != null) ? migration.checksum() : "", 0, 0, 0, this.host, this.settings.installedBy(), "",
				Instant.now()));
		return new MigrationRun(version, name, direction, 0, 0);
	}

	private void record(ResolvedMigration migration, MigrationEventType type, MigrationDirection direction,
			long sequence, int done, long millis, String error) {
		this.history.append(new MigrationEvent(sequence, migration.version(), migration.name(), type,
				migration.checksum(), migration.statements(direction).size(), done, millis, this.host,
				this.settings.installedBy(), error, Instant.now()));
	}

	private static long elapsedMillis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	/**
	 * Writes the outcome of a migration, waiting for ClickHouse to come back when it is unreachable (restarted, say)
	 * for up to a third of the lock lease, while the lock still holds: a history that misses what ran would have
	 * the next migrate run it again.
	 */
	private void recordSurely(Runnable write) {
		long deadline = System.nanoTime() + this.settings.lockLease().dividedBy(3).toNanos();
		Duration pause = Duration.ofMillis(250);
		while (true) {
			try {
				write.run();
				return;
			}
			catch (DataAccessException ex) {
				if (!StatementExecutor.isNetworkFailure(ex) || System.nanoTime() + pause.toNanos() > deadline) {
					throw ex;
				}
				logger.warn("Cannot write to the migration history (table " + this.history.table() + ") yet, trying "
						+ "again in " + pause.toMillis() + " ms: " + clickHouseMessage(ex));
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
				pause = pause.multipliedBy(2);
				if (pause.compareTo(MAX_RECORD_PAUSE) > 0) {
					pause = MAX_RECORD_PAUSE;
				}
			}
		}
	}

	/** The JDBC URL of a driver-based data source, without parameters or user info (they may hold secrets). */
	static String target(@Nullable DataSource dataSource) {
		if (dataSource instanceof AbstractDriverBasedDataSource driverBased && driverBased.getUrl() != null) {
			return driverBased.getUrl().replaceFirst("[?;].*$", "").replaceFirst("//[^/@]*@", "//");
		}
		return (dataSource != null) ? "the data source " + dataSource.getClass().getSimpleName()
				: "the JdbcTemplate's data source";
	}

	static String clickHouseMessage(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = cause.getMessage();
		if (cause instanceof IOException) {
			// not ClickHouse's answer: the driver's bare words ("127.0.0.1:8123 failed to respond") need a context
			return "Network error (" + cause.getClass().getSimpleName() + ")"
					+ ((message != null) ? ": " + message.strip() : "");
		}
		return (message != null) ? message.strip() : cause.getClass().getName();
	}

	private static String localHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
