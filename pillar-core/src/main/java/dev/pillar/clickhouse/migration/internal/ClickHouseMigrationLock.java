package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.lock.AbandonedRun;
import dev.pillar.clickhouse.migration.lock.LockHold;
import dev.pillar.clickhouse.migration.lock.MigrationLock;
import dev.pillar.clickhouse.migration.lock.RunIntent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link MigrationLock} kept in a ClickHouse table, needing nothing but the server
 * itself: an insert-then-read-back lease, won only by an attempt that finds itself alone.
 * <p>
 * Each attempt is a row with a random token and an expiry stamped with the
 * <em>server's</em> clock ({@code now() + lease}). To acquire: (1) if a live attempt (not
 * released, not expired) exists, wait; (2) insert an attempt; (3) read back every live
 * attempt. The attempt wins only if it is the only live one; otherwise it inserts its
 * release and tries again after a random, growing pause. No timestamps decide who wins,
 * so ties and clocks cannot make two winners: an insert is visible to every read that
 * starts after it returns, so of two attempts A and B, if A's read (3) did not see B, B's
 * insert returned after A's read began, hence after A's insert returned, and B's read
 * sees A: at most one of them finds itself alone. Two that see each other both withdraw;
 * the random pauses make one of them alone soon after. Nothing is ever updated or
 * deleted, as ClickHouse mutations are asynchronous: a release is a row too.
 * <p>
 * On a cluster, "visible to every read that starts after it returns" holds for reads on
 * any replica because every row is inserted with a quorum of every replica
 * ({@link ConfirmedWriter}), synchronously. An attempt not confirmed in time may still
 * arrive: it is withdrawn and another tried, and whoever sees it meanwhile waits.
 * <p>
 * <b>Fencing.</b> The holder renews its lease every quarter of it, in the background: a
 * row with a new expiry, then a read of its own token (released by another instance means
 * it was taken over). The holder is sure of the lock for half a lease after the
 * <em>start</em> of its last renewal that succeeded, on its own monotonic clock: that
 * renewal's expiry is at least a lease after it started (less a second, the server's
 * clock counts whole seconds), so until then no other attempt can find the lease run out,
 * as long as the clocks of the server and the holder keep pace within half a lease.
 * Before every statement and history row the migrator asks {@link LockHold#ensureHeld()}:
 * a clock read, no request. A holder paused past that time (a long GC, a frozen container
 * or VM), whose renewals fail for that long, or that finds its token released, is lost
 * for good, and its run stops at the next statement boundary, writing nothing more. A
 * renewal that only succeeds once the holder was no longer sure counts for nothing.
 * <p>
 * What the holder runs is kept too ({@link LockHold}): once it holds the lock it inserts
 * one more row with its {@link RunIntent} (the migrations it is about to run), and each
 * renewal carries its progress (the migration and statement running then). A holder that
 * died leaves attempts that expired unreleased: the next holder finds them with the same
 * read it acquires with, and is handed those that carry an intent as {@link AbandonedRun
 * abandoned runs}; releasing them on the dead holder's behalf settles them. A row whose
 * intent cannot be read (a hand edit, another version) is reported with its content and
 * released, never a reason to fail. So what was interrupted costs one insert per run and
 * nothing per migration; progress is known as of the dead holder's last renewal, within a
 * quarter of a lease.
 * <p>
 * One holder at a time per table: concurrent callers in one JVM queue up like separate
 * processes would.
 */
public final class ClickHouseMigrationLock implements MigrationLock {

	private static final Log logger = LogFactory.getLog(ClickHouseMigrationLock.class);

	private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	/** Below two seconds, half a lease would not cover the server's whole seconds. */
	private static final Duration SHORTEST_LEASE = Duration.ofSeconds(2);

	private static final Duration RENEWAL_RETRY_PAUSE = Duration.ofMillis(200);

	private final JdbcTemplate jdbc;

	private final ConfirmedWriter writer;

	private final TrackingTable table;

	private final Supplier<String> owner;

	private final Duration lease;

	private final Duration waitTimeout;

	private volatile boolean tableReady;

	/**
	 * Creates a lock, on a single server or shared by the replicas of a cluster.
	 * @param jdbc the connection to ClickHouse, for reads
	 * @param writer the writer of its rows: on a cluster with a quorum of every replica,
	 * so that instances connected to different replicas see each other's attempts
	 * @param table the lock table
	 * @param cluster the cluster, or {@code null} for a single server
	 * @param owner who holds it, shown to those who wait; asked when the lock is taken
	 * @param lease how long a holder that stops renewing keeps the lock; at least 2 s
	 * @param waitTimeout how long to wait for another holder before giving up
	 * @throws PillarException when the lease is shorter than 2 s
	 */
	public ClickHouseMigrationLock(JdbcTemplate jdbc, ConfirmedWriter writer, String table, @Nullable String cluster,
			Supplier<String> owner, Duration lease, Duration waitTimeout) {
		if (lease.compareTo(SHORTEST_LEASE) < 0) {
			throw new PillarException("The migration lock's lease of " + lease.toMillis() + " ms is too short",
					"Give it at least 2 s: the holder is sure of the lock for half of it after each renewal, and "
							+ "ClickHouse counts the lease in whole seconds.");
		}
		this.jdbc = jdbc;
		this.writer = writer;
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
	public <T> T withLock(Function<LockHold, T> action) {
		this.writer.takeUnconfirmed();
		Hold hold = acquire();
		ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "pillar-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		long every = Math.max(1, this.lease.toMillis() / 4);
		renewer.scheduleWithFixedDelay(hold::renew, every, every, TimeUnit.MILLISECONDS);
		try {
			return action.apply(hold);
		}
		finally {
			renewer.shutdownNow();
			String unconfirmed = this.writer.takeUnconfirmed();
			if (unconfirmed == null) {
				release(hold.token);
			}
			else {
				// a release seen before the outcome row it follows would have the next
				// holder run the migration again
				logger.warn("Not releasing the migration lock " + this.table.name() + ": the outcome row was not "
						+ "confirmed (" + unconfirmed + "); its lease runs out within " + this.lease.toSeconds()
						+ " s, and the next holder then reads what is recorded");
			}
		}
	}

	/** How long a holder is sure of the lock after the start of a renewal. */
	private long sureForNanos() {
		return this.lease.toNanos() / 2;
	}

	private Hold acquire() {
		createIfMissing();
		long deadline = System.nanoTime() + this.waitTimeout.toNanos();
		Attempt holder = null;
		long lastReport = 0;
		int withdrawn = 0;
		while (true) {
			List<Attempt> live = live(unreleased());
			if (live.isEmpty()) {
				String token = UUID.randomUUID().toString();
				long start = System.nanoTime();
				Hold won = attempt(token, start, deadline);
				if (won != null) {
					logger.debug("Acquired the migration lock " + this.table.name() + " as " + this.owner.get());
					return won;
				}
				withdrawn++;
			}
			else {
				holder = live.get(0);
				lastReport = reportWaiting(holder, lastReport);
			}
			if (System.nanoTime() > deadline) {
				throw new PillarException(
						"Timed out after " + this.waitTimeout.toSeconds() + " s waiting for the migration lock (table "
								+ this.table.name() + ")" + ((holder != null) ? ", held by " + holder.owner : ""),
						"Another instance is migrating; if it crashed, its lease ends within " + this.lease.toSeconds()
								+ " s. Raise the lock wait timeout to wait longer.",
						PillarException.Kind.LOCK_TIMEOUT);
			}
			pause(withdrawn);
		}
	}

	/**
	 * Inserts an attempt and reads back the live ones: the lock is won only when the
	 * attempt is alone, and soon enough to be sure of it. Whatever happens after the
	 * insert, an attempt that does not win is released, so that no lease leaks.
	 * @return the hold, or {@code null} when another attempt is live too
	 */
	private @Nullable Hold attempt(String token, long start, long deadline) {
		try {
			insert(token, 0, "", "", deadline);
		}
		catch (DataAccessException ex) {
			if (!ClickHouseErrors.isUnknownInsertStatus(ex)) {
				throw ex;
			}
			// not confirmed in time (a replica that does not fetch): the row may still
			// arrive, so withdraw it, and try again with another token; whoever sees it
			// meanwhile waits, which is safe
			logger.info("The migration lock attempt " + token + " was not confirmed in time; withdrawing it: "
					+ ClickHouseErrors.message(ex));
			release(token);
			return null;
		}
		boolean won = false;
		try {
			List<Attempt> unreleased = unreleased();
			List<Attempt> live = live(unreleased);
			if (live.size() == 1 && live.get(0).token.equals(token) && System.nanoTime() - start < sureForNanos()) {
				Hold hold = new Hold(token, start, unreleased.stream().filter((a) -> !a.alive).toList());
				won = true;
				return hold;
			}
			return null;
		}
		finally {
			if (!won) {
				release(token);
			}
		}
	}

	private static List<Attempt> live(List<Attempt> unreleased) {
		return unreleased.stream().filter(Attempt::alive).toList();
	}

	/**
	 * Says who holds the lock, when the wait begins and every {@link #REPORT_EVERY} while
	 * it lasts: a starting instance that waits must not look hung.
	 * @return when it last reported ({@link System#nanoTime()}), or {@code lastReport}
	 * when it did not now
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

	/**
	 * Pauses before the next try: 200 to 600 ms while another holds the lock; after
	 * withdrawing from a tie, a random pause that grows with each withdrawal, so that one
	 * of the contenders soon finds itself alone.
	 */
	private static void pause(int withdrawn) {
		int bound = (withdrawn == 0) ? 400 : 100 << Math.min(withdrawn, 5);
		sleep(((withdrawn == 0) ? 200 : 20) + ThreadLocalRandom.current().nextInt(bound));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PillarException("Interrupted while waiting for the migration lock", "Start again.", ex);
		}
	}

	private void createIfMissing() {
		if (this.tableReady) {
			return;
		}
		this.table.createIfMissing("(token String, owner String, acquired_at DateTime, expires_at DateTime, "
				+ "released UInt8, intent String, progress String)", "token");
		// before the first attempt: a lock per shard, or written below the quorum that
		// it needs, would exclude no one
		this.table.checkReplication(this.writer);
		this.tableReady = true;
	}

	/**
	 * Every attempt not released, live or expired: who holds or waits, and who died
	 * holding.
	 */
	private List<Attempt> unreleased() {
		// a run's latest intent is the one after the most history rows ("up 10 …" comes
		// after "up 9 …", which max() would pick): one that completed an interrupted
		// migration keeps a second intent for the migrations it runs next
		String sql = "SELECT token, any(owner), toUInt32(min(acquired_at)) AS acquired, toUInt32(max(acquired_at)), "
				+ "max(expires_at) > now(), argMax(intent, if(intent = '', 0, 1 + toUInt64OrZero(splitByChar(' ', "
				+ "intent)[2]))), groupUniqArray(progress) FROM " + this.table.name()
				+ " GROUP BY token HAVING max(released) = 0 ORDER BY acquired, token";
		try {
			return query(sql);
		}
		catch (DataAccessException ex) {
			// a lock table of Pillar before it kept intents
			if (!ClickHouseErrors.isUnknownColumn(ex)) {
				throw ex;
			}
			this.table.addColumns("intent String", "progress String");
			return query(sql);
		}
	}

	private List<Attempt> query(String sql) {
		return this.jdbc.query(sql, (rs, row) -> new Attempt(rs.getString(1), rs.getString(2), rs.getLong(3),
				rs.getLong(4), rs.getInt(5) == 1, rs.getString(6), List.of((String[]) rs.getArray(7).getArray())));
	}

	private void insert(String token, int released) {
		insert(token, released, "", "", System.nanoTime() + this.lease.toNanos() / 4);
	}

	private void insert(String token, int released, String intent, String progress, long deadline) {
		String sql = "INSERT INTO " + this.table.name() + " (token, owner, acquired_at, expires_at, released, intent, "
				+ "progress) SELECT " + SqlText.literal(token) + ", " + SqlText.literal(this.owner.get())
				+ ", now(), now() + " + this.lease.toSeconds() + ", " + released + ", " + SqlText.literal(intent) + ", "
				+ SqlText.literal(progress);
		while (true) {
			try {
				this.writer.insert(sql);
				return;
			}
			catch (DataAccessException ex) {
				// with insert_quorum, ClickHouse takes one quorum insert at a time per
				// table, and one left unconfirmed by a replica that went down waits until
				// it is back: a busy lock, not a fault
				if (System.nanoTime() > deadline || !ClickHouseErrors.isQuorumBusy(ex)) {
					throw ex;
				}
				sleep(200 + ThreadLocalRandom.current().nextInt(400));
			}
		}
	}

	private boolean released(String token) {
		Integer released = this.jdbc.queryForObject(
				"SELECT max(released) FROM " + this.table.name() + " WHERE token = " + SqlText.literal(token),
				Integer.class);
		return released != null && released == 1;
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

	/**
	 * One attempt as read back.
	 *
	 * @param intent what its holder ran, written once it held the lock; empty for an
	 * attempt that never held it
	 * @param progress what its renewals carried, {@code version:statement} each (or
	 * empty), in no order
	 */
	private record Attempt(String token, String owner, long acquiredAt, long renewedAt, boolean alive, String intent,
			List<String> progress) {

		/**
		 * The run it left, if it died holding the lock with an intent.
		 * @throws RuntimeException when the intent or progress cannot be read
		 */
		@Nullable AbandonedRun abandoned() {
			if (this.alive || this.intent.isEmpty()) {
				return null;
			}
			// "up 17 20250101000000,20250101000001"
			String[] parts = this.intent.split(" ", 3);
			List<Long> versions = (parts.length < 3 || parts[2].isEmpty()) ? List.of()
					: Arrays.stream(parts[2].split(",")).map(Long::valueOf).toList();
			RunIntent run = new RunIntent(MigrationDirection.valueOf(parts[0].toUpperCase(Locale.ROOT)), versions,
					Long.parseLong(parts[1]));
			// a run only moves forward: the furthest renewal is the last (two in one
			// second cannot be ordered by time)
			long[] furthest = null;
			for (String renewal : this.progress) {
				int colon = renewal.indexOf(':');
				if (colon > 0) {
					long version = Long.parseLong(renewal.substring(0, colon));
					long[] at = { versions.indexOf(version), Long.parseLong(renewal.substring(colon + 1)), version };
					if (furthest == null || at[0] > furthest[0] || (at[0] == furthest[0] && at[1] > furthest[1])) {
						furthest = at;
					}
				}
			}
			return new AbandonedRun(this.token, this.owner, Instant.ofEpochSecond(this.acquiredAt),
					Instant.ofEpochSecond(this.renewedAt), run, (furthest != null) ? furthest[2] : null,
					(furthest != null) ? (int) furthest[1] : null);
		}

	}

	/**
	 * The lock as its holder sees it: the token, how long it is sure of it, what it runs,
	 * and the dead holders found on acquiring.
	 */
	private final class Hold implements LockHold {

		private final String token;

		private final Map<String, AbandonedRun> dead = new LinkedHashMap<>();

		/** The start of the last renewal that succeeded ({@link System#nanoTime()}). */
		private volatile long renewedAt;

		/** Why the lock may no longer be this holder's, once it may not. */
		private volatile @Nullable String lost;

		private volatile String intent = "";

		private volatile String progress = "";

		Hold(String token, long acquiredAt, List<Attempt> dead) {
			this.token = token;
			this.renewedAt = acquiredAt;
			for (Attempt attempt : dead) {
				AbandonedRun run = readable(attempt);
				if (run != null) {
					this.dead.put(attempt.token, run);
				}
				else {
					// died before it held the lock or ran anything, or left nothing
					// readable: nothing to tell
					insert(attempt.token, 1);
				}
			}
		}

		private static @Nullable AbandonedRun readable(Attempt attempt) {
			try {
				return attempt.abandoned();
			}
			catch (RuntimeException ex) {
				logger.warn("Skipping a migration lock row that Pillar cannot read, and releasing it: token "
						+ attempt.token + ", owner " + attempt.owner + ", intent '" + attempt.intent + "', progress "
						+ attempt.progress + " (" + ex + ")");
				return null;
			}
		}

		@Override
		public String runId() {
			return this.token;
		}

		@Override
		public List<AbandonedRun> abandoned() {
			return List.copyOf(this.dead.values());
		}

		@Override
		public void settle(AbandonedRun run) {
			this.dead.entrySet().removeIf((entry) -> {
				if (!run.equals(entry.getValue())) {
					return false;
				}
				insert(entry.getKey(), 1);
				return true;
			});
		}

		@Override
		public void intend(RunIntent run) {
			this.intent = run.direction().label() + " " + run.afterSequence() + " "
					+ run.versions().stream().map(String::valueOf).collect(Collectors.joining(","));
			this.progress = "";
			// for whoever takes over after a death: without it on every replica, a
			// death would leave no trace of what ran for an instance on another one,
			// and it would run it again from its start
			try {
				insert(this.token, 0, this.intent, "",
						System.nanoTime() + ClickHouseMigrationLock.this.lease.toNanos() / 4);
			}
			catch (DataAccessException ex) {
				throw new PillarException(
						"Could not keep what this run does (" + this.intent + ") with the migration lock "
								+ ClickHouseMigrationLock.this.table.name()
								+ ", so nothing of it was run: should this instance die while running it, the next one "
								+ "could not tell what ran. Why: " + ClickHouseErrors.message(ex),
						"Check that ClickHouse is reachable and accepts inserts into "
								+ ClickHouseMigrationLock.this.table.name() + ", then start again.",
						PillarException.Kind.LOCK_UNAVAILABLE, ex);
			}
		}

		@Override
		public void progress(long version, int statement) {
			this.progress = version + ":" + statement;
		}

		@Override
		public void ensureHeld() {
			String reason = this.lost;
			if (reason == null && System.nanoTime() - this.renewedAt >= sureForNanos()) {
				reason = lose(overdue());
			}
			if (reason != null) {
				throw new PillarException(
						"Lost the migration lock " + ClickHouseMigrationLock.this.table.name() + ": " + reason,
						"Another instance may hold the lock now. Pause or cut-off instances for less than half the "
								+ "lease, or raise the lease (" + ClickHouseMigrationLock.this.lease.toSeconds()
								+ " s).",
						PillarException.Kind.LOCK_LOST);
			}
		}

		/**
		 * Renews the lease, from the renewal thread: retried until the holder is no
		 * longer sure of the lock, and then the hold is lost. Survives any exception, so
		 * later renewals are never cancelled.
		 */
		void renew() {
			RuntimeException failure = null;
			while (this.lost == null && !Thread.currentThread().isInterrupted()) {
				long start = System.nanoTime();
				if (start - this.renewedAt >= sureForNanos()) {
					lose(overdue() + ((failure != null)
							? "; the last renewal failed: " + ClickHouseErrors.message(failure) : ""));
					return;
				}
				try {
					insert(this.token, 0, this.intent, this.progress, this.renewedAt + sureForNanos());
					// an answer that came once the holder was no longer sure counts for
					// nothing: another may have found the lease run out meanwhile
					if (System.nanoTime() - this.renewedAt < sureForNanos()) {
						this.renewedAt = start;
					}
					// off the clock: whatever this read waits for, it can only find the
					// lock lost
					if (released(this.token)) {
						lose("another instance released its lease, having found it run out: it took the lock over");
					}
					return;
				}
				catch (RuntimeException ex) {
					failure = ex;
					logger.warn("Could not renew the migration lock " + ClickHouseMigrationLock.this.table.name()
							+ ", trying again: " + ClickHouseErrors.message(ex));
					try {
						Thread.sleep(RENEWAL_RETRY_PAUSE.toMillis());
					}
					catch (InterruptedException interrupted) {
						return;
					}
				}
			}
		}

		private String overdue() {
			return "no renewal of its lease succeeded for " + (System.nanoTime() - this.renewedAt) / 1_000_000
					+ " ms, and a holder is sure of the lock for half the "
					+ ClickHouseMigrationLock.this.lease.toSeconds()
					+ " s lease after one starts (the instance was paused, by a long garbage collection, a frozen "
					+ "container or VM, or could not reach ClickHouse)";
		}

		private String lose(String reason) {
			if (this.lost == null) {
				this.lost = reason;
				logger.warn("Lost the migration lock " + ClickHouseMigrationLock.this.table.name() + ": " + reason
						+ "; running nothing more");
			}
			return this.lost;
		}

	}

}
