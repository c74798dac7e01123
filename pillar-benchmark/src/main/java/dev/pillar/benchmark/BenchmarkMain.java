package dev.pillar.benchmark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.clickhouse.jdbc.ClickHouseDriver;
import dev.pillar.clickhouse.test.ClickHouseServer;
import org.jspecify.annotations.Nullable;

/**
 * Runs every part of the benchmark against the ClickHouse of
 * {@link ClickHouseServer#shared()} and prints, and optionally writes, the figures and
 * the targets they meet or miss.
 * <p>
 * Arguments: {@code --output FILE} (Markdown results), {@code --with-classpath FILE} and
 * {@code --without-classpath FILE} (the sample app's classpath with and without the
 * starter, one line each; without them the start-up part is skipped), {@code --quick}
 * (fewer rounds, for trying the harness out); for the peers ({@link PeerBenchmark}):
 * {@code --node-modules DIR} (holding {@code node_modules} with
 * {@code @clickhouse/client} and {@code clickhouse-migrations}; without it the Node tools
 * are reported as not run), {@code --node-script FILE} ({@code peer.js}),
 * {@code --peer-work DIR} (their migration files and logs; a temporary directory
 * otherwise), {@code --full} (also 1,000 migrations on a fresh database),
 * {@code --peers-only} (nothing else); {@code --connected-with-classpath FILE} and
 * {@code --connected-without-classpath FILE} (the classpath of
 * {@link dev.pillar.benchmark.startup.ConnectedApplication} with and without the
 * starter), {@code --startup-only} (only the start-ups).
 */
public final class BenchmarkMain {

	/** Applied migrations for the up-to-date check. */
	static final int[] HISTORY_SIZES = { 1, 100, 1000 };

	/** Applied migrations for status. */
	static final int STATUS_SIZE = 1000;

	/** Migrations per apply run. */
	static final int APPLY_COUNT = 200;

	/** Migrations per run of the peers on a fresh database with {@code --full}. */
	static final int PEER_FULL_COUNT = 1000;

	private BenchmarkMain() {
	}

