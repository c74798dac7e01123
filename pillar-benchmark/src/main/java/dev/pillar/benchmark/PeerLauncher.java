package dev.pillar.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.community.database.clickhouse.ClickHouseDatabaseType;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

/**
 * Starts one run of a {@link PeerTool} as a process of its own and reads what it
 * measured: a JVM on the harness's own classpath ({@link PeerProcessMain}) for the JVM
 * tools, {@code node} with the benchmark's {@code peer.js} for the Node ones.
 */
final class PeerLauncher {

	private static final Pattern RESULT = Pattern
		.compile("peer-result ms=([0-9.]+) cpu_ms=([0-9.]+) cpu_total_ms=([0-9.]+)(?: applied=(\\d+))?");

	/**
	 * How a failing run says why, most telling first: our own line, a root cause, any
	 * error line.
	 */
	private static final List<Pattern> ERRORS = List.of(Pattern.compile("peer-error (.*)"),
			Pattern.compile(".*Caused by: (.*)"), Pattern.compile(".*Error: (.*)"),
			Pattern.compile("^\\S*(Exception|Error)\\S*: (.*)"));

	private final @Nullable Path nodeModules;

	private final @Nullable Path nodeScript;

	private final Path work;

	/**
	 * @param nodeModules the directory holding {@code node_modules} with
	 * {@code @clickhouse/client} and {@code clickhouse-migrations}, {@code null} when the
	 * Node tools cannot run
	 * @param nodeScript {@code peer.js}
	 * @param work where each run's output is kept
	 */
	PeerLauncher(@Nullable Path nodeModules, @Nullable Path nodeScript, Path work) {
		this.nodeModules = nodeModules;
		this.nodeScript = nodeScript;
		this.work = work;
	}

	/**
	 * Why a tool cannot run on this machine at all.
	 * @param tool the tool
	 * @return the reason, {@code null} when it can run
	 */
	@Nullable String unavailable(PeerTool tool) {
		if (tool.jvm()) {
			return null;
		}
		if (this.nodeModules == null || this.nodeScript == null) {
			return "no Node set-up given (scripts/benchmark.sh passes --node-modules and --node-script)";
		}
		Path module = this.nodeModules.resolve("node_modules").resolve(nodeModule(tool));
		return Files.isDirectory(module) ? null : "not installed: " + module;
	}

	/**
	 * What exactly runs, for the results.
	 * @param tool the tool
	 * @return e.g. {@code flyway-core-11.14.1, flyway-database-clickhouse-10.24.0}
	 */
	String version(PeerTool tool) {
		return switch (tool) {
			case RAW_JDBC, PILLAR -> BenchmarkMain.driver();
			case FLYWAY -> jar(Flyway.class) + ", " + jar(ClickHouseDatabaseType.class) + ", HikariCP";
			case RAW_NODE, CLICKHOUSE_MIGRATIONS -> nodeVersion(nodeModule(tool));
		};
	}

	/**
	 * Runs a tool once and waits for it.
	 * @param tool the tool
	 * @param url where it reaches ClickHouse: a JDBC URL with the database for the JVM
	 * tools, the HTTP base URL for the Node ones
	 * @param database the database
	 * @param migrations the directory it reads
	 * @param timeoutSeconds how long it may take
	 * @return what it measured
	 * @throws PeerFailedException when it fails or says nothing
	 */
	PeerRun run(PeerTool tool, String url, String database, Path migrations, long timeoutSeconds) {
		List<String> command = new ArrayList<>();
		if (tool.jvm()) {
			command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
					System.getProperty("java.class.path"), PeerProcessMain.class.getName(), tool.name(), url,
					migrations.toString()));
		}
		else {
			command.addAll(List.of("node", String.valueOf(this.nodeScript),
					(tool == PeerTool.RAW_NODE) ? "raw" : "clickhouse-migrations", url, database,
					migrations.toString()));
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		if (this.nodeModules != null) {
			builder.environment().put("NODE_PATH", this.nodeModules.resolve("node_modules").toString());
		}
		Path log = this.work.resolve(tool.name().toLowerCase() + ".log");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		long start = System.nanoTime();
		try {
			Process process = builder.start();
			if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				throw new PeerFailedException("did not finish within " + timeoutSeconds + " s");
			}
			double processMs = (System.nanoTime() - start) / 1e6;
			String output = Files.readString(log, StandardCharsets.UTF_8);
			Matcher result = RESULT.matcher(output);
			if (process.exitValue() != 0 || !result.find()) {
				throw new PeerFailedException(why(output, process.exitValue()));
			}
			return new PeerRun(Double.parseDouble(result.group(1)), Double.parseDouble(result.group(2)),
					Double.parseDouble(result.group(3)), processMs,
					(result.group(4) != null) ? Integer.parseInt(result.group(4)) : -1, output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String why(String output, int exit) {
		List<String> lines = output.lines().map(String::strip).toList();
		for (Pattern error : ERRORS) {
			String found = null;
			for (String line : lines) {
				Matcher matcher = error.matcher(line);
				if (matcher.matches()) {
					found = matcher.group(matcher.groupCount()).strip();
				}
			}
			if (found != null && !found.isEmpty()) {
				return shorten(found);
			}
		}
		return "exit " + exit + ", no result: "
				+ shorten(String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
	}

	private static String shorten(String text) {
		// colours, and the query id the driver appends, which differs from run to run
		String clean = text.replaceAll("\u001b\\[[0-9;]*m", "")
			.replaceAll("\\s*\\(queryId= ?[^)]*\\)", "")
			.replace('|', '/');
		return (clean.length() > 300) ? clean.substring(0, 300) + "…" : clean;
	}

	private static String nodeModule(PeerTool tool) {
		return (tool == PeerTool.RAW_NODE) ? "@clickhouse/client" : "clickhouse-migrations";
	}

	private String nodeVersion(String module) {
		if (this.nodeModules == null) {
			return module;
		}
		try {
			String json = Files
				.readString(this.nodeModules.resolve("node_modules").resolve(module).resolve("package.json"));
			Matcher version = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
			return module + "@" + (version.find() ? version.group(1) : "?");
		}
		catch (IOException ex) {
			return module;
		}
	}

	/**
	 * @param type a class
	 * @return the name of the jar it comes from, without {@code .jar}
	 */
	static String jar(Class<?> type) {
		try {
			Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			return jar.getFileName().toString().replaceFirst("\\.jar$", "");
		}
		catch (URISyntaxException | RuntimeException ex) {
			return type.getSimpleName();
		}
	}

	/**
	 * What a run of a tool measured.
	 *
	 * @param ms the migrate call's wall-clock time
	 * @param cpuMs the process's CPU time during the call
	 * @param cpuTotalMs the process's CPU time from its start to the end of the call
	 * @param processMs from launching the process until it exited
	 * @param applied migrations applied, {@code -1} where the tool does not say
	 * @param output what it printed
	 */
	record PeerRun(double ms, double cpuMs, double cpuTotalMs, double processMs, int applied, String output) {

	}

	/** A run that failed; the message says why, in the tool's words. */
	static final class PeerFailedException extends RuntimeException {

		PeerFailedException(String message) {
			super(message);
		}

	}

}
