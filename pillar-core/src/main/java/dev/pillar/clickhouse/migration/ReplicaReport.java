package dev.pillar.clickhouse.migration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One replica of the cluster compared with the history.
 *
 * @param replica its address, {@code host:port} as {@code system.clusters} names it
 * @param reachable whether it answered
 * @param historyRows how many history rows it holds
 * @param lastSequence the newest history row it holds
 * @param inSync whether its history ends where the one read by this migrator does
 * @param missingTables tables that the applied migrations create but it does not have
 * @param error why it could not be checked, when it could not
 */
public record ReplicaReport(String replica, boolean reachable, long historyRows, long lastSequence, boolean inSync,
		List<String> missingTables, @Nullable String error) {

}