	/**
	 * Runs the benchmark.
	 * @param args see the class description
	 */
	public static void main(String[] args) {
		Map<String, String> options = options(args);
		// The JDK's HTTP server behind the format bridge and the peers' counting proxy
		// leaves Nagle's algorithm on,
		// so that an answer written in two parts waits for the client's delayed ACK (~40
		// ms on Linux); ClickHouse
		// sets TCP_NODELAY on every connection, and so must whatever stands in for it
		// here. Read once, before the
		// first server starts.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		boolean quick = options.containsKey("--quick");
		Fixture fixture = new Fixture(ClickHouseServer.shared());
		ClickHouseServer server = fixture.server();
		Report report = new Report();
		String started = ZonedDateTime.now(ZoneOffset.UTC)
			.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
		// which code was measured, so that a results file says what it is of
		String run = options.getOrDefault("--run", "not through scripts/benchmark.sh");
		report.note("Run " + started + " (" + run + ") on " + Runtime.getRuntime().availableProcessors()
				+ " CPUs, Java " + System.getProperty("java.version") + ", ClickHouse " + server.version()
				+ (server.bridged() ? " through the format bridge (in-process, as the tests use it)" : "") + ", "
				+ driver() + ", Pillar's `DriverManagerDataSource` set-up (a new driver "
				+ "connection per JDBC operation). Queries are counted by a counting `DataSource` around the driver "
				+ "(each `execute*` call is one query, one HTTP request) and cross-checked with ClickHouse's own "
				+ "`system.events` `Query` counter. Times are medians, in ms.");
		long begin = System.nanoTime();

		if (options.containsKey("--startup-only")) {
			StartupBenchmark.Result sample = sampleStartup(options, quick, begin, fixture);
			if (sample != null) {
				StartupFindings.addTo(report, "4", sample);
			}
			connectedStartup(options, quick, begin, fixture, report);
			finish(report, options, "Load average (1, 5, 15 min) at the end: " + loadAverage(), begin);
			return;
		}
		if (options.containsKey("--peers-only")) {
			peers(options, quick, begin, fixture).addTo(report);
			finish(report, options, "Load average (1, 5, 15 min) at the end: " + loadAverage(), begin);
			return;
		}
		RoundTrip.Result roundTrip = part("round trip", begin, fixture,
				() -> RoundTrip.measure(fixture, quick ? 5 : 20));
		CheckBenchmark checks = new CheckBenchmark(fixture, quick ? 2 : 5, quick ? 5 : 15);
		List<CheckBenchmark.Result> upToDate = new ArrayList<>();
		for (int size : HISTORY_SIZES) {
			upToDate.add(part("up-to-date check, " + size + " applied", begin, fixture, () -> checks.upToDate(size)));
		}
		CheckBenchmark.Result status = part("status", begin, fixture, () -> checks.status(STATUS_SIZE));
		ApplyBenchmark.Result apply = part("apply", begin, fixture,
				() -> new ApplyBenchmark(fixture, APPLY_COUNT, 1, quick ? 1 : 5).run());
		String load = "Load average (1, 5, 15 min) before the start-up part: " + loadAverage();
		StartupBenchmark.@Nullable Result startup = sampleStartup(options, quick, begin, fixture);
		load += "; after: " + loadAverage() + ". On " + Runtime.getRuntime().availableProcessors() + " CPUs, "
				+ "anything well above the harness's own 1 means other processes shared the machine.";
		PeerFindings peers = peers(options, quick, begin, fixture);

		Findings findings = new Findings(server.bridged(), roundTrip, upToDate, status, apply, startup);
		findings.addTo(report);
		peers.addTo(report);
		connectedStartup(options, quick, begin, fixture, report);
		finish(report, options, load, begin);
	}

	private static StartupBenchmark.@Nullable Result sampleStartup(Map<String, String> options, boolean quick,
			long begin, Fixture fixture) {
		if (!options.containsKey("--with-classpath") || !options.containsKey("--without-classpath")) {
			return null;
		}
		StartupApp app = StartupApp.sample(read(options.get("--with-classpath")),
				read(options.get("--without-classpath")));
		return part("startup", begin, fixture, () -> new StartupBenchmark(fixture, app, quick ? 1 : 6).run());
	}

	/**
	 * The start-up of an app that queries ClickHouse anyway, with {@link #APPLY_COUNT}
	 * SQL migrations on its classpath, with and without the starter.
	 */
	private static void connectedStartup(Map<String, String> options, boolean quick, long begin, Fixture fixture,
			Report report) {
		if (!options.containsKey("--connected-with-classpath")
				|| !options.containsKey("--connected-without-classpath")) {
			report.note("6. Start-up of an app that connects anyway: not measured (run through scripts/benchmark.sh "
					+ "to include it).");
			return;
		}
		String migrations = File.pathSeparator
				+ PeerMigrationFiles.writePillar(workDirectory(options.get("--peer-work")), APPLY_COUNT);
		StartupApp app = StartupApp.connected(read(options.get("--connected-with-classpath")) + migrations,
				read(options.get("--connected-without-classpath")) + migrations, APPLY_COUNT);
		StartupBenchmark.Result result = part("startup of the connected app", begin, fixture,
				() -> new StartupBenchmark(fixture, app, quick ? 2 : 20).run());
		StartupFindings.addTo(report, "6", result);
		double added = result.delta(StartupVariant.FULL, StartupBenchmark.Figures::wall);
		report.note("Target: the starter adds ≤ 150 ms to the start of an app that already opens a ClickHouse "
				+ "connection: " + StartupFindings.signed(added) + " ms (median of the per-round differences), "
				+ ((added <= 150) ? "PASS" : "MISS") + ".");
	}

