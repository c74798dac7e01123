package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;

import dev.pillar.clickhouse.migration.lock.LockHold;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;

/**
 * Writes the outcome of a migration, waiting for ClickHouse to come back when it is
 * unreachable (restarted, say) for a bounded time, while the lock still holds: a history
 * that misses what ran would have the next migrate run it again.
 */
final class PatientHistoryWriter {

	private static final Log logger = LogFactory.getLog(PatientHistoryWriter.class);

	private static final Duration FIRST_PAUSE = Duration.ofMillis(250);

	private static final Duration MAX_PAUSE = Duration.ofSeconds(2);

	private final MigrationHistory history;

	private final Duration patience;

	/**
	 * @param history the history
	 * @param patience how long to wait for ClickHouse: less than the lock lease, so the
	 * lock still holds
	 */
	PatientHistoryWriter(MigrationHistory history, Duration patience) {
		this.history = history;
		this.patience = patience;
	}

	Duration patience() {
		return this.patience;
	}

	/**
	 * Appends a row, trying again while ClickHouse cannot be reached, for as long as the
	 * patience and the lock allow.
	 * @param event the row
	 * @param hold the lock, asked before each try
	 */
	void append(MigrationEvent event, LockHold hold) {
		long deadline = System.nanoTime() + this.patience.toNanos();
		Duration pause = FIRST_PAUSE;
		while (true) {
			hold.ensureHeld();
			try {
				this.history.append(event);
				return;
			}
			catch (DataAccessException ex) {
				if (!ClickHouseErrors.isNetworkFailure(ex) || System.nanoTime() + pause.toNanos() > deadline) {
					throw ex;
				}
				logger.warn("Cannot write to the migration history (table " + this.history.table() + ") yet, trying "
						+ "again in " + pause.toMillis() + " ms: " + ClickHouseErrors.message(ex));
				try {
					Thread.sleep(pause.toMillis());
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
				pause = pause.multipliedBy(2);
				if (pause.compareTo(MAX_PAUSE) > 0) {
					pause = MAX_PAUSE;
				}
			}
		}
	}

}
