package dev.pillar.clickhouse.migration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several migrators (threads, then separate JVMs) start together against one database:
 * each migration must be applied exactly once, and every one of them must finish with the
 * schema current.
 */
@ClickHouseTest
class ConcurrentMigrationIntegrationTests {

	private static final int MIGRATIONS = 5;

	@Test
	void threadsApplyEachMigrationOnce(TestDatabase db) throws Exception {
		List<PillarMigrator> instances = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			instances.add(migrator(db.jdbcUrl()));
		}
		assertThat(migrateTogether(instances)).isEqualTo(MIGRATIONS);
		assertAppliedOnce(db);
	}

	@Test
	void processesApplyEachMigrationOnce(TestDatabase db) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<Process> processes = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
					MigratorProcess.class.getName(), db.jdbcUrl())
				.redirectErrorStream(true)
				.start());
		}
		int ran = 0;
		for (Process process : processes) {
			assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.exitValue()).as(output).isZero();
			ran += Integer.parseInt(output.lines()
				.filter((line) -> line.startsWith("ran "))
				.findFirst()
				.orElseThrow(() -> new AssertionError(output))
				.substring(4)
				.trim());
		}
		assertThat(ran).isEqualTo(MIGRATIONS);
		assertAppliedOnce(db);
	}

	private static void assertAppliedOnce(TestDatabase db) {
		assertThat(db.query("SELECT version, count() FROM pillar_migrations WHERE event = 'applied' "
				+ "GROUP BY version ORDER BY version"))
			.isEqualTo("20250101000000\t1\n20250101000001\t1\n20250101000002\t1\n20250101000003\t1\n"
					+ "20250101000004\t1\n");
		assertThat(db.query("SELECT count() FROM pillar_migrations WHERE event != 'applied'")).isEqualTo("0\n");
		assertThat(db.query("SELECT count() FROM system.tables WHERE database = currentDatabase() "
				+ "AND name LIKE 'concurrent_%'"))
			.isEqualTo(MIGRATIONS + "\n");
	}

	static PillarMigrator migrator(String url) {
		List<Migration> migrations = new ArrayList<>();
		for (int i = 0; i < MIGRATIONS; i++) {
			// not idempotent on purpose: applying one twice fails
			migrations.add(ResolvedMigration.of(20250101000000L + i, "concurrent_" + i,
					List.of("CREATE TABLE concurrent_" + i + " (id UInt64) ENGINE = MergeTree ORDER BY id"), List.of(),
					"test"));
		}
		// a short lease and wait: a lost lock would show as a duplicate, not as a slow
		// test
		return PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource(url)))
			.migrations(migrations)
			.lockLease(Duration.ofSeconds(30))
			.lockWaitTimeout(Duration.ofMinutes(2))
			.load();
	}

	/** Starts every migrator at once; returns how many migrations they applied in all. */
	static int migrateTogether(List<PillarMigrator> migrators) throws Exception {
		CyclicBarrier start = new CyclicBarrier(migrators.size());
		ExecutorService pool = Executors.newFixedThreadPool(migrators.size());
		try {
			List<Future<List<MigrationRun>>> results = new ArrayList<>();
			for (PillarMigrator migrator : migrators) {
				results.add(pool.submit(() -> {
					start.await();
					return migrator.migrate();
				}));
			}
			int ran = 0;
			for (Future<List<MigrationRun>> result : results) {
				ran += result.get(2, TimeUnit.MINUTES).size();
			}
			return ran;
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** One migrator in a JVM of its own; prints how many migrations it ran. */
	public static final class MigratorProcess {

		public static void main(String[] args) throws Exception {
			Callable<List<MigrationRun>> migrate = () -> migrator(args[0]).migrate();
			System.out.println("ran " + migrate.call().size());
		}

	}

}
