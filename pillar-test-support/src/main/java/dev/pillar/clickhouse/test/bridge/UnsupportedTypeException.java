package dev.pillar.clickhouse.test.bridge;

/**
 * Thrown when a result column has a type that the bridge cannot write as RowBinary.
 */
final class UnsupportedTypeException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	UnsupportedTypeException(String message) {
		super(message);
	}

}
