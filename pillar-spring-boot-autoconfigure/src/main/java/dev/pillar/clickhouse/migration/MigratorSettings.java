package dev.pillar.clickhouse.migration;

import java.time.Duration;

/**
 * How a {@link PillarMigrator} behaves.
 *
 * @param table the history table; the lock table is its name with {@code _lock} appended
 * @param validateOnMigrate whether an applied migration whose statements changed since stops a migrate
 * @param outOfOrder whether a pending migration older than the current version may be applied
 * @param installedBy the user recorded in the history
 * @param lockLease how long a lock holder that stops renewing (a crashed instance) keeps the lock
 * @param lockWaitTimeout how long to wait for the lock held by another instance
 * @param retryAttempts how many times to retry a statement that failed for a transient reason (connection lost,
 * timeout); never for an error ClickHouse returned
 * @param retryBackoff the pause before the first retry, doubled for each further one
 */
public record MigratorSettings(String table, boolean validateOnMigrate, boolean outOfOrder, String installedBy,
		Duration lockLease, Duration lockWaitTimeout, int retryAttempts, Duration retryBackoff) {

	/** The default history table. */
	public static final String DEFAULT_TABLE = "pillar_migrations";

	/**
	 * The defaults: table {@code pillar_migrations}, validation on, out of order off, a 60 s lease, 10 minutes of
	 * waiting for the lock, no retries.
	 * @return the defaults
	 */
	public static MigratorSettings defaults() {
		return new MigratorSettings(DEFAULT_TABLE, true, false, "default", Duration.ofSeconds(60),
				Duration.ofMinutes(10), 0, Duration.ofSeconds(1));
	}

	/**
	 * A copy with other retries.
	 * @param attempts how many retries
	 * @param backoff the first pause
	 * @return the copy
	 */
	public MigratorSettings withRetry(int attempts, Duration backoff) {
		return new MigratorSettings(this.table, this.validateOnMigrate, this.outOfOrder, this.installedBy,
				this.lockLease, this.lockWaitTimeout, attempts, backoff);
	}

	/**
	 * A copy with other lock timings.
	 * @param lease the lease
	 * @param waitTimeout the wait timeout
	 * @return the copy
	 */
	public MigratorSettings withLock(Duration lease, Duration waitTimeout) {
		return new MigratorSettings(this.table, this.validateOnMigrate, this.outOfOrder, this.installedBy, lease,
				waitTimeout, this.retryAttempts, this.retryBackoff);
	}

	/** @return the lock table's name */
	public String lockTable() {
		return this.table + "_lock";
	}

}
