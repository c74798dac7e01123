package dev.pillar.clickhouse.test.chdb;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.test.bridge.Escaping;

/**
 * Keeps chDB's one connection in the state each request asks for. A server gives every
 * HTTP session (and every request without one) its own current database and settings;
 * chDB has one connection, so before each query this changes its database and settings to
 * the request's with {@code USE} and {@code SET}, and after a statement that may have
 * changed them ({@code USE}, {@code SET}) reads back where the connection stands.
 */
final class EngineStateKeeper {

	private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	private final ChdbEngine engine;

	/**
	 * The settings that the front finds changed when it starts (chDB's own choices and
	 * the front's).
	 */
	private final Map<String, String> baseline;

	/** Settings that now differ from the baseline. */
	private final Map<String, String> applied = new HashMap<>();

	private String database = "default";

	EngineStateKeeper(ChdbEngine engine) {
		this.engine = engine;
		this.baseline = Map.copyOf(changedSettings(Map.of()));
	}

	/**
	 * Brings the connection into a state.
	 * @param state the database and the settings the next query runs with
	 * @throws QueryError when a setting is unknown or has a bad value, or the database
	 * does not exist
	 */
	void enter(EngineState state) {
		for (String name : Map.copyOf(this.applied).keySet()) {
			if (!state.settings().containsKey(name)) {
				String base = this.baseline.get(name);
				run("SET " + name + " = " + ((base != null) ? quote(base) : "DEFAULT"));
				this.applied.remove(name);
			}
		}
		for (Map.Entry<String, String> setting : state.settings().entrySet()) {
			String name = setting.getKey();
			if (!setting.getValue().equals(this.applied.get(name))) {
				if (!SETTING_NAME.matcher(name).matches()) {
					throw QueryError.of(QueryError.UNKNOWN_SETTING, "UNKNOWN_SETTING",
							"Unknown setting '" + name + "'");
				}
				run("SET " + name + " = " + quote(setting.getValue()));
				this.applied.put(name, setting.getValue());
			}
		}
		if (!state.database().equals(this.database)) {
			run("USE `" + state.database().replace("\\", "\\\\").replace("`", "\\`") + "`");
			this.database = state.database();
		}
	}

	/**
	 * Reads back the connection's state, after a statement that may have changed it.
	 * @return its database and the settings that differ from the baseline
	 */
	EngineState read() {
		this.applied.clear();
		this.applied.putAll(changedSettings(this.baseline));
		this.database = run("SELECT currentDatabase()").text().strip();
		return new EngineState(this.database, this.applied);
	}

	/**
	 * Settings whose value differs from the baseline's (reading the baseline's own too,
	 * in case they went back).
	 */
	private Map<String, String> changedSettings(Map<String, String> baseline) {
		StringBuilder sql = new StringBuilder("SELECT name, value FROM system.settings WHERE changed");
		for (String name : baseline.keySet()) {
			sql.append(" OR name = ").append(quote(name));
		}
		Map<String, String> settings = new HashMap<>();
		for (String line : run(sql.toString()).text().split("\n")) {
			int tab = line.indexOf('\t');
			if (tab > 0) {
				String name = line.substring(0, tab);
				String value = Escaping.unescapeTsv(line.substring(tab + 1));
				if (!value.equals(baseline.get(name))) {
					settings.put(name, value);
				}
			}
		}
		return settings;
	}

	private EngineResult run(String sql) {
		EngineResult result = this.engine.query(sql);
		if (result.error() != null) {
			throw QueryError.fromEngine(result.error());
		}
		return result;
	}

	static String quote(String value) {
		return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
	}

}
