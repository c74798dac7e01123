package dev.pillar.benchmark;

import org.jspecify.annotations.Nullable;

/**
 * The migration tools that {@link PeerBenchmark} runs side by side, each in a process of
 * its own per run, and the baseline each is compared with: a raw client of the same
 * runtime that sends the same statements and nothing else.
 */
enum PeerTool {

	/**
	 * clickhouse-jdbc over one connection, one {@code Statement.execute} per migration.
	 */
	RAW_JDBC("raw JDBC", true),

	/**
	 * Pillar's engine as the auto-configuration runs it at start-up:
	 * {@code new PillarMigrator(...).migrate()}.
	 */
	PILLAR("Pillar", true),

	/**
	 * A minimal Spring Boot app with Boot's Flyway integration and Flyway's ClickHouse
	 * plugin.
	 */
	FLYWAY("Boot + Flyway", true),

	/** {@code @clickhouse/client}, one {@code command()} per migration. */
	RAW_NODE("raw Node", false),

	/** The npm package {@code clickhouse-migrations}, through its own entry point. */
	CLICKHOUSE_MIGRATIONS("clickhouse-migrations", false);

	private final String label;

	private final boolean jvm;

	PeerTool(String label, boolean jvm) {
		this.label = label;
		this.jvm = jvm;
	}

	/**
	 * @return how it is shown
	 */
	String label() {
		return this.label;
	}

	/**
	 * @return whether it runs in a JVM (else in Node)
	 */
	boolean jvm() {
		return this.jvm;
	}

	/**
	 * @return the raw client it is compared with, {@code null} for a raw client itself
	 */
	@Nullable PeerTool baseline() {
		return switch (this) {
			case PILLAR, FLYWAY -> RAW_JDBC;
			case CLICKHOUSE_MIGRATIONS -> RAW_NODE;
			default -> null;
		};
	}

	/**
	 * @return whether it keeps a history, so that a second run is an up-to-date check
	 */
	boolean migrator() {
		return baseline() != null;
	}

}
