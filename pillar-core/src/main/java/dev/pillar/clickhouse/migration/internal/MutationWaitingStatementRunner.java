package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.pillar.clickhouse.migration.PillarException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs a statement and, when it started mutations, waits for them: a statement is done
 * only when the rows it rewrites are.
 * {@code ALTER TABLE … UPDATE/DELETE/MODIFY COLUMN/MATERIALIZE/CLEAR} answer at once and
 * rewrite the table in the background, where they can fail unseen.
 * <p>
 * For a statement that may start mutations ({@code ALTER TABLE} or {@code DELETE FROM})
 * it reads the table's mutations and the server's time before it runs (one query): its
 * mutations are those created since, not there before, whose command is the statement's.
 * Another connection's mutation of the same table is not waited for, nor blamed. It then
 * polls them until each is done (on a cluster, on every replica), one fails, one vanishes
 * before it is seen done (killed, or its table dropped: a failure), or the timeout
 * passes; a poll that fails is tried again until then, never the statement. Servers that
 * do not say why a mutation fails (before {@code latest_fail_reason}) are asked by
 * evaluating the same expressions over the same rows. Every other statement runs as it
 * is, at no extra cost.
 */
public final class MutationWaitingStatementRunner implements StatementRunner {

	private static final Log logger = LogFactory.getLog(MutationWaitingStatementRunner.class);

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private static final long FIRST_POLL_MILLIS = 100;

	private static final long LONGEST_POLL_MILLIS = 2000;

	/**
	 * How long an UPDATE or DELETE may take to show its mutation: a replica lists a
	 * replicated table's mutation once it has read it from ZooKeeper, a moment after the
	 * ALTER answered.
	 */
	private static final Duration FIRST_SIGHT = Duration.ofSeconds(10);

	private final StatementRunner statements;

	private final JdbcTemplate jdbc;

	private final MutationReader mutations;

	private final Duration timeout;

	private final RunningStatementTracker running;

	/**
	 * Creates a runner.
	 * @param statements runs the statement itself
	 * @param jdbc the connection to ClickHouse
	 * @param replicas the replicas of the cluster, or {@code null} on a single server
	 * @param timeout how long to wait for a statement's mutations
	 * @param running told which mutations are waited for
	 */
	public MutationWaitingStatementRunner(StatementRunner statements, JdbcTemplate jdbc,
			@Nullable ClusterReplicas replicas, Duration timeout, RunningStatementTracker running) {
		this.statements = statements;
		this.jdbc = jdbc;
		this.mutations = new MutationReader(jdbc, replicas);
		this.timeout = timeout;
		this.running = running;
	}

	@Override
	public void run(String statement) {
		Optional<MutatedTable> target = MutatedTable.of(statement);
		if (target.isEmpty()) {
			this.statements.run(statement);
			return;
		}
		String database = this.mutations.database(target.get());
		String table = target.get().table();
		Ours ours = new Ours(statement, this.mutations.before(database, table));
		try {
			this.statements.run(statement);
		}
		catch (DataAccessException ex) {
			throw failedAtOnce(ex, database, table, ours);
		}
		await(database, table, ours);
	}

	/**
	 * A server that runs mutations synchronously ({@code mutations_sync}) refuses the
	 * statement when its mutation fails, but the mutation stays and retries: say which it
	 * is and how to stop it.
	 */
	private DataAccessException failedAtOnce(DataAccessException ex, String database, String table, Ours ours) {
		if (ex instanceof LostAnswerException) {
			// what is known of the statement is said already
			return ex;
		}
		List<Mutation> started;
		try {
			started = ours.of(this.mutations.read(database, table)).stream().filter((m) -> !m.done()).toList();
		}
		catch (DataAccessException readFailure) {
			ex.addSuppressed(readFailure);
			return ex;
		}
		if (started.isEmpty()) {
			return ex;
		}
		Mutation mutation = started.get(0);
		return failed(mutation, mutation.failReason().isEmpty() ? ClickHouseErrors.message(ex) : mutation.failReason(),
				null);
	}

