package dev.pillar.clickhouse.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Boot side uses the core through its API only: what it needs of the engine is
 * exposed there, so that the engine can change without breaking it.
 */
class CoreApiUseTests {

	@Test
	void mainCodeImportsNothingOfTheCoresInternalPackage() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			List<String> internal = files.filter((file) -> file.toString().endsWith(".java"))
				.filter((file) -> read(file).contains("dev.pillar.clickhouse.migration.internal"))
				.map(Path::toString)
				.toList();
			assertThat(internal).isEmpty();
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
