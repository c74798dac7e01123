package dev.pillar.clickhouse.test.chdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The one chDB front of the test JVM (chDB holds one engine per process), over a fresh
 * data directory.
 */
final class SharedFront {

	private static ChdbFront front;

	private SharedFront() {
	}

	static synchronized ChdbFront get() {
		if (front == null) {
			Path data = Path.of("target/chdb-front-data").toAbsolutePath();
			delete(data);
			front = ChdbFront.start(ChdbPackage.library(), data, 0);
			Runtime.getRuntime().addShutdownHook(new Thread(front::close));
		}
		return front;
	}

	private static void delete(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
