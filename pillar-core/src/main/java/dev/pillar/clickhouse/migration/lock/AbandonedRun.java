package dev.pillar.clickhouse.migration.lock;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A run whose holder died while it held the lock: its lease ran out without a release, so
 * its last migration may be half done. Known from what the lock kept.
 *
 * @param runId the run's id, which its statements' query ids carry, or {@code null} when
 * the lock keeps none
 * @param owner who held the lock (process id and host)
 * @param acquiredAt when it took the lock
 * @param lastRenewedAt when it last renewed the lock: it was alive then, and gone within
 * a lease
 * @param intent what it was about to run
 * @param version the migration it was running when it last renewed, or {@code null} when
 * it had not started one
 * @param statement the statement of that migration that was running then (1 for the
 * first)
 */
public record AbandonedRun(@Nullable String runId, String owner, Instant acquiredAt, Instant lastRenewedAt,
		RunIntent intent, @Nullable Long version, @Nullable Integer statement) {

}
