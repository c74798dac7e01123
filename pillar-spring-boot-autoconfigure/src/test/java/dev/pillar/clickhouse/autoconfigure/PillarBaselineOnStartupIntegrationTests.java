package dev.pillar.clickhouse.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pillar.clickhouse.baseline-version} at real application starts: decided under
 * the lock, and only for a history without any row.
 */
@ClickHouseTest
class PillarBaselineOnStartupIntegrationTests {

	private static final int ROUNDS = 3;

	private static final long THINGS = 20250101000000L;

	private static final long OTHER_THINGS = 20250102000000L;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
		.withUserConfiguration(Migrations.class);

	@Test
	void adoptsADatabaseWithAnEmptyHistoryThenMigratesTheRest(TestDatabase db) {
		db.query("CREATE TABLE things (id UInt64) ENGINE = MergeTree ORDER BY id");
		start(db, THINGS);
		assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("20250101000000\tbaseline\n20250102000000\tapplied\n");
		assertThat(db.tableExists("other_things")).isTrue();
	}

	@Test
	void aHistoryWhoseMigrationsWereAllRolledBackIsMigratedAgainNotBaselined(TestDatabase db) {
		this.runner.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> context.getBean(PillarMigrator.class).rollbackTo(0));
		assertThat(db.tableExists("things")).isFalse();

		start(db, OTHER_THINGS);
		assertThat(db.tableExists("things")).as("the tables come back instead of being recorded as there").isTrue();
		assertThat(db.tableExists("other_things")).isTrue();
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence DESC LIMIT 2"))
			.isEqualTo("applied\napplied\n");
	}

	@Test
	void twoInstancesStartingTogetherOnAnAdoptedDatabaseBaselineOnce(TestDatabase first) throws Exception {
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				TestDatabase db = (round == 0) ? first : first.server().createDatabase();
				try {
					db.query("CREATE TABLE things (id UInt64) ENGINE = MergeTree ORDER BY id");
					db.query("CREATE TABLE other_things (id UInt64) ENGINE = MergeTree ORDER BY id");
					CyclicBarrier together = new CyclicBarrier(2);
					List<Future<Throwable>> starts = new ArrayList<>();
					for (int instance = 0; instance < 2; instance++) {
						starts.add(instances.submit(() -> {
							together.await();
							return startFailure(db, OTHER_THINGS);
						}));
					}
					for (Future<Throwable> start : starts) {
						assertThat(start.get()).as("round %d", round).isNull();
					}
					assertThat(db.query("SELECT version, event FROM pillar_migrations ORDER BY sequence"))
						.as("round %d", round)
						.isEqualTo("20250101000000\tbaseline\n20250102000000\tbaseline\n");
				}
				finally {
					if (db != first) {
						db.drop();
					}
				}
			}
		}
		finally {
			instances.shutdownNow();
		}
	}

	private void start(TestDatabase db, long baselineVersion) {
		assertThat(startFailure(db, baselineVersion)).isNull();
	}

	private Throwable startFailure(TestDatabase db, long baselineVersion) {
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		this.runner
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(),
					"pillar.clickhouse.baseline-version=" + baselineVersion)
			.run((context) -> failure.complete(context.getStartupFailure()));
		return failure.join();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ CreateThings.class, CreateOtherThings.class })
	static class Migrations {

	}

}
