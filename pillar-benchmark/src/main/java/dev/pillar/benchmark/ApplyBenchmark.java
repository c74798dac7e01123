package dev.pillar.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.test.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Applying migrations that each create one small table, against sending the same
 * statements through the same kind of data source with nothing else: alternating runs in
 * one process, each on a fresh database (created and dropped outside the timing).
 */
final class ApplyBenchmark {

	private final Fixture fixture;

	private final int count;

	private final int warmupPairs;

	private final int pairs;

	/**
	 * @param fixture the server
	 * @param count migrations per run
	 * @param warmupPairs unmeasured pairs of runs first
	 * @param pairs measured pairs (one baseline, one Pillar run each, in alternating
	 * order)
	 */
	ApplyBenchmark(Fixture fixture, int count, int warmupPairs, int pairs) {
		this.fixture = fixture;
		this.count = count;
		this.warmupPairs = warmupPairs;
		this.pairs = pairs;
	}

	/**
	 * @return the figures
	 */
	Result run() {
		List<ResolvedMigration> migrations = BenchmarkMigrations.createTables(this.count);
		Samples pillar = new Samples();
		Samples baseline = new Samples();
		List<QueryCount> pillarCounts = new ArrayList<>();
		List<QueryCount> baselineCounts = new ArrayList<>();
		for (int pair = 0; pair < this.warmupPairs + this.pairs; pair++) {
			boolean measured = pair >= this.warmupPairs;
			for (int leg = 0; leg < 2; leg++) {
				boolean pillarLeg = (leg == 0) == (pair % 2 == 1);
				TestDatabase database = this.fixture.newDatabase();
				try {
					CountingDataSource dataSource = this.fixture.dataSource(database);
					JdbcTemplate jdbc = Fixture.jdbc(dataSource);
					long start = System.nanoTime();
					if (pillarLeg) {
						List<MigrationRun> runs = PillarMigrator.configure()
							.jdbc(jdbc)
							.migrations(migrations)
							.load()
							.migrate();
						if (runs.size() != this.count) {
							throw new IllegalStateException("Applied " + runs.size() + " of " + this.count);
						}
					}
					else {
						for (int i = 0; i < this.count; i++) {
							jdbc.execute(BenchmarkMigrations.createTable(i));
						}
					}
					if (measured) {
						(pillarLeg ? pillar : baseline).addSince(start);
						(pillarLeg ? pillarCounts : baselineCounts).add(dataSource.snapshot());
					}
				}
				finally {
					database.drop();
				}
			}
		}
		return new Result(this.count, pillar, baseline, pillarCounts, baselineCounts);
	}

	/**
	 * The figures.
	 *
	 * @param count migrations per run
	 * @param pillar Pillar's times
	 * @param baseline the baseline's times
	 * @param pillarCounts what each Pillar run sent
	 * @param baselineCounts what each baseline run sent
	 */
	record Result(int count, Samples pillar, Samples baseline, List<QueryCount> pillarCounts,
			List<QueryCount> baselineCounts) {

		/**
		 * @return Pillar's median over the baseline's
		 */
		double ratio() {
			return this.pillar.median() / this.baseline.median();
		}

		/**
		 * @return the queries of one Pillar run (the median run's count)
		 */
		double pillarQueries() {
			return median(this.pillarCounts, (c) -> c.total());
		}

		/**
		 * @return the queries of one baseline run
		 */
		double baselineQueries() {
			return median(this.baselineCounts, (c) -> c.total());
		}

		/**
		 * @return queries that do not grow with the number of migrations: lock, history
		 * table create and reads
		 */
		double fixedQueries() {
			return median(this.pillarCounts, (c) -> c.count(QueryKind.LOCK) + c.count(QueryKind.HISTORY_READ));
		}

		/**
		 * @return Pillar's queries beyond the statements and the fixed ones, per
		 * migration
		 */
		double extraPerMigration() {
			return (pillarQueries() - baselineQueries() - fixedQueries()) / this.count;
		}

		/**
		 * @param counts runs
		 * @param figure a figure of a run
		 * @return its median over the runs
		 */
		static double median(List<QueryCount> counts, ToDoubleFunction<QueryCount> figure) {
			return Samples.medianOf(counts.stream().map(figure::applyAsDouble).toList());
		}

	}

}
