package dev.pillar.maven;

/**
 * Thrown when a migration cannot be generated; the message says what went wrong and what
 * to do.
 */
public class MigrationGenerationException extends Exception {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates an exception from a problem and the action that fixes it.
	 * @param problem what went wrong
	 * @param action what to do about it
	 */
	public MigrationGenerationException(String problem, String action) {
		super(problem + " " + action);
	}

}
