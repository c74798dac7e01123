package dev.pillar.clickhouse.migration.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
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
 * it reads the table's mutations before and after it runs: the new ones are the
 * statement's. It then polls them until each is done (on a cluster, on every replica),
 * one fails, or the timeout passes. Servers that do not say why a mutation fails (before
 * {@code latest_fail_reason}) are asked by evaluating the same expressions over the same
 * rows. Every other statement runs as it is, at no extra cost.
 */
public final class MutationWaitingStatementRunner implements StatementRunner {

	private static final Log logger = LogFactory.getLog(MutationWaitingStatementRunner.class);

	private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

	private static final long FIRST_POLL_MILLIS = 100;

	private static final long LONGEST_POLL_MILLIS = 2000;

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
		Set<String> before = this.mutations.read(database, table)
			.stream()
			.map(Mutation::key)
			.collect(Collectors.toSet());
		try {
			this.statements.run(statement);
		}
		catch (DataAccessException ex) {
			throw failedAtOnce(ex, database, table, before);
		}
		await(database, table, before);
	}

	/**
	 * A server that runs mutations synchronously ({@code mutations_sync}) refuses the
	 * statement when its mutation fails, but the mutation stays and retries: say which it
	 * is and how to stop it.
	 */
	private DataAccessException failedAtOnce(DataAccessException ex, String database, String table,
			Set<String> before) {
		List<Mutation> started;
		try {
			started = unfinished(database, table, before);
		}
		catch (DataAccessException readFailure) {
			ex.addSuppressed(readFailure);
			return ex;
		}
		if (started.isEmpty()) {
			return ex;
		}
		Mutation mutation = started.get(0);
		UnfinishedMutationException failure = failed(mutation,
				mutation.failReason().isEmpty() ? ClickHouseErrors.message(ex) : mutation.failReason(), null);
		// a retry's first attempt, for the history's message
		for (Throwable first : ex.getSuppressed()) {
			failure.addSuppressed(first);
		}
		return failure;
	}

	private void await(String database, String table, Set<String> before) {
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		long loggedAt = start;
		long pause = FIRST_POLL_MILLIS;
		Set<String> probed = new HashSet<>();
		for (int poll = 0;; poll++) {
			List<Mutation> pending = unfinished(database, table, before);
			if (pending.isEmpty()) {
				this.running.waitingFor(List.of());
				return;
			}
			for (Mutation mutation : pending) {
				if (!mutation.failReason().isEmpty()) {
					throw failed(mutation, mutation.failReason(), null);
				}
			}
			this.running.waitingFor(pending.stream().map(Mutation::progress).toList());
			long now = System.nanoTime();
			if (poll == 1 || now - loggedAt >= PROGRESS_EVERY.toNanos()) {
				loggedAt = now;
				logger.info("Waiting for "
						+ pending.stream()
							.map((mutation) -> "mutation " + mutation.describe() + " (" + mutation.partsToDo()
									+ " part(s) to do)")
							.collect(Collectors.joining(", "))
						+ ", " + Duration.ofNanos(now - start).toSeconds() + " s so far");
			}
			if (poll > 0 && !this.mutations.saysWhy()) {
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
				throw timedOut(pending);
			}
			sleep(Math.min(pause, Math.max(1, (deadline - now) / 1_000_000)));
			pause = Math.min(pause * 2, LONGEST_POLL_MILLIS);
		}
	}

	private List<Mutation> unfinished(String database, String table, Set<String> before) {
		return this.mutations.read(database, table)
			.stream()
			.filter((mutation) -> !before.contains(mutation.key()) && !mutation.done())
			.toList();
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

}