	/**
	 * Runs the peers side by side: apply {@link #APPLY_COUNT} with the up-to-date check,
	 * and with {@code --full} also {@link #PEER_FULL_COUNT} on a fresh database.
	 */
	private static PeerFindings peers(Map<String, String> options, boolean quick, long begin, Fixture fixture) {
		Path work = workDirectory(options.get("--peer-work"));
		PeerLauncher launcher = new PeerLauncher(optionalPath(options.get("--node-modules")),
				optionalPath(options.get("--node-script")), work);
		List<PeerBenchmark.Result> results = new ArrayList<>();
		results.add(part("peers, apply " + APPLY_COUNT, begin, fixture,
				() -> new PeerBenchmark(fixture, launcher, work, APPLY_COUNT, quick ? 1 : 5, true).run()));
		if (options.containsKey("--full")) {
			results.add(part("peers, apply " + PEER_FULL_COUNT, begin, fixture,
					() -> new PeerBenchmark(fixture, launcher, work, PEER_FULL_COUNT, quick ? 1 : 3, false).run()));
		}
		ClickHouseServer server = fixture.server();
		return new PeerFindings(server.version() + (server.bridged() ? " through the format bridge" : ""), results);
	}

	private static void finish(Report report, Map<String, String> options, String load, long begin) {
		report.note(load);
		report.note("One full run took " + Math.round((System.nanoTime() - begin) / 1e9) + " s.");
		System.out.println();
		System.out.print(report.text());
		String output = options.get("--output");
		if (output != null) {
			report.write(Path.of(output), "Pillar benchmark results");
			System.out.println("Written to " + output);
		}
		System.exit(0);
	}

	/**
	 * Runs one part; when ClickHouse became unreachable meanwhile (someone restarted it),
	 * waits for it and runs the whole part again, so that no figure holds the outage.
	 */
	private static <T> T part(String name, long begin, Fixture fixture, Supplier<T> part) {
		for (int attempt = 1;; attempt++) {
			try {
				T result = part.get();
				System.err.printf("benchmark: %s done (%d s)%n", name, Math.round((System.nanoTime() - begin) / 1e9));
				return result;
			}
			catch (RuntimeException ex) {
				if (attempt >= 3 || !fixture.backAfterOutage(ex)) {
					throw ex;
				}
				System.err.printf("benchmark: ClickHouse was unreachable during %s (%s); running it again%n", name,
						String.valueOf(ex.getMessage()).lines().findFirst().orElse(""));
			}
		}
	}

	/**
	 * @return the driver's jar name, e.g. {@code clickhouse-jdbc-0.11.1}
	 */
	@SuppressWarnings("deprecation") // the class users get from the clickhouse-jdbc
										// artifact
	static String driver() {
		return PeerLauncher.jar(ClickHouseDriver.class);
	}

	private static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + ", " + fields[1] + ", " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "(unknown)";
		}
	}

	private static @Nullable Path optionalPath(@Nullable String path) {
		return (path != null) ? Path.of(path) : null;
	}

	private static Path workDirectory(@Nullable String path) {
		try {
			return (path != null) ? Files.createDirectories(Path.of(path)) : Files.createTempDirectory("pillar-peers");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(@Nullable String file) {
		try {
			return Files.readString(Path.of(String.valueOf(file))).strip();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--quick") || args[i].equals("--full") || args[i].equals("--peers-only")
					|| args[i].equals("--startup-only")) {
				options.put(args[i], "true");
			}
			else if (args[i].startsWith("--") && i + 1 < args.length) {
				options.put(args[i], args[++i]);
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + args[i]
						+ "; expected --output FILE, --with-classpath FILE, --without-classpath FILE, --node-modules DIR, "
						+ "--node-script FILE, --peer-work DIR, --connected-with-classpath FILE, "
						+ "--connected-without-classpath FILE, --quick, --full, --peers-only, --startup-only");
			}
		}
		return options;
	}

}
