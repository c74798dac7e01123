package dev.pillar.clickhouse.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;

/**
 * A Pillar command-line property ({@code pillar.command} or one of its options) set
 * elsewhere than in the application's arguments: start-up is refused before anything
 * runs, since it would run the command again at every start.
 */
final class PillarCommandSourceException extends IllegalStateException {

	private final String property;

	/**
	 * Creates the exception.
	 * @param property the property, such as {@code pillar.command}
	 * @param value its value
	 * @param source the name of the property source that sets it
	 * @param origin where in that source, or {@code null} when unknown
	 */
	PillarCommandSourceException(String property, @Nullable Object value, String source, @Nullable Origin origin) {
		super(property + "=" + value + " is set outside the command line, in property source '" + source + "'"
				+ ((origin != null) ? " (" + origin + ")" : "")
				+ ": Pillar's commands are taken from the application's arguments only; nothing was run");
		this.property = property;
	}

	/**
	 * @return the property, such as {@code pillar.command}
	 */
	String getProperty() {
		return this.property;
	}

}
