package dev.pillar.clickhouse.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.pillar.clickhouse.test.TestDatabase;

/**
 * An application instance in a JVM of its own, on the test's class path, that a test
 * kills, freezes and wakes up as an orchestrator or the operating system would.
 */
final class ChildInstance {

	private final Process process;

	private final Path output;

	private ChildInstance(Process process, Path output) {
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts a JVM running a class's {@code main}.
	 * @param main the class
	 * @param args its arguments
	 * @return the running instance; what it prints is kept
	 */
	static ChildInstance start(Class<?> main, String... args) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(
				List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("pillar-instance-", ".log");
		output.toFile().deleteOnExit();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		return new ChildInstance(process, output);
	}

	long pid() {
		return this.process.pid();
	}

	/** SIGKILL, as an OOM kill or an evicted pod: waits until it is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("The instance did not die");
		}
	}

	/** SIGSTOP: a long garbage collection, a frozen container or VM. */
	void freeze() throws Exception {
		signal("STOP");
	}

	/** SIGCONT: the frozen instance goes on where it was. */
	void wake() throws Exception {
		signal("CONT");
	}

	private void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new AssertionError("kill -" + signal + " " + pid() + " failed");
		}
	}

	/**
	 * Waits for the instance to end by itself.
	 * @return its exit code
	 */
	int awaitExit() throws IOException, InterruptedException {
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			throw new AssertionError("The instance did not end within 60 s:\n" + output());
		}
		return this.process.exitValue();
	}

	/**
	 * @return what it printed so far
	 */
	String output() throws IOException {
		return Files.readString(this.output, StandardCharsets.UTF_8);
	}

	/**
	 * Half-second pauses for a test to kill or freeze an instance in. Short, because on a
	 * server that runs one query at a time (the 26.7 test front) a renewal waits behind
	 * the pause that runs, and two such waits in a row must stay inside the half of a 6 s
	 * lease that a holder is sure of.
	 * @param count how many
	 * @return the statements
	 */
	static List<String> pauses(int count) {
		return Collections.nCopies(count, "SELECT sleep(0.5)");
	}

	/**
	 * A lock row condition: a renewal said the migration ran one of the statements.
	 * @param version the migration
	 * @param first the first statement that counts
	 * @param last the last statement that counts
	 * @return the condition, in SQL
	 */
	static String runningOneOf(long version, int first, int last) {
		return "progress IN (" + IntStream.rangeClosed(first, last)
			.mapToObj((statement) -> "'" + version + ":" + statement + "'")
			.collect(Collectors.joining(", ")) + ")";
	}

	/**
	 * Waits for a row of a lock holder that has not released the lock, and returns its
	 * progress.
	 * @param db the database
	 * @param condition which lock rows count, in SQL
	 * @return the progress of the furthest such row
	 */
	static String awaitLockRow(TestDatabase db, String condition) throws InterruptedException {
		String unreleased = " AND token NOT IN (SELECT token FROM pillar_migrations_lock WHERE released = 1)";
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			if (db.tableExists("pillar_migrations_lock")) {
				// versions have 14 digits: the longer progress is the further statement
				String rows = db.query("SELECT progress FROM pillar_migrations_lock WHERE " + condition + unreleased
						+ " ORDER BY length(progress) DESC, progress DESC LIMIT 1");
				if (!rows.isEmpty()) {
					return rows.trim();
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("The instance never got that far: no lock row where " + condition);
	}

	/**
	 * Waits until the server runs a statement: the lock row says when the client sends
	 * it, which is before it reaches the server.
	 * @param db the database
	 * @param queryIds which statement, as a {@code LIKE} pattern of its query id
	 * @throws InterruptedException when interrupted
	 */
	static void awaitRunning(TestDatabase db, String queryIds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			if (!db.query("SELECT count() FROM system.processes WHERE query_id LIKE '" + queryIds + "'")
				.equals("0\n")) {
				return;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("The server never ran a statement whose query id is like " + queryIds);
	}

}
