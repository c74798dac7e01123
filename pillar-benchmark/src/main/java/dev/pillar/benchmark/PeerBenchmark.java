package dev.pillar.benchmark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.jspecify.annotations.Nullable;

/**
 * Pillar beside the other ways to migrate ClickHouse at start-up, each run as a process
 * of its own (a cold start): every round runs every {@link PeerTool} once, rotating the
 * order from round to round, on a fresh database, applying the same migrations; the tools
 * that keep a history then run a second time on that database, finding nothing pending
 * (the up-to-date check).
 * <p>
 * Requests are counted in a first, untimed round (which also warms the disk caches):
 * every request a tool sends then passes a counting HTTP proxy on loopback (a
 * {@link FaultProxy} with no fault armed), the one way to count that fits the JVM and the
 * Node tools alike; the JVM tools' proxy forwards to the format bridge where the server
 * needs one, the Node tools' to the server. The timed rounds after it go straight to
 * ClickHouse (or the bridge), since the proxy's hop costs each request a few ms on a busy
 * machine, more for the tools that send more.
 */
final class PeerBenchmark {

	/** Seconds one run of one tool may take. */
	private static final long TIMEOUT_S = 600;

	private final Fixture fixture;

	private final PeerLauncher launcher;

	private final Path work;

	private final int count;

	private final int rounds;

	private final boolean check;

	/**
	 * @param fixture the server
	 * @param launcher starts the tools
	 * @param work where the migration files go
	 * @param count migrations per run
	 * @param rounds timed rounds, after the counting one
	 * @param check whether to run the up-to-date check after each apply
	 */
	PeerBenchmark(Fixture fixture, PeerLauncher launcher, Path work, int count, int rounds, boolean check) {
		this.fixture = fixture;
		this.launcher = launcher;
		this.work = work;
		this.count = count;
		this.rounds = rounds;
		this.check = check;
	}

	/**
	 * @return the figures
	 */
	Result run() {
		PeerMigrationFiles.Dirs dirs = PeerMigrationFiles.write(this.work, this.count);
		Map<PeerTool, Figures> figures = new EnumMap<>(PeerTool.class);
		Map<PeerTool, String> failures = new LinkedHashMap<>();
		List<PeerTool> order = new ArrayList<>();
		for (PeerTool tool : PeerTool.values()) {
			String unavailable = this.launcher.unavailable(tool);
			if (unavailable != null) {
				failures.put(tool, unavailable);
			}
			else {
				order.add(tool);
				figures.put(tool, new Figures());
			}
		}
		for (int round = 0; round <= this.rounds; round++) {
			boolean counting = round == 0;
			for (PeerTool tool : List.copyOf(order)) {
				try {
					Outcome outcome = runOnce(tool, dirs.of(tool), counting);
					System.err.printf("benchmark: peers %d, %s, %s: %.0f ms%s%n", this.count,
							counting ? "counting round" : "round " + round + "/" + this.rounds, tool.label(),
							outcome.apply().ms(),
							(outcome.check() != null) ? String.format(", check %.0f ms", outcome.check().ms()) : "");
					figures.get(tool).add(outcome, counting);
				}
				catch (PeerLauncher.PeerFailedException ex) {
					System.err.printf("benchmark: peers %d, %s cannot run: %s%n", this.count, tool.label(),
							ex.getMessage());
					failures.put(tool, ex.getMessage());
					figures.remove(tool);
					order.remove(tool);
				}
			}
			if (!order.isEmpty()) {
				order.add(order.remove(0));
			}
		}
		Map<PeerTool, String> versions = new EnumMap<>(PeerTool.class);
		for (PeerTool tool : PeerTool.values()) {
			versions.put(tool, this.launcher.version(tool));
		}
		return new Result(this.count, this.rounds, this.check, figures, failures, versions);
	}

	private Outcome runOnce(PeerTool tool, Path migrations, boolean counting) {
		TestDatabase database = this.fixture.newDatabase();
		try {
			Counted apply = run(tool, database, migrations, counting);
			if (apply.run().applied() >= 0 && apply.run().applied() != this.count) {
				throw new PeerLauncher.PeerFailedException(
						"applied " + apply.run().applied() + " of " + this.count + " migrations");
			}
			String tables = database
				.query("SELECT count() FROM system.tables WHERE database = currentDatabase() AND name LIKE 't\\\\_%'")
				.trim();
			if (!tables.equals(Integer.toString(this.count))) {
				throw new PeerLauncher.PeerFailedException("created " + tables + " of " + this.count + " tables");
			}
			Counted check = (this.check && tool.migrator()) ? run(tool, database, migrations, counting) : null;
			if (check != null && check.run().applied() > 0) {
				throw new PeerLauncher.PeerFailedException(
						"applied " + check.run().applied() + " migrations again on an up-to-date database");
			}
			return new Outcome(apply.run(), apply.requests(), (check != null) ? check.run() : null,
					(check != null) ? check.requests() : 0);
		}
		finally {
			database.drop();
		}
	}