	private void await(String database, String table, Ours ours) {
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		long loggedAt = start;
		long pause = FIRST_POLL_MILLIS;
		Set<String> probed = new HashSet<>();
		Map<String, Mutation> seenPending = new LinkedHashMap<>();
		DataAccessException unread = null;
		boolean seen = false;
		for (int poll = 0;; poll++) {
			List<Mutation> pending = null;
			try {
				List<Mutation> mine = ours.of(this.mutations.read(database, table));
				unread = null;
				Set<String> listed = mine.stream().map(Mutation::key).collect(Collectors.toSet());
				for (Mutation gone : seenPending.values()) {
					if (!listed.contains(gone.key())) {
						throw vanished(gone);
					}
				}
				seen |= !mine.isEmpty();
				pending = mine.stream().filter((mutation) -> !mutation.done()).toList();
				seenPending.clear();
				pending.forEach((mutation) -> seenPending.put(mutation.key(), mutation));
			}
			catch (UnfinishedMutationException ex) {
				throw ex;
			}
			catch (DataAccessException ex) {
				// the statement ran: reading its mutations again is safe, running it
				// again
				// is not
				unread = ex;
				logger.warn("Could not read the mutations of " + database + "." + table + ", trying again: "
						+ ClickHouseErrors.message(ex));
			}
			if (pending != null && pending.isEmpty()
					&& (seen || !ours.expectsOne() || System.nanoTime() - start > FIRST_SIGHT.toNanos())) {
				if (!seen && ours.expectsOne()) {
					logger.warn("No mutation of " + database + "." + table + " with the statement's command showed in "
							+ "system.mutations within " + FIRST_SIGHT.toSeconds() + " s: taken as done");
				}
				this.running.waitingFor(List.of());
				return;
			}
			if (pending != null) {
				for (Mutation mutation : pending) {
					if (!mutation.failReason().isEmpty()) {
						throw failed(mutation, mutation.failReason(), null);
					}
				}
				this.running.waitingFor(pending.stream().map(Mutation::progress).toList());
			}
			long now = System.nanoTime();
			if (pending != null && !pending.isEmpty() && (poll == 1 || now - loggedAt >= PROGRESS_EVERY.toNanos())) {
				loggedAt = now;
				logger.info("Waiting for "
						+ pending.stream()
							.map((mutation) -> "mutation " + mutation.describe() + " (" + mutation.partsToDo()
									+ " part(s) to do)")
							.collect(Collectors.joining(", "))
						+ ", " + Duration.ofNanos(now - start).toSeconds() + " s so far");
			}
			if (pending != null && poll > 0 && !this.mutations.saysWhy()) {
				// not done at the first poll: ask now whether it fails, where the server
				// would only log it
				for (Mutation mutation : pending) {
					if (probed.add(mutation.id())) {
						probe(mutation);
					}
				}
			}
			now = System.nanoTime();
			if (now - deadline > 0) {
				if (pending != null && pending.isEmpty()) {
					// none showed: nothing to wait for
					this.running.waitingFor(List.of());
					return;
				}
				throw (pending != null) ? timedOut(pending) : unreadable(database, table, unread);
			}
			sleep(Math.min(pause, Math.max(1, (deadline - now) / 1_000_000)));
			pause = Math.min(pause * 2, LONGEST_POLL_MILLIS);
		}
	}

	/**
	 * Evaluates what the mutation evaluates: ClickHouse's error for it is the mutation's.
	 */
	private void probe(Mutation mutation) {
		Optional<String> probe = new MutationCommand(mutation.command())
			.probe(SqlText.name(mutation.database()) + "." + SqlText.name(mutation.table()));
		if (probe.isEmpty()) {
			return;
		}
		try {
			this.jdbc.query(probe.get(), (rs) -> {
			});
		}
		catch (DataAccessException ex) {
			// a probe that runs out of time or reaches no server says nothing about the
			// mutation
			if (ClickHouseErrors.hasCode(ex) && !ClickHouseErrors.isTimeout(ex)) {
				throw failed(mutation, ClickHouseErrors.message(ex), probe.get());
			}
		}
	}

