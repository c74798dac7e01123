package dev.pillar.clickhouse.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Records which ClickHouse each ClickHouse test (tag {@code clickhouse}) ran on, one line
 * per test in {@code target/clickhouse-tests.tsv} of the module under test
 * ({@code version, outcome, test}), so that the test command can say how many tests ran
 * on each server. Registered with the JUnit Platform as a service: any module that tests
 * with pillar-test-support gets it.
 */
public final class ClickHouseTestCounter implements TestExecutionListener {

	private static final TestTag CLICKHOUSE = TestTag.create(ClickHouseTags.CLICKHOUSE);

	private static final Path FILE = Path.of("target", "clickhouse-tests.tsv");

	@Override
	public void executionSkipped(TestIdentifier test, String reason) {
		record(test, "skipped");
	}

	@Override
	public void executionFinished(TestIdentifier test, TestExecutionResult result) {
		record(test, (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) ? "passed" : "failed");
	}

	private static void record(TestIdentifier test, String outcome) {
		if (!test.isTest() || !test.getTags().contains(CLICKHOUSE) || !Files.isDirectory(FILE.getParent())) {
			return;
		}
		// the server's version, once this JVM found it; a test that failed before has
		// none
		String version = System.getProperty("pillar.test.clickhouse-version", "none");
		try {
			Files.writeString(FILE, version + "\t" + outcome + "\t" + test.getUniqueId() + "\n", StandardCharsets.UTF_8,
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
