package dev.pillar.benchmark;

import java.util.List;

/**
 * The ways an app is started, from nothing of Pillar's to all of it, so that the
 * differences between neighbours say where the start-up time goes.
 */
enum StartupVariant {

	/**
	 * The app without the starter: its classpath resolved with the dependency removed.
	 */
	WITHOUT("without the starter", false),

	/**
	 * The starter's jars on the classpath (the driver, Spring JDBC and their
	 * auto-configuration), Pillar off.
	 */
	DISABLED("starter, pillar.clickhouse.enabled=false", true, "--pillar.clickhouse.enabled=false"),

	/** Pillar's beans, but no connection to ClickHouse. */
	NO_CHECK("starter, migrate-on-startup=false", true, "--pillar.clickhouse.migrate-on-startup=false"),

	/**
	 * The app as it ships, with nothing pending: Pillar checks the history and applies
	 * nothing.
	 */
	FULL("with the starter, nothing pending", true);

	private final String label;

	private final boolean starter;

	private final List<String> arguments;

	StartupVariant(String label, boolean starter, String... arguments) {
		this.label = label;
		this.starter = starter;
		this.arguments = List.of(arguments);
	}

	/**
	 * @return how it is shown
	 */
	String label() {
		return this.label;
	}

	/**
	 * @return whether the starter is on the classpath
	 */
	boolean starter() {
		return this.starter;
	}

	/**
	 * @return extra command-line arguments for the app
	 */
	List<String> arguments() {
		return this.arguments;
	}

}
