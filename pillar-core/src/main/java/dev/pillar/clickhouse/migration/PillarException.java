package dev.pillar.clickhouse.migration;

/**
 * Something Pillar could not do, with what to do about it. The message says what went wrong; {@link #action()}
 * says what the operator can do next.
 */
public class PillarException extends RuntimeException {

	private final String action;

	/**
	 * Creates an exception.
	 * @param message what went wrong
	 * @param action what to do about it
	 * @param cause the cause, or {@code null}
	 */
	public PillarException(String message, String action, @org.jspecify.annotations.Nullable Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	/**
	 * Creates an exception without a cause.
	 * @param message what went wrong
	 * @param action what to do about it
	 */
	public PillarException(String message, String action) {
		this(message, action, null);
	}

	/** @return what the operator can do next */
	public String action() {
		return this.action;
	}

}
