package dev.pillar.benchmark;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

import com.sun.management.OperatingSystemMXBean;
import dev.pillar.clickhouse.migration.PillarMigrator;

/**
 * One run of a JVM peer for {@link PeerBenchmark}, in a JVM of its own (a cold start, as
 * an application's is): {@code PeerProcessMain TOOL JDBC_URL MIGRATIONS_DIR}. Prints one
 * line, {@code peer-result ms=... cpu_ms=... cpu_total_ms=... applied=...}: the
 * wall-clock and CPU time of the tool's migrate call (the process's CPU, all threads),
 * the process's CPU since it started, and how many migrations it applied. Statements are
 * read from the files before the timing where the tool takes them from code (raw JDBC,
 * Pillar); Flyway reads its files itself, inside its call.
 */
public final class PeerProcessMain {

	private PeerProcessMain() {
	}

	/**
	 * Runs one tool once; when it fails, the process exits non-zero with the stack trace.
	 * @param args the tool ({@link PeerTool} name), the database's JDBC URL, the
	 * directory of migrations
	 */
	public static void main(String[] args) {
		PeerTool tool = PeerTool.valueOf(args[0]);
		String url = args[1];
		Path dir = Path.of(args[2]);
		Timed timed = switch (tool) {
			case RAW_JDBC -> rawJdbc(url, PeerMigrationFiles.read(dir));
			case PILLAR -> pillar(url, PeerMigrationFiles.read(dir));
			case FLYWAY -> FlywayPeerApplication.run(url, dir);
			default -> throw new IllegalArgumentException(tool + " does not run in a JVM");
		};
		System.out.printf(Locale.ROOT, "peer-result ms=%.1f cpu_ms=%.1f cpu_total_ms=%.1f applied=%d%n", timed.ms(),
				timed.cpuMs(), cpuNanos() / 1e6, timed.applied());
		System.exit(0);
	}

	private static Timed rawJdbc(String url, List<String> statements) {
		return time(() -> {
			try (Connection connection = DriverManager.getConnection(url, Fixture.driverProperties());
					Statement statement = connection.createStatement()) {
				for (String sql : statements) {
					statement.execute(sql);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			return statements.size();
		});
	}

	private static Timed pillar(String url, List<String> statements) {
		PillarMigrator migrator = PillarMigrator.configure()
			.jdbc(Fixture.jdbc(Fixture.dataSource(url)))
			.migrations(BenchmarkMigrations.of(statements))
			.load();
		return time(() -> migrator.migrate().size());
	}

	/**
	 * Times a call: wall clock, and the CPU time of the whole process meanwhile.
	 * @param call the call, answering how many migrations it applied
	 * @return the figures
	 */
	static Timed time(IntSupplier call) {
		long cpu = cpuNanos();
		long start = System.nanoTime();
		int applied = call.getAsInt();
		return new Timed((System.nanoTime() - start) / 1e6, (cpuNanos() - cpu) / 1e6, applied);
	}

	private static long cpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/**
	 * A timed migrate call.
	 *
	 * @param ms wall-clock milliseconds
	 * @param cpuMs the process's CPU milliseconds meanwhile
	 * @param applied migrations applied
	 */
	record Timed(double ms, double cpuMs, int applied) {

	}

}
