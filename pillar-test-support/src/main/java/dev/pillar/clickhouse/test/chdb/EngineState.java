package dev.pillar.clickhouse.test.chdb;

import java.util.Map;

/**
 * The state a query runs in: what a session (or a request without one) has chosen.
 *
 * @param database the current database
 * @param settings settings changed from the server's defaults, by name
 */
record EngineState(String database, Map<String, String> settings) {

	/**
	 * A request without a session: the {@code default} database, and no setting changed.
	 */
	static final EngineState DEFAULT = new EngineState("default", Map.of());

	EngineState {
		settings = Map.copyOf(settings);
	}

	EngineState withDatabase(String database) {
		return new EngineState(database, this.settings);
	}

	/**
	 * @param more settings that win over these
	 * @return these settings and the others
	 */
	EngineState withSettings(Map<String, String> more) {
		java.util.Map<String, String> merged = new java.util.HashMap<>(this.settings);
		merged.putAll(more);
		return new EngineState(this.database, merged);
	}

}
