package dev.pillar.clickhouse.test;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FirstAttemptTests {

	@Test
	void aFailureIsTriedOnceAndEveryLaterCallerGetsItsCause() {
		AtomicInteger attempts = new AtomicInteger();
		IllegalStateException failure = new IllegalStateException("the container did not start: Code: 516");
		FirstAttempt<String> server = new FirstAttempt<>("ClickHouse server", () -> {
			attempts.incrementAndGet();
			throw failure;
		});

		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(server::get).isSameAs(failure);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(server::get)
				.withMessage("No ClickHouse server: it failed earlier in this JVM and is not tried again: "
						+ "the container did not start: Code: 516")
				.withCause(failure);
		}
		assertThat(attempts).hasValue(1);
	}

	@Test
	void aValueIsGotOnce() {
		AtomicInteger attempts = new AtomicInteger();
		FirstAttempt<String> server = new FirstAttempt<>("ClickHouse server",
				() -> "server " + attempts.incrementAndGet());

		assertThat(server.get()).isEqualTo("server 1");
		assertThat(server.get()).isEqualTo("server 1");
		assertThat(attempts).hasValue(1);
	}

}
