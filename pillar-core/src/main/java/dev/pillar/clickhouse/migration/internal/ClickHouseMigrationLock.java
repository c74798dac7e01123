package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.pillar.clickhouse.migration.AbandonedRun;
import dev.pillar.clickhouse.migration.LockHold;
import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationLock;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.RunIntent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link MigrationLock} kept in a ClickHouse table, needing nothing but the server
 * itself: an insert-then-read-back lease.
 * <p>
 * Each attempt is a row with a random token, stamped with the <em>server's</em> clock
 * ({@code now()}, seconds) and an expiry {@code now() + lease}. To acquire: (1) if a live
 * attempt (not released, not expired) exists, wait; (2) insert an attempt; (3) read back
 * every live attempt. The attempt wins only if every other live attempt is <em>strictly
 * later</em> than its own; otherwise it inserts its release and retries after a random
 * pause. This is safe because an insert is visible to every read that starts after it
 * returns: of two attempts, the later one always sees the earlier one at step (3), and
 * loses to it; two within the same second see each other and both retry. The holder
 * renews its lease every third of it, so a long migration keeps the lock while a crashed
 * holder's lease simply runs out. Release inserts a row; nothing is ever updated or
 * deleted, as ClickHouse mutations are asynchronous.
 * <p>
 * What the holder runs is kept too ({@link LockHold}): once it holds the lock it inserts
 * one more row with its {@link RunIntent} (the migrations it is about to run), and each
 * renewal carries its progress (the migration and statement running then). A holder that
 * died leaves attempts that expired unreleased: the next holder finds them with the same
 * read it acquires with, and is handed those that carry an intent as {@link AbandonedRun
 * abandoned runs}; releasing them on the dead holder's behalf settles them. So what was
 * interrupted costs one insert per run and nothing per migration; progress is known as of
 * the dead holder's last renewal, within a third of a lease.
 * <p>
 * One holder at a time per table: concurrent callers in one JVM queue up like separate
 * processes would.
 */
public final class ClickHouseMigrationLock implements MigrationLock {

	private static final Log logger = LogFactory.getLog(ClickHouseMigrationLock.class);

	private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

	private final JdbcTemplate jdbc;

	private final JdbcTemplate confirmedWrites;

	private final TrackingTable table;

	private final Supplier<String> owner;

	private final Duration lease;

	private final Duration waitTimeout;

