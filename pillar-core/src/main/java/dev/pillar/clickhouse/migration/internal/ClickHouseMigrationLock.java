package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.pillar.clickhouse.migration.MigrationLock;
import dev.pillar.clickhouse.migration.PillarException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link MigrationLock} kept in a ClickHouse table, needing nothing but the server itself: an insert-then-read-back
 * lease.
 * <p>
 * Each attempt is a row with a random token, stamped with the <em>server's</em> clock ({@code now()}, seconds) and an
 * expiry {@code now() + lease}. To acquire: (1) if a live attempt (not released, not expired) exists, wait; (2) insert
 * an attempt; (3) read back every live attempt. The attempt wins only if every other live attempt is <em>strictly
 * later</em> than its own; otherwise it inserts its release and retries after a random pause. This is safe because an
 * insert is visible to every read that starts after it returns: of two attempts, the later one always sees the
 * earlier one at step (3), and loses to it; two within the same second see each other and both retry. The holder
 * renews its lease every third of it, so a long migration keeps the lock while a crashed holder's lease simply runs
 * out. Release inserts a row; nothing is ever updated or deleted, as ClickHouse mutations are asynchronous.
 * <p>
 * One holder at a time per table: concurrent callers in one JVM queue up like separate processes would.
 */
public final class ClickHouseMigrationLock implements MigrationLock {

	private static final Log logger = LogFactory.getLog(ClickHouseMigrationLock.class);

	private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	private final JdbcTemplate jdbc;

	private final JdbcTemplate confirmedWrites;

	private final TrackingTable table;

	private final String owner;

	private final Duration lease;

	private final Duration waitTimeout;

	/**
	 * Creates a lock, on a single server or shared by the replicas of a cluster.
	 * @param jdbc the connection to ClickHouse, for reads
	 * @param confirmedWrites the connection for its rows: on a cluster one whose inserts wait for a quorum of
	 * replicas, so that instances connected to different replicas see each other's attempts
	 * @param table the lock table
	 * @param cluster the cluster, or {@code null} for a single server
	 * @param owner who holds it, shown to those who wait
	 * @param lease how long a holder that stops renewing keeps the lock
	 * @param waitTimeout how long to wait for another holder before giving up
	 */
	public ClickHouseMigrationLock(JdbcTemplate jdbc, JdbcTemplate confirmedWrites, String table,
			@Nullable String cluster, String owner, Duration lease, Duration waitTimeout) {
		this.jdbc = jdbc;
		this.confirmedWrites = confirmedWrites;
		this.table = new TrackingTable(jdbc, table, cluster);
		this.owner = owner;
		this.lease = lease;
		this.waitTimeout = waitTimeout;
	}

	@Override
	public boolean existsInDatabase() {
		return this.table.exists();
	}

	@Override
	public <T> T withLock(Supplier<T> action) {
		String token = acquire();
		ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "pillar-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		long every = Math.max(1, this.lease.toMillis() / 3);
		renewer.scheduleAtFixedRate(() -> renew(token), every, every, TimeUnit.MILLISECONDS);
		try {
			return action.get();
		}
		finally {
			renewer.shutdownNow();
			release(token);
		}
	}

	private String acquire() {
		createIfMissing();
		long deadline = System.nanoTime() + this.waitTimeout.toNanos();
		Attempt holder = null;
		long lastReport = 0;
		while (true) {
			List<Attempt> live = live();
			if (live.isEmpty()) {
				String token = UUID.randomUUID().toString();
				insert(token, 0, deadline);
				live = live();
				Attempt mine = live.stream().filter((a) -> a.token.equals(token)).findFirst().orElse(null);
				if (mine != null && live.stream().allMatch((a) -> a == mine || a.acquiredAt > mine.acquiredAt)) {
					logger.debug("Acquired the migration lock " + this.table.name() + " as " + this.owner);
					return token;
				}
				insert(token, 1);
			}
			else {
				holder = live.get(0);
				lastReport = reportWaiting(holder, lastReport);
			}
			if (System.nanoTime() > deadline) {
				throw new PillarException("Timed out after " + this.waitTimeout.toSeconds()
						+ " s waiting for the migration lock (table " + this.table.name() + ")"
						+ ((holder != null) ? ", held by " + holder.owner : ""),
						"Another instance is migrating; if it crashed, its lease ends within "
								+ this.lease.toSeconds() + " s. Raise the lock wait timeout to wait longer.",
						PillarException.Kind.LOCK_TIMEOUT);
			}
			pause();
		}
	}

	/**
	 * Says who holds the lock, when the wait begins and every {@link #REPORT_EVERY} while it lasts: a starting
	 * instance that waits must not look hung.
	 * @return when it last reported ({@link System#nanoTime()}), or {@code lastReport} when it did not now
	 */
	private long reportWaiting(Attempt holder, long lastReport) {
		long now = System.nanoTime();
		if (lastReport != 0 && now - lastReport < REPORT_EVERY.toNanos()) {
			return lastReport;
		}
		logger.info("Waiting for the migration lock " + this.table.name() + ": held by " + holder.owner + " since "
				+ Instant.ofEpochSecond(holder.acquiredAt) + "; giving up after " + this.waitTimeout.toSeconds()
				+ " s");
		return now;
	}

	private void pause() {
		try {
			Thread.sleep(200 + ThreadLocalRandom.current().nextInt(400));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PillarException("Interrupted while waiting for the migration lock", "Start again.", ex);
		}
	}

	private void createIfMissing() {
		this.table.createIfMissing(
				"(token String, owner String, acquired_at DateTime, expires_at DateTime, released UInt8)", "token");
	}

	private List<Attempt> live() {
		return this.jdbc.query("SELECT token, any(owner), toUInt32(min(acquired_at)) AS acquired FROM " + this.table.name()
				+ " GROUP BY token HAVING max(released) = 0 AND max(expires_at) > now() ORDER BY acquired, token",
				(rs, row) -> new Attempt(rs.getString(1), rs.getString(2), rs.getLong(3)));
	}

	private void insert(String token, int released) {
		insert(token, released, System.nanoTime() + this.lease.toNanos() / 3);
	}

	private void insert(String token, int released, long deadline) {
		while (true) {
			try {
				this.confirmedWrites.update("INSERT INTO " + this.table.name()
						+ " (token, owner, acquired_at, expires_at, released) SELECT ?, ?, now(), now() + ?, ?", token,
						this.owner, this.lease.toSeconds(), released);
				return;
			}
			catch (DataAccessException ex) {
				// with insert_quorum, ClickHouse takes one quorum insert at a time per table, and one left unconfirmed
				// by a replica that went down waits until it is back: a busy lock, not a fault
				if (System.nanoTime() > deadline || !ClickHouseErrors.isQuorumBusy(ex)) {
					throw ex;
				}
				pause();
			}
		}
	}

	private void renew(String token) {
		try {
			insert(token, 0);
		}
		catch (DataAccessException ex) {
			logger.warn("Could not renew the migration lock " + this.table.name() + ": " + ex.getMessage());
		}
	}

	private void release(String token) {
		try {
			insert(token, 1);
		}
		catch (DataAccessException ex) {
			logger.warn("Could not release the migration lock " + this.table.name() + "; it expires within "
					+ this.lease.toSeconds() + " s: " + ex.getMessage());
		}
	}

	private record Attempt(String token, String owner, long acquiredAt) {

	}

}