	private UnfinishedMutationException failed(Mutation mutation, String reason, @Nullable String probe) {
		return new UnfinishedMutationException("Mutation " + mutation.describe() + " failed: " + reason
				+ ((probe != null) ? " (this server does not say why a mutation fails: that is the error of the same "
						+ "expressions over the same rows, " + probe + ")" : "")
				+ ". The mutation keeps retrying in the background: " + stop(mutation)
				+ ", then fix the data or the statement and resume, which runs the statement again.");
	}

	/** Gone before it was seen done: killed (KILL MUTATION), or its table dropped. */
	private UnfinishedMutationException vanished(Mutation mutation) {
		return new UnfinishedMutationException("Mutation " + mutation.describe()
				+ " vanished from system.mutations before it was seen done (" + mutation.partsToDo()
				+ " part(s) to do when last seen): it was killed, or its table dropped, and the rows it rewrites "
				+ "may be rewritten in part only. Check the data, then resume (which runs the statement again) or "
				+ "undo what ran and repair the history.");
	}

	private UnfinishedMutationException unreadable(String database, String table, @Nullable DataAccessException ex) {
		return new UnfinishedMutationException("The statement ran, but its mutations of table " + database + "." + table
				+ " could not be read within the mutation timeout (" + seconds(this.timeout) + "): "
				+ ((ex != null) ? ClickHouseErrors.message(ex) : "no answer")
				+ ". Once system.mutations shows them done, resume from the statement after it; do not run it again.");
	}

	private UnfinishedMutationException timedOut(List<Mutation> pending) {
		Mutation mutation = pending.get(0);
		return new UnfinishedMutationException("Mutation " + mutation.describe()
				+ " did not finish within the mutation timeout (" + seconds(this.timeout) + "): " + mutation.partsToDo()
				+ " part(s) to do"
				+ ((pending.size() > 1) ? ", and " + (pending.size() - 1) + " more mutation(s) of the statement" : "")
				+ (this.mutations.saysWhy() ? ""
						: "; this server does not say whether a mutation fails: if it did, the server's log has the "
								+ "reason")
				+ ". If it finishes later, the statement's work is done: resume from the statement after it. "
				+ "Otherwise " + stop(mutation) + ", then resume (which runs the statement again) or undo what ran "
				+ "and repair the history.");
	}

	/** How to stop a mutation: KILL MUTATION came with {@code latest_fail_reason}. */
	private String stop(Mutation mutation) {
		if (this.mutations.saysWhy()) {
			return "stop it with KILL MUTATION WHERE database = " + SqlText.literal(mutation.database())
					+ " AND table = " + SqlText.literal(mutation.table()) + " AND mutation_id = "
					+ SqlText.literal(mutation.id());
		}
		// a replicated table keeps its mutations in ZooKeeper, a plain one in files named
		// by the id
		return "this server has no KILL MUTATION, so it stops only when the table is dropped"
				+ (mutation.id().endsWith(".txt") ? ", or when the file " + mutation.id() + " is deleted from the "
						+ "table's data directory while the server is stopped" : "");
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PillarException("Interrupted while waiting for a mutation",
					"Start again: the mutation goes " + "on in the background; resume once it is done.", ex);
		}
	}

	/**
	 * The mutations a statement started: created once it was sent (on the server's
	 * clock), not there before, and holding its command.
	 */
	private record Ours(String statement, MutationReader.Before before) {

		/**
		 * @return whether the statement surely starts a mutation: an UPDATE or a DELETE
		 */
		boolean expectsOne() {
			return SqlText.indexOfKeyword(this.statement, "UPDATE") >= 0
					|| SqlText.indexOfKeyword(this.statement, "DELETE") >= 0;
		}

		List<Mutation> of(List<Mutation> mutations) {
			List<Mutation> ours = new ArrayList<>();
			for (Mutation mutation : mutations) {
				if (this.before.keys().contains(mutation.key())) {
					continue;
				}
				if (mutation.startedBy(this.statement, this.before.serverTime())) {
					ours.add(mutation);
				}
				else if (mutation.createdAt() >= this.before.serverTime() && !mutation.done()) {
					logger.debug("Not waiting for mutation " + mutation.describe() + " (" + mutation.command()
							+ "): another statement's");
				}
			}
			return ours;
		}

	}

}