	/**
	 * Creates a lock, on a single server or shared by the replicas of a cluster.
	 * @param jdbc the connection to ClickHouse, for reads
	 * @param confirmedWrites the connection for its rows: on a cluster one whose inserts
	 * wait for a quorum of replicas, so that instances connected to different replicas
	 * see each other's attempts
	 * @param table the lock table
	 * @param cluster the cluster, or {@code null} for a single server
	 * @param owner who holds it, shown to those who wait; asked when the lock is taken
	 * @param lease how long a holder that stops renewing keeps the lock
	 * @param waitTimeout how long to wait for another holder before giving up
	 */
	public ClickHouseMigrationLock(JdbcTemplate jdbc, JdbcTemplate confirmedWrites, String table,
			@Nullable String cluster, Supplier<String> owner, Duration lease, Duration waitTimeout) {
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
	public <T> T withLock(Function<LockHold, T> action) {
		Hold hold = acquire();
		ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "pillar-lock-renewal");
			thread.setDaemon(true);
			return thread;
		});
		long every = Math.max(1, this.lease.toMillis() / 3);
		renewer.scheduleAtFixedRate(() -> renew(hold), every, every, TimeUnit.MILLISECONDS);
		try {
			return action.apply(hold);
		}
		finally {
			renewer.shutdownNow();
			release(hold.token);
		}
	}

	private Hold acquire() {
		createIfMissing();
		long deadline = System.nanoTime() + this.waitTimeout.toNanos();
		Attempt holder = null;
		long lastReport = 0;
		while (true) {
			List<Attempt> unreleased = unreleased();
			List<Attempt> live = unreleased.stream().filter(Attempt::alive).toList();
			if (live.isEmpty()) {
				String token = UUID.randomUUID().toString();
				insert(token, 0, "", "", deadline);
				live = unreleased().stream().filter(Attempt::alive).toList();
				Attempt mine = live.stream().filter((a) -> a.token.equals(token)).findFirst().orElse(null);
				if (mine != null && live.stream().allMatch((a) -> a == mine || a.acquiredAt > mine.acquiredAt)) {
					logger.debug("Acquired the migration lock " + this.table.name() + " as " + this.owner.get());
					return new Hold(token, unreleased.stream().filter((a) -> !a.alive).toList());
				}
				insert(token, 1);
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
			pause();
		}
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
		this.table.createIfMissing("(token String, owner String, acquired_at DateTime, expires_at DateTime, "
				+ "released UInt8, intent String, progress String)", "token");
	}

	/**
	 * Every attempt not released, live or expired: who holds or waits, and who died
	 * holding.
	 */
	private List<Attempt> unreleased() {
		String sql = "SELECT token, any(owner), toUInt32(min(acquired_at)) AS acquired, toUInt32(max(acquired_at)), "
				+ "max(expires_at) > now(), max(intent), groupUniqArray(progress) FROM " + this.table.name()
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
		insert(token, released, "", "", System.nanoTime() + this.lease.toNanos() / 3);
	}

	private void insert(String token, int released, String intent, String progress, long deadline) {
		insert(this.confirmedWrites, token, released, intent, progress, deadline);
	}

	private void insert(JdbcTemplate writes, String token, int released, String intent, String progress,
			long deadline) {
		while (true) {
			try {
				writes.update(
						"INSERT INTO " + this.table.name() + " (token, owner, acquired_at, "
								+ "expires_at, released, intent, progress) SELECT ?, ?, now(), now() + ?, ?, ?, ?",
						token, this.owner.get(), this.lease.toSeconds(), released, intent, progress);
				return;
			}
			catch (DataAccessException ex) {
				// with insert_quorum, ClickHouse takes one quorum insert at a time per
				// table, and one left unconfirmed
				// by a replica that went down waits until it is back: a busy lock, not a
				// fault
				if (System.nanoTime() > deadline || !ClickHouseErrors.isQuorumBusy(ex)) {
					throw ex;
				}
				pause();
			}
		}
	}

	private void renew(Hold hold) {
		try {
			insert(hold.token, 0, hold.intent, hold.progress, System.nanoTime() + this.lease.toNanos() / 3);
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
			return new AbandonedRun(this.owner, Instant.ofEpochSecond(this.acquiredAt),
					Instant.ofEpochSecond(this.renewedAt), run, (furthest != null) ? furthest[2] : null,
					(furthest != null) ? (int) furthest[1] : null);
		}

	}

	/**
	 * The lock as its holder sees it: the token, what it runs, and the dead holders found
	 * on acquiring.
	 */
	private final class Hold implements LockHold {

		private final String token;

		private final List<Attempt> dead;

		private volatile String intent = "";

		private volatile String progress = "";

		Hold(String token, List<Attempt> dead) {
			this.token = token;
			this.dead = new ArrayList<>();
			for (Attempt attempt : dead) {
				if (attempt.abandoned() != null) {
					this.dead.add(attempt);
				}
				else {
					// died before it held the lock or ran anything: nothing to tell
					insert(attempt.token, 1);
				}
			}
		}

		@Override
		public List<AbandonedRun> abandoned() {
			return this.dead.stream().map(Attempt::abandoned).filter(Objects::nonNull).toList();
		}

		@Override
		public void settle(AbandonedRun run) {
			this.dead.removeIf((attempt) -> {
				if (!run.equals(attempt.abandoned())) {
					return false;
				}
				insert(attempt.token, 1);
				return true;
			});
		}

		@Override
		public void intend(RunIntent run) {
			this.intent = run.direction().label() + " " + run.afterSequence() + " "
					+ run.versions().stream().map(String::valueOf).collect(Collectors.joining(","));
			this.progress = "";
			// for whoever takes over after a death, not for exclusion: no quorum to wait
			// for, and a failure only
			// leaves that less known
			try {
				insert(ClickHouseMigrationLock.this.jdbc, this.token, 0, this.intent, "", System.nanoTime());
			}
			catch (DataAccessException ex) {
				logger.warn("Could not keep what this run does with the migration lock "
						+ ClickHouseMigrationLock.this.table.name() + " (should "
						+ "this instance die, the next one cannot tell which migration it interrupted): "
						+ ClickHouseErrors.message(ex));
			}
		}

		@Override
		public void progress(long version, int statement) {
			this.progress = version + ":" + statement;
		}

	}

}