	/**
	 * Runs a tool once, through a counting proxy or straight to ClickHouse; -1 requests
	 * when not counted.
	 */
	private Counted run(PeerTool tool, TestDatabase database, Path migrations, boolean counting) {
		ClickHouseServer server = this.fixture.server();
		if (!counting) {
			String url = tool.jvm() ? database.jdbcUrl() : server.httpUri().toString();
			return new Counted(this.launcher.run(tool, url, database.name(), migrations, TIMEOUT_S), -1);
		}
		try (FaultProxy proxy = tool.jvm() ? FaultProxy.inFrontOf(database.jdbcUrl())
				: FaultProxy.start(server.httpUri())) {
			String url = tool.jvm() ? proxy.jdbcUrl(database.jdbcUrl()) : proxy.uri().toString();
			PeerLauncher.PeerRun run = this.launcher.run(tool, url, database.name(), migrations, TIMEOUT_S);
			return new Counted(run, proxy.requests());
		}
	}

	private record Counted(PeerLauncher.PeerRun run, long requests) {

	}

	/**
	 * One round of one tool.
	 *
	 * @param apply the run on the fresh database
	 * @param applyRequests the requests it sent, -1 when not counted
	 * @param check the second run, finding nothing pending; {@code null} for the raw
	 * clients
	 * @param checkRequests the requests that one sent, -1 when not counted
	 */
	record Outcome(PeerLauncher.PeerRun apply, long applyRequests, PeerLauncher.@Nullable PeerRun check,
			long checkRequests) {

	}

	/**
	 * The timed rounds of one tool, in round order, and the requests of its counting
	 * round.
	 */
	static final class Figures {

		final Samples applyMs = new Samples();

		final Samples applyCpu = new Samples();

		long applyRequests = -1;

		final Samples processMs = new Samples();

		final Samples processCpu = new Samples();

		final Samples checkMs = new Samples();

		final Samples checkCpu = new Samples();

		long checkRequests = -1;

		void add(Outcome outcome, boolean counting) {
			if (counting) {
				this.applyRequests = outcome.applyRequests();
				this.checkRequests = outcome.checkRequests();
				return;
			}
			this.applyMs.add(outcome.apply().ms());
			this.applyCpu.add(outcome.apply().cpuMs());
			this.processMs.add(outcome.apply().processMs());
			this.processCpu.add(outcome.apply().cpuTotalMs());
			if (outcome.check() != null) {
				this.checkMs.add(outcome.check().ms());
				this.checkCpu.add(outcome.check().cpuMs());
			}
		}

	}

	/**
	 * The figures.
	 *
	 * @param count migrations per run
	 * @param rounds timed rounds
	 * @param check whether the up-to-date check ran
	 * @param figures per tool that ran
	 * @param failures why the others did not, per tool
	 * @param versions what exactly ran, per tool
	 */
	record Result(int count, int rounds, boolean check, Map<PeerTool, Figures> figures, Map<PeerTool, String> failures,
			Map<PeerTool, String> versions) {

		/**
		 * A tool's time over its raw baseline's, round by round (the runs of a round are
		 * close in time, so they share whatever else the machine does), then the median
		 * over the rounds.
		 * @param tool a tool with a baseline
		 * @return the median ratio, NaN when either did not run
		 */
		double ratio(PeerTool tool) {
			PeerTool baseline = tool.baseline();
			Figures own = this.figures.get(tool);
			Figures base = (baseline != null) ? this.figures.get(baseline) : null;
			if (own == null || base == null) {
				return Double.NaN;
			}
			List<Double> values = own.applyMs.values();
			List<Double> baseValues = base.applyMs.values();
			List<Double> ratios = new ArrayList<>();
			for (int round = 0; round < Math.min(values.size(), baseValues.size()); round++) {
				ratios.add(values.get(round) / baseValues.get(round));
			}
			return Samples.medianOf(ratios);
		}

	}

}
