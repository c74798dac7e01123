package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.lock.AbandonedRun;
import dev.pillar.clickhouse.migration.lock.LockHold;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Writes the history's rows of three kinds: the outcome of a run (applied, rolled back,
 * failed: how many statements ran, and ClickHouse's message), what the operator did
 * without running anything (repair, baseline), and a migration that an instance left
 * unfinished when it died. Each row names the host and who asked.
 */
public final class HistoryRecorder {

	private static final Log logger = LogFactory.getLog(HistoryRecorder.class);

	private final MigrationHistory history;

	private final PatientHistoryWriter outcomes;

	private final ClickHouseFailures failures;

	private final Supplier<String> installedBy;

	/**
	 * Creates a recorder.
	 * @param history the history
	 * @param outcomePatience how long to wait for ClickHouse to record an outcome
	 * @param failures masks the secrets in what it records
	 * @param installedBy who asked, as the history's {@code installed_by} records it;
	 * asked when a row is written
	 */
	public HistoryRecorder(MigrationHistory history, Duration outcomePatience, ClickHouseFailures failures,
			Supplier<String> installedBy) {
		this.history = history;
		this.outcomes = new PatientHistoryWriter(history, outcomePatience);
		this.failures = failures;
		this.installedBy = installedBy;
	}

	/**
	 * The same recorder, naming someone else.
	 * @param installedBy who, as the history's {@code installed_by} records it
	 * @return the recorder
	 */
	public HistoryRecorder as(String installedBy) {
		return new HistoryRecorder(this.history, this.outcomes.patience(), this.failures, () -> installedBy);
	}

	/**
	 * Records the outcome of a run, waiting for ClickHouse while the lock surely holds.
	 * @param migration the migration
	 * @param type applied, rolled back, or failed
	 * @param sequence the history row's sequence number
	 * @param statements how many statements the run had
	 * @param done how many of them ran
	 * @param millis how long it took
	 * @param error ClickHouse's message, or empty
	 * @param hold the lock held
	 * @throws org.springframework.dao.DataAccessException when ClickHouse stayed
	 * unreachable
	 */
	void outcome(ResolvedMigration migration, MigrationEventType type, long sequence, int statements, int done,
			long millis, String error, LockHold hold) {
		this.outcomes.append(new MigrationEvent(sequence, migration.version(), migration.name(), type,
				migration.checksum(), statements, done, millis, ConnectionNames.localHost(), this.installedBy.get(),
				error, Instant.now()), hold);
	}

	/**
	 * Records an outcome without running a statement: what the operator did by hand, or
	 * adopted.
	 * @param version the migration's version
	 * @param name its name
	 * @param migration the migration in code, or {@code null} when it is no longer there
	 * @param type what to record
	 * @param sequence the history row's sequence number
	 * @param direction which way the migration now stands
	 * @param hold the lock held
	 * @return a run of no statement
	 */
	public MigrationRun mark(long version, String name, @Nullable ResolvedMigration migration, MigrationEventType type,
			long sequence, MigrationDirection direction, LockHold hold) {
		hold.ensureHeld();
		this.history
			.append(new MigrationEvent(sequence, version, name, type, (migration != null) ? migration.checksum() : "",
					0, 0, 0, ConnectionNames.localHost(), this.installedBy.get(), "", Instant.now()));
		return new MigrationRun(version, name, direction, 0, 0);
	}

	/**
	 * Records that a migration was interrupted: the instance that ran it died holding the
	 * lock.
	 * @param run what the lock kept of that instance's run
	 * @param version the migration it left unfinished
	 * @param name its name
	 * @param migration the migration in code, or {@code null} when it is no longer there
	 * @param sequence the history row's sequence number
	 * @param hold the lock held
	 * @param finding what the server's record says of its statements, or {@code null}
	 * when it was not asked
	 */
	public void interrupted(AbandonedRun run, long version, String name, @Nullable ResolvedMigration migration,
			long sequence, LockHold hold, QueryLogRecovery.@Nullable Finding finding) {
		MigrationDirection direction = run.intent().direction();
		int statements = (migration != null) ? migration.statements(direction).size() : 0;
		Integer running = (run.version() != null && run.version() == version) ? run.statement() : null;
		String died = "its instance " + run.owner() + " took the migration lock at " + run.acquiredAt()
				+ " and was last heard of at " + run.lastRenewedAt() + "; then its lock lease ran out. ";
		String error = died + ((running != null)
				? ((running > 1) ? "Statements 1 to " + (running - 1) + " ran, and " : "") + direction.label()
						+ " statement " + running + " of " + statements + " was running then; it "
						+ "and later statements may have run too."
				: "None of its " + statements + " " + direction.label() + " statement(s) was known to have "
						+ "started then; any of them may have run.");
		int done = (running != null) ? running - 1 : 0;
		boolean up = direction == MigrationDirection.UP;
		MigrationEventType type = up ? MigrationEventType.INTERRUPTED : MigrationEventType.ROLLBACK_INTERRUPTED;
		if (finding != null && finding.outcome() == QueryLogRecovery.Outcome.UNKNOWN) {
			error += " The server's record cannot tell whether statement " + finding.ran() + " ran: " + finding.text()
					+ ".";
		}
		else if (finding != null) {
			// what ran is known: recorded exactly, as the dead holder would have
			done = finding.ran();
			error = died + "Then " + finding.text() + ".";
			if (finding.outcome() == QueryLogRecovery.Outcome.FAILED) {
				type = up ? MigrationEventType.FAILED : MigrationEventType.ROLLBACK_FAILED;
			}
		}
		// the server's record may quote a statement (its exception): masked as
		// ClickHouse's own messages are
		error = this.failures.redact(error);
		logger.warn("ClickHouse migration " + version + " (" + name + ") was interrupted: " + error);
		hold.ensureHeld();
		this.history
			.append(new MigrationEvent(sequence, version, name, type, (migration != null) ? migration.checksum() : "",
					statements, done, 0, ConnectionNames.localHost(), this.installedBy.get(), error, Instant.now()));
	}

}
