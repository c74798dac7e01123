package dev.pillar.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.test.TestDatabase;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read-only paths over a history of applied migrations, each against the same queries
 * sent raw: the up-to-date startup check ({@code new PillarMigrator(...).migrate()} with
 * nothing pending, as every application start does) and {@code status()} (as the endpoint
 * and the health indicator call it).
 */
final class CheckBenchmark {

	private final Fixture fixture;

	private final int warmups;

	private final int rounds;

	/**
	 * @param fixture the server
	 * @param warmups unmeasured rounds first
	 * @param rounds measured rounds
	 */
	CheckBenchmark(Fixture fixture, int warmups, int rounds) {
		this.fixture = fixture;
		this.warmups = warmups;
		this.rounds = rounds;
	}

	/**
	 * Measures the up-to-date check.
	 * @param applied how many migrations are applied (and in code)
	 * @return the figures
	 */
	Result upToDate(int applied) {
		return measure(applied, (jdbc) -> {
			List<ResolvedMigration> migrations = BenchmarkMigrations.noops(applied);
			return () -> {
				if (!PillarMigrator.configure().jdbc(jdbc).migrations(migrations).load().migrate().isEmpty()) {
					throw new IllegalStateException("Something was pending");
				}
			};
		});
	}

	/**
	 * Measures {@code status()} on a migrator that has run before (the application's
	 * singleton), after reporting its very first call separately.
	 * @param applied how many migrations are applied (and in code)
	 * @return the figures of the later calls; {@link Result#firstCall()} those of the
	 * first
	 */
	Result status(int applied) {
		QueryCount[] first = new QueryCount[1];
		Result later = measure(applied, (jdbc) -> {
			PillarMigrator migrator = PillarMigrator.configure()
				.jdbc(jdbc)
				.migrations(BenchmarkMigrations.noops(applied))
				.load();
			CountingDataSource counting = (CountingDataSource) jdbc.getDataSource();
			counting.reset();
			migrator.status();
			first[0] = counting.snapshot();
			return () -> {
				if (migrator.status().currentVersion() == null) {
					throw new IllegalStateException("Nothing applied");
				}
			};
		});
		return new Result(later.applied(), later.pillar(), later.raw(), later.counts(), later.serverQueries(),
				first[0]);
	}

	private Result measure(int applied, Function<JdbcTemplate, Runnable> setUp) {
		TestDatabase database = this.fixture.newDatabase();
		try {
			CountingDataSource dataSource = this.fixture.dataSource(database);
			JdbcTemplate jdbc = Fixture.jdbc(dataSource);
			BenchmarkMigrations.seedApplied(database, jdbc, BenchmarkMigrations.noops(applied));
			Runnable pillar = setUp.apply(jdbc);
			dataSource.reset();
			pillar.run();
			List<String> sent = dataSource.snapshot().statements();
			Samples pillarTimes = new Samples();
			Samples rawTimes = new Samples();
			List<QueryCount> counts = new ArrayList<>();
			List<Long> serverCounts = new ArrayList<>();
			for (int round = 0; round < this.warmups + this.rounds; round++) {
				boolean measured = round >= this.warmups;
				dataSource.reset();
				long server = this.fixture.serverQueries();
				long start = System.nanoTime();
				pillar.run();
				if (measured) {
					pillarTimes.addSince(start);
					serverCounts.add(this.fixture.serverQueriesSince(server));
					counts.add(dataSource.snapshot());
				}
				start = System.nanoTime();
				Replay.run(jdbc, sent);
				if (measured) {
					rawTimes.addSince(start);
				}
			}
			return new Result(applied, pillarTimes, rawTimes, counts, serverCounts, null);
		}
		finally {
			database.drop();
		}
	}

	/**
	 * The figures of one case.
	 *
	 * @param applied the migrations applied
	 * @param pillar Pillar's times
	 * @param raw the times of the same queries sent raw
	 * @param counts what each measured round sent, through JDBC
	 * @param serverQueries what ClickHouse received in each measured round
	 * @param firstCall what the first call of a new migrator sent, where measured apart
	 */
	record Result(int applied, Samples pillar, Samples raw, List<QueryCount> counts, List<Long> serverQueries,
			@Nullable QueryCount firstCall) {

		/**
		 * @return the queries of a round, when every round sent the same number;
		 * otherwise -1
		 */
		long queries() {
			long first = this.counts.get(0).total();
			return this.counts.stream().allMatch((c) -> c.total() == first) ? first : -1;
		}

		/**
		 * @return {@code min}, or {@code min–max} when the rounds differed (someone else
		 * used the server)
		 */
		String serverQueriesText() {
			long min = this.serverQueries.stream().mapToLong(Long::longValue).min().orElse(-1);
			long max = this.serverQueries.stream().mapToLong(Long::longValue).max().orElse(-1);
			return (min == max) ? Long.toString(min) : min + "–" + max;
		}

		/**
		 * @return the lock queries of a round
		 */
		long lockQueries() {
			return this.counts.get(0).count(QueryKind.LOCK);
		}

	}

}
