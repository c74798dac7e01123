package dev.pillar.benchmark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.test.TestDatabase;

/**
 * Start-up of an app ({@link StartupApp}) as separate JVMs, in every
 * {@link StartupVariant}, rotating the order from round to round. Each start is timed
 * from launching {@code java} until Spring Boot logs {@code Started <main class>}; the
 * process's CPU time (all threads, user and system) is read at that moment, then the
 * process is stopped. The app runs with {@code --spring.main.web-application-type=none}:
 * no web server, so Pillar's share of the start is as large as it gets.
 */
final class StartupBenchmark {

	private static final long TIMEOUT_S = 120;

	/** Put in the queue of output lines when the process's output ends. */
	private static final String EOF = "\u0000EOF";

	private final Fixture fixture;

	private final StartupApp app;

	private final int rounds;

	/**
	 * @param fixture the server
	 * @param app the app
	 * @param rounds measured rounds (each starts every variant once), after one
	 * unmeasured round
	 */
	StartupBenchmark(Fixture fixture, StartupApp app, int rounds) {
		this.fixture = fixture;
		this.app = app;
		this.rounds = rounds;
	}

	/**
	 * @return the figures
	 */
	Result run() {
		TestDatabase database = this.fixture.newDatabase();
		try {
			Map<StartupVariant, Figures> figures = new EnumMap<>(StartupVariant.class);
			for (StartupVariant variant : StartupVariant.values()) {
				figures.put(variant, new Figures(new Samples(), new Samples(), new ArrayList<>()));
			}
			// the first start applies the app's migrations; every later one finds nothing
			// pending
			List<StartupVariant> order = new ArrayList<>(List.of(StartupVariant.FULL, StartupVariant.WITHOUT,
					StartupVariant.DISABLED, StartupVariant.NO_CHECK));
			for (int round = 0; round <= this.rounds; round++) {
				for (StartupVariant variant : order) {
					long server = this.fixture.serverQueries();
					Start start = start(variant, database);
					long queries = this.fixture.serverQueriesSince(server);
					check(start, variant, round == 0, database);
					System.err.printf("benchmark: start %d/%d, %s: %.0f ms, CPU %.0f ms%n", round, this.rounds,
							variant.label(), start.wallMillis(), start.cpuMillis());
					if (round > 0) {
						Figures figure = figures.get(variant);
						figure.wall().add(start.wallMillis());
						figure.cpu().add(start.cpuMillis());
						figure.queries().add(queries);
					}
				}
				order.add(order.remove(0));
			}
			return new Result(this.app, figures, removedJars());
		}
		finally {
			database.drop();
		}
	}

	private void check(Start start, StartupVariant variant, boolean first, TestDatabase database) {
		String output = String.join("\n", start.output());
		if (variant == StartupVariant.FULL && first) {
			String applied = database.query("SELECT count() FROM pillar_migrations WHERE event = 'applied'").trim();
			if (!applied.equals(Integer.toString(this.app.migrations()))) {
				throw new IllegalStateException("The first start with the starter should apply the app's "
						+ this.app.migrations() + " migrations, the history has " + applied + ":\n" + output);
			}
		}
		else if (output.contains("Applying ClickHouse migration")) {
			throw new IllegalStateException("A measured start applied migrations:\n" + output);
		}
	}

	/**
	 * @return the jar names on the app's classpath that are missing without the starter
	 */
	private List<String> removedJars() {
		Set<String> removed = new LinkedHashSet<>(jarNames(this.app.withClasspath()));
		removed.removeAll(jarNames(this.app.withoutClasspath()));
		return List.copyOf(removed);
	}

	private static List<String> jarNames(String classpath) {
		return Arrays.stream(classpath.split(File.pathSeparator))
			.map((entry) -> Path.of(entry).getFileName().toString())
			.toList();
	}

