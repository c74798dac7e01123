package dev.pillar.benchmark;

import java.util.Locale;
import java.util.function.Function;

/**
 * The table of one app's start-ups, with and without the starter, and where the
 * difference goes.
 */
final class StartupFindings {

	private StartupFindings() {
	}

	/**
	 * Adds the table and its notes.
	 * @param report the report
	 * @param number the table's number
	 * @param result the starts
	 */
	static void addTo(Report report, String number, StartupBenchmark.Result result) {
		StartupBenchmark.Figures without = result.of(StartupVariant.WITHOUT);
		Table table = new Table(
				number + ". Start-up of " + result.app().title() + ", separate JVMs, " + without.wall().size()
						+ " rounds in rotating order",
				"app", "wall ms to 'Started' median (min–max)", "wall vs without", "CPU ms", "CPU vs without",
				"ClickHouse queries per start (min)");
		for (StartupVariant variant : StartupVariant.values()) {
			StartupBenchmark.Figures figures = result.of(variant);
			boolean base = variant == StartupVariant.WITHOUT;
			table.row(variant.label(), figures.wall().summary(),
					base ? "" : signed(result.delta(variant, StartupBenchmark.Figures::wall)),
					Samples.ms(figures.cpu().median()),
					base ? "" : signed(result.delta(variant, StartupBenchmark.Figures::cpu)), figures.fewestQueries());
		}
		table.row("ratio with the starter / without",
				Samples.ratio(result.ratio(StartupVariant.FULL, StartupBenchmark.Figures::wall)), "",
				Samples.ratio(result.ratio(StartupVariant.FULL, StartupBenchmark.Figures::cpu)), "", "");
		report.add(table);
		Function<StartupBenchmark.Figures, Samples> wall = StartupBenchmark.Figures::wall;
		Function<StartupBenchmark.Figures, Samples> cpu = StartupBenchmark.Figures::cpu;
		double classpath = result.delta(StartupVariant.DISABLED, wall);
		double beans = result.delta(StartupVariant.NO_CHECK, wall) - classpath;
		double check = result.delta(StartupVariant.FULL, wall) - result.delta(StartupVariant.NO_CHECK, wall);
		double classpathCpu = result.delta(StartupVariant.DISABLED, cpu);
		double beansCpu = result.delta(StartupVariant.NO_CHECK, cpu) - classpathCpu;
		double checkCpu = result.delta(StartupVariant.FULL, cpu) - result.delta(StartupVariant.NO_CHECK, cpu);
		report.note("\"vs without\" and the ratios are taken round by round (the starts of a round run back to "
				+ "back and share whatever else the machine does), then the median over the rounds. Best starts: "
				+ Samples.ms(without.wall().min()) + " ms without the starter, "
				+ Samples.ms(result.of(StartupVariant.FULL).wall().min()) + " ms with it. \"Without the starter\" "
				+ "is the same app on its classpath without the starter's dependency: " + result.removedJars().size()
				+ " jars fewer (" + String.join(", ", result.removedJars())
				+ "). The difference splits along the variants: the starter's jars on the classpath, Pillar off, "
				+ signed(classpath) + " ms (" + signed(classpathCpu) + " ms CPU); Pillar's beans without "
				+ "connecting " + signed(beans) + " ms (" + signed(beansCpu) + " CPU); the up-to-date check "
				+ signed(check) + " ms (" + signed(checkCpu) + " CPU).");
	}

	/**
	 * @param millis a difference
	 * @return it with its sign, rounded to ms
	 */
	static String signed(double millis) {
		return String.format(Locale.ROOT, "%+.0f", millis);
	}

}
