package dev.pillar.clickhouse.migration.internal;

import java.util.List;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.SecretRedactor;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;

/**
 * Turns what ClickHouse answered into what the operator reads: the message with, on a
 * cluster, the replicas that do not answer, and for a failure of Pillar's own tables what
 * went wrong and what to do. Every message and cause it hands on has the secrets masked.
 */
public final class ClickHouseFailures {

	private final String target;

	private final String historyTable;

	private final String lockTable;

	private final @Nullable String cluster;

	private final @Nullable ClusterReplicas replicas;

	private final SecretRedactor redactor;

	/**
	 * Creates the translator.
	 * @param target where the history is, for messages (see
	 * {@link ConnectionNames#target})
	 * @param historyTable the history table
	 * @param lockTable the lock table
	 * @param cluster the cluster, or {@code null}
	 * @param replicas its replicas, or {@code null} on a single server
	 * @param redactor masks the secrets in what it says
	 */
	public ClickHouseFailures(String target, String historyTable, String lockTable, @Nullable String cluster,
			@Nullable ClusterReplicas replicas, SecretRedactor redactor) {
		this.target = target;
		this.historyTable = historyTable;
		this.lockTable = lockTable;
		this.cluster = cluster;
		this.replicas = replicas;
		this.redactor = redactor;
	}

	/**
	 * Text as it may be shown: its secrets masked.
	 * @param text a statement or a message
	 * @return the text, masked
	 */
	String redact(String text) {
		String redacted = this.redactor.redact(text);
		return (redacted != null) ? redacted : text;
	}

	/**
	 * A failure as it may be handed on as a cause: its messages masked.
	 * @param ex the failure
	 * @return the failure, or a masked copy
	 */
	Throwable redact(Throwable ex) {
		Throwable redacted = this.redactor.redact(ex);
		return (redacted != null) ? redacted : ex;
	}

	/**
	 * ClickHouse's message, with the replicas that do not answer on a cluster: what
	 * ClickHouse's own leaves out.
	 * @param ex the failure
	 * @return the message
	 */
	String describe(Throwable ex) {
		return withReplicas(ClickHouseErrors.message(ex));
	}

	/**
	 * A message with, on a cluster, the replicas that do not answer appended.
	 * @param message the message
	 * @return the message, and the replicas that do not answer
	 */
	String withReplicas(String message) {
		if (this.replicas == null) {
			return redact(message);
		}
		List<String> down = this.replicas.unreachable();
		return down.isEmpty() ? redact(message) : redact(message) + " [replicas of cluster " + this.cluster
				+ " not answering: " + String.join(", ", down) + "]";
	}

	PillarException historyUnreadable(DataAccessException ex) {
		String message = "Cannot read the migration history (table " + this.historyTable + ") from ClickHouse at "
				+ this.target + ": " + describe(ex);
		if (ClickHouseErrors.isNetworkFailure(ex) || !ClickHouseErrors.hasCode(ex)) {
			return new PillarException(message, "Check that ClickHouse is running and reachable at " + this.target
					+ ", within the connect timeout.", PillarException.Kind.UNREACHABLE, redact(ex));
		}
		if (ClickHouseErrors.isLoginRefused(ex)) {
			return new PillarException(message, "ClickHouse refused the login: check the user name and password.",
					PillarException.Kind.LOGIN_REFUSED, redact(ex));
		}
		return new PillarException(message, "ClickHouse refused the query on " + this.historyTable + ": check that "
				+ "the user may create, read and write it, and that it still has Pillar's columns ("
				+ MigrationHistory.COLUMNS + "). If it was altered by hand, restore it, or rename it away and let "
				+ "Pillar create it anew (then baseline).", redact(ex));
	}

	PillarException lockUnavailable(DataAccessException ex) {
		return new PillarException(
				"Cannot take the migration lock (table " + this.lockTable + ") in ClickHouse: " + describe(ex),
				"Check that ClickHouse is up (on a cluster, every replica: lock rows wait for the "
						+ "insert quorum), then try again. Nothing was run.",
				PillarException.Kind.LOCK_UNAVAILABLE, redact(ex));
	}

	/**
	 * The lock table outlives a dropped history: without this, every migration would run
	 * again.
	 */
	PillarException historyMissing() {
		return new PillarException(
				"The migration history table " + this.historyTable + " is missing, but its lock " + "table "
						+ this.lockTable + " exists: the history was dropped, so Pillar cannot tell which "
						+ "migrations are applied. Nothing was run.",
				"Restore " + this.historyTable + " from a backup. Or, "
						+ "if the schema is as the migrations left it, drop " + this.lockTable + " and baseline at "
						+ "the newest applied version.",
				PillarException.Kind.HISTORY_MISSING);
	}

	PillarException unrecorded(String migration, int statements, String direction, boolean up, DataAccessException ex) {
		return new PillarException(
				"Migration " + migration + " ran all " + statements + " " + direction
						+ " statement(s), but the history (table " + this.historyTable + ") could not record it: "
						+ redact(ClickHouseErrors.message(ex)),
				"Its effect stays, but the history does not know. Pillar's own lock is left to run out instead "
						+ "of released, so the next instance finds this run unfinished and completes it from the "
						+ "server's record, or records it as interrupted; with a lock of your own, the next "
						+ (up ? "migrate runs it again from statement 1" : "status shows it applied")
						+ ". Check the schema by hand before going on; make its statements re-runnable "
						+ "(IF NOT EXISTS, IF EXISTS) where you can.",
				redact(ex));
	}

}