	private Start start(StartupVariant variant, TestDatabase database) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						variant.starter() ? this.app.withClasspath() : this.app.withoutClasspath(),
						this.app.mainClass(), "--spring.main.web-application-type=none"));
		command.addAll(this.app.connection().apply(database));
		command.addAll(variant.arguments());
		ProcessBuilder builder = new ProcessBuilder(command);
		// the app is given its database on the command line; one named in the harness's
		// environment would bind to pillar.clickhouse.url and take Pillar off the app's
		// DataSource
		builder.environment().remove("PILLAR_CLICKHOUSE_URL");
		builder.redirectErrorStream(true);
		Pattern started = this.app.started();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		List<String> output = new ArrayList<>();
		long begin = System.nanoTime();
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread reader = new Thread(() -> read(process, lines), "app-output");
		reader.setDaemon(true);
		reader.start();
		try {
			long deadline = begin + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
			while (true) {
				String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				if (line == null || line.equals(EOF)) {
					throw new IllegalStateException(
							this.app.mainClass() + " (" + variant.label() + ") did not log 'Started' "
									+ ((line != null) ? "before it exited" : "within " + TIMEOUT_S + " s") + ":\n"
									+ String.join("\n", output));
				}
				output.add(line);
				if (started.matcher(line).find()) {
					double wall = (System.nanoTime() - begin) / 1e6;
					double cpu = process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
					return new Start(wall, cpu, output);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			stop(process);
		}
	}

	private static void read(Process process, BlockingQueue<String> lines) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process was stopped
		}
		lines.add(EOF);
	}

	private static void stop(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One start: wall-clock time to the "Started" line, the process's CPU time then, its
	 * output.
	 */
	private record Start(double wallMillis, double cpuMillis, List<String> output) {

	}

	/**
	 * The measured starts of one variant.
	 *
	 * @param wall wall-clock ms to "Started"
	 * @param cpu the process's CPU time then, ms
	 * @param queries queries ClickHouse received during each start (from anyone)
	 */
	record Figures(Samples wall, Samples cpu, List<Long> queries) {

		/**
		 * @return the fewest queries ClickHouse received during one start: others only
		 * add to the count
		 */
		long fewestQueries() {
			return this.queries.stream().mapToLong(Long::longValue).min().orElse(-1);
		}

	}

	/**
	 * The figures.
	 *
	 * @param app the app
	 * @param figures per variant
	 * @param removedJars what "without" leaves out
	 */
	record Result(StartupApp app, Map<StartupVariant, Figures> figures, List<String> removedJars) {

		/**
		 * @param variant a variant
		 * @return its figures
		 */
		Figures of(StartupVariant variant) {
			return this.figures.get(variant);
		}

		/**
		 * The ratio of a variant to the app without the starter, round by round (the
		 * starts of one round run back to back, so they share whatever else the machine
		 * is doing), then the median over the rounds.
		 * @param variant a variant
		 * @param metric the wall-clock or CPU samples of a variant's figures
		 * @return the median ratio
		 */
		double ratio(StartupVariant variant, Function<Figures, Samples> metric) {
			return paired(variant, metric, (value, without) -> value / without);
		}

		/**
		 * The difference of a variant to the app without the starter, round by round,
		 * then the median.
		 * @param variant a variant
		 * @param metric the wall-clock or CPU samples of a variant's figures
		 * @return the median difference, ms
		 */
		double delta(StartupVariant variant, Function<Figures, Samples> metric) {
			return paired(variant, metric, (value, without) -> value - without);
		}

		private double paired(StartupVariant variant, Function<Figures, Samples> metric,
				DoubleBinaryOperator operator) {
			List<Double> values = metric.apply(of(variant)).values();
			List<Double> without = metric.apply(of(StartupVariant.WITHOUT)).values();
			List<Double> paired = new ArrayList<>();
			for (int round = 0; round < values.size(); round++) {
				paired.add(operator.applyAsDouble(values.get(round), without.get(round)));
			}
			return Samples.medianOf(paired);
		}

	}

}
