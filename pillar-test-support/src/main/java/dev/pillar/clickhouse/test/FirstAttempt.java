package dev.pillar.clickhouse.test;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Something that one JVM tries to get once, such as a server for its tests: the first
 * caller gets it (or its failure), every later caller the same, without a second try. A
 * server that did not start fails the first test with the whole story and every later one
 * at once with the same cause, instead of each waiting for it again.
 *
 * @param <T> what is got
 */
final class FirstAttempt<T> {

	private final String what;

	private final Supplier<T> supplier;

	private @Nullable T value;

	private @Nullable RuntimeException failure;

	/**
	 * @param what what is got, for the message of later failures
	 * @param supplier gets it, or throws
	 */
	FirstAttempt(String what, Supplier<T> supplier) {
		this.what = what;
		this.supplier = supplier;
	}

	/**
	 * @return what the first attempt got
	 * @throws RuntimeException the first attempt's failure, the first time; later an
	 * {@link IllegalStateException} caused by it
	 */
	synchronized T get() {
		if (this.value != null) {
			return this.value;
		}
		if (this.failure != null) {
			throw new IllegalStateException("No " + this.what + ": it failed earlier in this JVM and is not tried "
					+ "again: " + this.failure.getMessage(), this.failure);
		}
		try {
			this.value = this.supplier.get();
			return this.value;
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			throw ex;
		}
	}

}
