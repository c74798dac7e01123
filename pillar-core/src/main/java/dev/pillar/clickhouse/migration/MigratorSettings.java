package dev.pillar.clickhouse.migration;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

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
 * @param cluster the ClickHouse cluster whose replicas share the history (tables created {@code ON CLUSTER} with
 * replicated engines), or {@code null} for a single server
 * @param placeholders values for {@code {name}} placeholders in migration statements; {@code {cluster}} is the
 * cluster's name unless given
 */
public record MigratorSettings(String table, boolean validateOnMigrate, boolean outOfOrder, String installedBy,
		Duration lockLease, Duration lockWaitTimeout, int retryAttempts, Duration retryBackoff,
		@Nullable String cluster, Map<String, String> placeholders) {

	/** The default history table. */
	public static final String DEFAULT_TABLE = "pillar_migrations";

	/**
	 * The defaults: table {@code pillar_migrations}, validation on, out of order off, a 60 s lease, 10 minutes of
	 * waiting for the lock, no retries, a single server, no placeholders.
	 * @return the defaults
	 */
	public static MigratorSettings defaults() {
		return new MigratorSettings(DEFAULT_TABLE, true, false, "default", Duration.ofSeconds(60),
				Duration.ofMinutes(10), 0, Duration.ofSeconds(1), null, Map.of());
	}

	/**
	 * A copy with other retries.
	 * @param attempts how many retries
	 * @param backoff the first pause
	 * @return the copy
	 */
	public MigratorSettings withRetry(int attempts, Duration backoff) {
		return new MigratorSettings(this.table, this.validateOnMigrate, this.outOfOrder, this.installedBy,
				this.lockLease, this.lockWaitTimeout, attempts, backoff, this.cluster, this.placeholders);
	}

	/**
	 * A copy with other lock timings.
	 * @param lease the lease
	 * @param waitTimeout the wait timeout
	 * @return the copy
	 */
	public MigratorSettings withLock(Duration lease, Duration waitTimeout) {
		return new MigratorSettings(this.table, this.validateOnMigrate, this.outOfOrder, this.installedBy, lease,
				waitTimeout, this.retryAttempts, this.retryBackoff, this.cluster, this.placeholders);
	}

	/**
	 * A copy for a cluster.
	 * @param cluster the cluster's name
	 * @param placeholders values for placeholders in statements
	 * @return the copy
	 */
	public MigratorSettings withCluster(@Nullable String cluster, Map<String, String> placeholders) {
		return new MigratorSettings(this.table, this.validateOnMigrate, this.outOfOrder, this.installedBy,
				this.lockLease, this.lockWaitTimeout, this.retryAttempts, this.retryBackoff, cluster, placeholders);
	}

	/** @return the lock table's name */
	public String lockTable() {
		return this.table + "_lock";
	}

	/** @return the placeholders with {@code cluster} added when a cluster is set and it is not given */
	public Map<String, String> resolvedPlaceholders() {
		if (this.cluster == null || this.placeholders.containsKey("cluster")) {
			return this.placeholders;
		}
		Map<String, String> all = new java.util.LinkedHashMap<>(this.placeholders);
		all.put("cluster", this.cluster);
		return all;
	}

}
