package dev.pillar.benchmark;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.test.TestDatabase;

/**
 * An application whose start-up {@link StartupBenchmark} times with and without the
 * starter.
 *
 * @param title how the results name it
 * @param mainClass its main class
 * @param withClasspath its classpath with the starter
 * @param withoutClasspath the same without the starter
 * @param connection the arguments that point it at a database
 * @param migrations how many migrations its first start with the starter applies
 */
record StartupApp(String title, String mainClass, String withClasspath, String withoutClasspath,
		Function<TestDatabase, List<String>> connection, int migrations) {

	/**
	 * {@code pillar-sample-app}: Pillar's own connection properties.
	 * @param withClasspath its classpath
	 * @param withoutClasspath its classpath without the starter
	 * @return the app
	 */
	static StartupApp sample(String withClasspath, String withoutClasspath) {
		return new StartupApp("pillar-sample-app (web-application-type=none)", "dev.pillar.sample.SampleApplication",
				withClasspath, withoutClasspath, (database) -> List.of("--pillar.clickhouse.url=" + database.jdbcUrl()),
				4);
	}

	/**
	 * {@link dev.pillar.benchmark.startup.ConnectedApplication}: an app that queries
	 * ClickHouse at start-up through {@code spring.datasource.*}, which Pillar then uses
	 * too; its migrations are SQL files on its classpath ({@code db/clickhouse}).
	 * @param withClasspath its classpath with the starter
	 * @param withoutClasspath its classpath without it
	 * @param migrations how many migration files its classpath holds
	 * @return the app
	 */
	static StartupApp connected(String withClasspath, String withoutClasspath, int migrations) {
		return new StartupApp(
				"a minimal app that queries ClickHouse at start-up (Boot's JDBC starter, the driver, " + migrations
						+ " SQL migrations)",
				"dev.pillar.benchmark.startup.ConnectedApplication", withClasspath, withoutClasspath,
				(database) -> List.of("--spring.datasource.url=" + database.jdbcUrl(),
						"--spring.datasource.username=default", "--spring.datasource.password="),
				migrations);
	}

	/**
	 * @return the line Spring Boot logs when the app has started
	 */
	Pattern started() {
		return Pattern.compile(
				"Started " + this.mainClass.substring(this.mainClass.lastIndexOf('.') + 1) + " in [0-9.]+ seconds");
	}

}
