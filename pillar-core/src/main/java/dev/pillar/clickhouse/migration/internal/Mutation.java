package dev.pillar.clickhouse.migration.internal;

import dev.pillar.clickhouse.migration.MutationProgress;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code system.mutations}, on the server Pillar is connected to or on one
 * replica of a cluster.
 *
 * @param database the table's database
 * @param table the table
 * @param replica the replica ({@code host:port}), or {@code null} for the server Pillar
 * is connected to
 * @param id the mutation's id
 * @param command what it does, as the server shows it
 * @param done whether it is done
 * @param partsToDo how many parts it still has to rewrite
 * @param failReason why it failed last, or empty (always empty on servers that do not
 * say)
 * @param createdAt when it was created (epoch seconds, the server's clock)
 */
record Mutation(String database, String table, @Nullable String replica, String id, String command, boolean done,
		long partsToDo, String failReason, long createdAt) {

	/**
	 * @return what tells it apart from the mutations of the same table: its id on its
	 * replica
	 */
	String key() {
		return key((this.replica != null) ? this.replica : "", this.id);
	}

	static String key(String replica, String id) {
		return replica + "/" + id;
	}

	/**
	 * Whether a statement started it: its command is the statement's, and it was created
	 * once the statement was sent.
	 * @param statement the statement
	 * @param sentAt when it was sent (epoch seconds, the server's clock)
	 * @return whether it is the statement's
	 */
	boolean startedBy(String statement, long sentAt) {
		return this.createdAt >= sentAt && new MutationCommand(this.command).isOf(statement);
	}

	/**
	 * @return the mutation, for the status
	 */
	MutationProgress progress() {
		return new MutationProgress(this.database, this.table, this.id, this.replica, this.partsToDo);
	}

	/**
	 * @return the mutation in words: its id, table and, on a cluster, replica
	 */
	String describe() {
		return this.id + " of table " + this.database + "." + this.table
				+ ((this.replica != null) ? " on replica " + this.replica : "");
	}

}
