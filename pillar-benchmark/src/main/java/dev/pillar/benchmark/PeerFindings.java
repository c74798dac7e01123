package dev.pillar.benchmark;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tables of {@link PeerBenchmark}: the tools side by side, and what did not run and
 * why.
 */
final class PeerFindings {

	private final String server;

	private final List<PeerBenchmark.Result> results;

	/**
	 * @param server the server's version and how it was reached, e.g.
	 * {@code 18.16.1 through the format bridge}
	 * @param results one per workload size, the one with the up-to-date check first
	 */
	PeerFindings(String server, List<PeerBenchmark.Result> results) {
		this.server = server;
		this.results = results;
	}

	/**
	 * Adds the tables and their notes.
	 * @param report the report
	 */
	void addTo(Report report) {
		for (int i = 0; i < this.results.size(); i++) {
			report.add(table((i == 0) ? "5." : "5" + (char) ('a' + i) + ".", this.results.get(i)));
		}
		PeerBenchmark.Result first = this.results.get(0);
		StringBuilder what = new StringBuilder("What ran: ");
		for (PeerTool tool : PeerTool.values()) {
			what.append((tool.ordinal() > 0) ? "; " : "")
				.append(tool.label())
				.append(": ")
				.append(first.versions().get(tool));
		}
		report.note(what.append('.').toString());
		report.note("Each run is a process of its own, started cold as at deployment: a JVM for raw JDBC (one "
				+ "connection, one `Statement.execute` per migration), Pillar (its engine as the auto-configuration runs "
				+ "it at start-up, `new PillarMigrator(...).migrate()` over a `DriverManagerDataSource`; the "
				+ "migrations built in code, as Pillar's are) and Flyway (a minimal Spring Boot app with "
				+ "`spring-boot-starter-flyway`, Hikari, `spring.flyway.locations=filesystem:` the generated "
				+ "`V1__t_1.sql` ...; timed by a `FlywayMigrationStrategy` bean around `flyway.migrate()`); `node` "
				+ "for raw Node (`@clickhouse/client`, one `command()` per migration) and clickhouse-migrations "
				+ "(its `migration()` entry point, as its CLI calls it, on `1_t_1.sql` ...). Every migration is " + "`"
				+ PeerMigrationFiles.statement(1).replace("t_1", "t_N") + "`. \"ms\" and \"client CPU\" cover "
				+ "the migrate call only (the first connection included; the JVM's or Node's own start and the Boot "
				+ "context not); CPU is the whole client process's (all threads: JIT and GC included) from "
				+ "`OperatingSystemMXBean.getProcessCpuTime()` or `process.cpuUsage()`. \"Process\" is from launching "
				+ "the process to its exit, and its CPU from its start to the end of the migrate call. The ratio is "
				+ "taken round by round against the raw client of the same runtime, then the median over the rounds. "
				+ "Requests are the HTTP requests that reached a counting proxy on loopback between the tool and "
				+ "ClickHouse"
				+ (this.server.contains("bridge")
						? " (for the JVM tools in front of the format " + "bridge, which then asks the server itself)"
						: "")
				+ ", in a first round that is not timed: the timed rounds go straight to ClickHouse, as the proxy's "
				+ "extra hop costs each request a few ms on a busy machine.");
		Map<PeerTool, String> failures = new EnumMap<>(PeerTool.class);
		this.results.forEach((result) -> result.failures().forEach(failures::putIfAbsent));
		if (!failures.isEmpty()) {
			StringBuilder failed = new StringBuilder("Did not run: ");
			failures.forEach((tool, why) -> failed.append(tool.label())
				.append((why.startsWith("no Node") || why.startsWith("not installed")) ? ": "
						: ": cannot run on " + this.server.replaceFirst(" .*", "") + ": ")
				.append('`')
				.append(why.replace('`', '\''))
				.append("`; "));
			report.note(failed.substring(0, failed.length() - 2) + ".");
		}
	}

	private Table table(String number, PeerBenchmark.Result result) {
		String apply = "apply " + count(result.count());
		Table table = new Table(
				number + " The peers side by side: apply " + count(result.count())
						+ " one-statement migrations on a fresh database"
						+ (result.check() ? ", then the up-to-date check" : "") + ", " + result.rounds()
						+ " timed rounds in rotating order, ClickHouse " + this.server,
				"tool", apply + ": ms median (min–max)", "vs its raw client", "requests", "client CPU ms",
				"up-to-date check: ms median (min–max)", "requests", "client CPU ms", "process wall / CPU ms");
		for (PeerTool tool : PeerTool.values()) {
			PeerBenchmark.Figures figures = result.figures().get(tool);
			if (figures == null) {
				table.row(tool.label(), "did not run: see below", "", "", "", "", "", "", "");
				continue;
			}
			boolean checked = result.check() && tool.migrator();
			table.row(tool.label(), figures.applyMs.summary(),
					(tool.baseline() != null) ? ratioCell(result.ratio(tool)) : "1.00× (baseline)",
					Long.toString(figures.applyRequests), Samples.ms(figures.applyCpu.median()),
					checked ? figures.checkMs.summary() : "—", checked ? Long.toString(figures.checkRequests) : "—",
					checked ? Samples.ms(figures.checkCpu.median()) : "—",
					Samples.ms(figures.processMs.median()) + " / " + Samples.ms(figures.processCpu.median()));
		}
		return table;
	}

	private static String ratioCell(double ratio) {
		return Double.isNaN(ratio) ? "— (its raw client did not run)" : Samples.ratio(ratio);
	}

	private static String count(int count) {
		return String.format(Locale.ROOT, "%,d", count);
	}

}
