package dev.pillar.clickhouse.migration;

import org.jspecify.annotations.Nullable;

/**
 * A mutation that a migration statement started ({@code ALTER TABLE … UPDATE},
 * {@code DELETE}, …), as ClickHouse's {@code system.mutations} shows it while Pillar
 * waits for it.
 *
 * @param database the table's database
 * @param table the table
 * @param mutationId the mutation's id
 * @param replica on a cluster, the replica ({@code host:port}) that has not done it yet;
 * else {@code null}
 * @param partsToDo how many parts it still has to rewrite
 */
public record MutationProgress(String database, String table, String mutationId, @Nullable String replica,
		long partsToDo) {

}
