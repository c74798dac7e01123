package dev.pillar.clickhouse.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.pillar.clickhouse.endpoint.PillarEndpoint;
import dev.pillar.clickhouse.endpoint.PillarEndpoint.MigrationRunDescriptor;
import dev.pillar.clickhouse.endpoint.PillarEndpoint.OperationDescriptor;
import dev.pillar.clickhouse.migration.MigrationListener;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.fixtures.CreateOtherThings;
import dev.pillar.clickhouse.migration.fixtures.CreateThings;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.FaultProxy;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollback that ran, and a status that cannot be read after it (ClickHouse stops
 * answering history reads right after the rollback is recorded): the endpoint and the
 * command line answer with what ran, so that nobody retries it.
 */
@ClickHouseTest
class PillarWriteAnsweredAsDoneIntegrationTests {

	private static final String HISTORY_READ = "SELECT sequence, version, name, event";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
		.withUserConfiguration(Migrations.class);

	@Test
	void theEndpointAnswersWithTheRollbackThatRanAndTheStatusError(TestDatabase db) {
		AtomicBoolean armed = new AtomicBoolean();
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			this.runner.withPropertyValues("pillar.clickhouse.url=" + proxy.uncompressedJdbcUrl(db.jdbcUrl()))
				.withBean(MigrationListener.class, () -> historyUnreadableAfterARun(proxy, armed))
				.run((context) -> {
					PillarEndpoint endpoint = new PillarEndpoint(context.getBean(PillarMigrator.class));
					armed.set(true);
					WebEndpointResponse<Object> response = endpoint.operate("rollback", 1, null, null, null,
							SecurityContext.NONE);
					proxy.cut(HISTORY_READ, 0);
					assertThat(response.getStatus()).isEqualTo(200);
					assertThat(response.getBody()).isInstanceOfSatisfying(OperationDescriptor.class, (ran) -> {
						assertThat(ran.migrations()).extracting(MigrationRunDescriptor::name)
							.containsExactly("create_other_things");
						assertThat(ran.status()).isNull();
						assertThat(ran.statusError()).contains("Cannot read the migration history");
					});
				});
		}
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("applied\napplied\nrolled_back\n");
	}

	@Test
	void theCommandLineExitsZeroWithTheRollbackThatRanAndSaysTheStatusError(TestDatabase db) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		AtomicBoolean armed = new AtomicBoolean();
		try (FaultProxy proxy = FaultProxy.inFrontOf(db.jdbcUrl())) {
			this.runner.withPropertyValues("pillar.clickhouse.url=" + proxy.uncompressedJdbcUrl(db.jdbcUrl()))
				.withBean(MigrationListener.class, () -> historyUnreadableAfterARun(proxy, armed))
				.run((context) -> {
					armed.set(true);
					int code = new PillarCommandRunner(context.getBean(PillarMigrator.class), context, "rollback", 1,
							null, false, null)
						.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
								new PrintStream(err, true, StandardCharsets.UTF_8));
					proxy.cut(HISTORY_READ, 0);
					assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
				});
		}
		assertThat(out.toString(StandardCharsets.UTF_8))
			.contains("pillar rollback: down 20250102000000 create_other_things");
		assertThat(err.toString(StandardCharsets.UTF_8))
			.contains("pillar rollback: done, but the status after it could not be read: "
					+ "Cannot read the migration history");
		assertThat(db.query("SELECT event FROM pillar_migrations ORDER BY sequence"))
			.isEqualTo("applied\napplied\nrolled_back\n");
	}

	// once armed, ClickHouse stops answering history reads as soon as a migration ran
	// and was recorded
	private static MigrationListener historyUnreadableAfterARun(FaultProxy proxy, AtomicBoolean armed) {
		return new MigrationListener() {

			@Override
			public void ran(MigrationRun run) {
				if (armed.get()) {
					proxy.cut(HISTORY_READ, 1000);
				}
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ CreateThings.class, CreateOtherThings.class })
	static class Migrations {

	}

}
