package dev.pillar.clickhouse.migration;

/**
 * Which way a migration runs.
 */
public enum MigrationDirection {

	/** Applying: its {@code up} statements. */
	UP,

	/** Rolling back: its {@code down} statements. */
	DOWN;

	/**
	 * @return the lower-case name used in the endpoint and metrics
	 */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
