package dev.pillar.clickhouse.migration;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

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

	private final List<ResolvedMigration> migrations;

	private final MigratorSettings settings;

	private final MigrationHistory history;

	private final MigrationLock lock;

	private final StatementExecutor executor;

	private final ObservationRegistry observations;

	private final List<MigrationListener> listeners;

	private final String host = localHost();

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
		this.migrations = new MigrationResolver().resolve(migrations);
		this.settings = settings;
		this.history = new MigrationHistory(jdbc, settings.table());
		this.lock = new ClickHouseMigrationLock(jdbc, settings.lockTable(),
				ProcessHandle.current().pid() + "@" + this.host, settings.lockLease(), settings.lockWaitTimeout());
		this.executor = new StatementExecutor(jdbc, settings.retryAttempts(), settings.retryBackoff());
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
			if (plan.status().currentVersion() != null || plan.failed() != null) {
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
		List<MigrationRun> runs;
		try {
			runs = this.lock.withLock(() -> action.apply(plan()));
		}
		finally {
			// keeps listeners (the pending gauge) current after failures too
			status();
		}
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
			if (!this.historyReady) {
				this.history.createIfMissing();
				this.historyReady = true;
			}
			return new MigrationPlan(this.migrations, this.history.read());
		}
		catch (DataAccessException ex) {
			throw new PillarException("Cannot read the migration history (table " + this.history.table()
					+ ") from ClickHouse: " + clickHouseMessage(ex), "Check that ClickHouse is running and reachable "
							+ "at pillar.clickhouse.url, and that pillar.clickhouse.username and password are right.",
					ex);
		}
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
				MigrationFailedException failure = new MigrationFailedException(migration, direction, i + 1,
						clickHouseMessage(ex), ex);
				try {
					record(migration, (direction == MigrationDirection.UP) ? MigrationEventType.FAILED
							: MigrationEventType.ROLLBACK_FAILED, direction, sequence, i, start,
							failure.clickHouseMessage());
				}
				catch (DataAccessException recordFailure) {
					failure.addSuppressed(recordFailure);
				}
				observation.lowCardinalityKeyValue("outcome", "failure").error(failure);
				observation.stop();
				this.listeners.forEach((listener) -> listener.failed(failure));
				throw failure;
			}
		}
		long millis = record(migration, (direction == MigrationDirection.UP) ? MigrationEventType.APPLIED
				: MigrationEventType.ROLLED_BACK, direction, sequence, statements.size(), start, "");
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

	private long record(ResolvedMigration migration, MigrationEventType type, MigrationDirection direction,
			long sequence, int done, long start, String error) {
		long millis = (System.nanoTime() - start) / 1_000_000;
		this.history.append(new MigrationEvent(sequence, migration.version(), migration.name(), type,
				migration.checksum(), migration.statements(direction).size(), done, millis, this.host,
				this.settings.installedBy(), error, Instant.now()));
		return millis;
	}

	static String clickHouseMessage(Throwable ex) {
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		String message = cause.getMessage();
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
