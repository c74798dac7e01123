package dev.pillar.clickhouse.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import dev.pillar.clickhouse.autoconfigure.health.PillarHealthAutoConfiguration;
import dev.pillar.clickhouse.endpoint.PillarEndpoint;
import dev.pillar.clickhouse.health.PillarHealthIndicator;
import dev.pillar.clickhouse.migration.Migration;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets as a user configures them (a placeholder holding a credential, a password in
 * the URL) and everywhere Pillar shows text: the endpoint's JSON, dry runs on the
 * endpoint and the command line, logs, spans, exceptions, the history and the health.
 */
@ClickHouseTest
@ExtendWith(OutputCaptureExtension.class)
class PillarSecretsIntegrationTests {

	private static final String TOKEN = "tok-s3cr3t-42";

	// no part of it either: ClickHouse quotes a statement from where it fails
	private static final String TOKEN_PART = "s3cr3t";

	private static final String ACCOUNT = "acct-7f3e9";

	private static final long SINKS = 20250101000000L;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Migration CREATE_SINKS = ResolvedMigration.of(SINKS, "create_sinks",
			List.of("CREATE TABLE sinks (id UInt64, token String DEFAULT '{sink_token}', "
					+ "account String DEFAULT '{sink_account}') ENGINE = MergeTree ORDER BY id"),
			List.of("DROP TABLE sinks"), "PillarSecretsIntegrationTests");

	// ClickHouse's syntax error quotes the statement from where it fails
	private static final Migration BREAK_SINK = ResolvedMigration.of(20250102000000L, "broken_sink",
			List.of("CREATE TABLE broken (id UInt64) ENGINE = MergeTree ORDER BY id SETTINGS {sink_token}"), List.of(),
			"PillarSecretsIntegrationTests");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class, PillarHealthAutoConfiguration.class))
		.withBean("createSinks", Migration.class, () -> CREATE_SINKS)
		.withPropertyValues("pillar.clickhouse.placeholders.sink_token=" + TOKEN,
				"pillar.clickhouse.placeholders.sink_account=" + ACCOUNT,
				"pillar.clickhouse.placeholders-to-mask=account");

	@Test
	void theEndpointAndTheDryRunsMaskSecretPlaceholdersAndTheMigrationRunsWithThem(TestDatabase db,
			CapturedOutput output) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		this.runner
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PillarMigrator migrator = context.getBean(PillarMigrator.class);
				PillarEndpoint endpoint = new PillarEndpoint(migrator);
				String detail = json.writeValueAsString(endpoint.migration(SINKS).getBody());
				assertThat(detail).contains("DEFAULT '******'").doesNotContain(TOKEN).doesNotContain(ACCOUNT);
				String plan = json.writeValueAsString(
						endpoint.operate("migrate", null, null, true, null, SecurityContext.NONE).getBody());
				assertThat(plan).contains("'******'").doesNotContain(TOKEN).doesNotContain(ACCOUNT);
				int code = new PillarCommandRunner(migrator, context, "migrate", null, null, true, null)
					.execute(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
				assertThat(code).isZero();
				migrator.migrate();
			});
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("dry run").doesNotContain(TOKEN);
		assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(ACCOUNT);
		// masked where shown, but run with the real values
		assertThat(db.query("SELECT default_expression FROM system.columns WHERE database = currentDatabase() "
				+ "AND table = 'sinks'"))
			.contains(ACCOUNT)
			.contains(TOKEN);
	}

	@Test
	void aRefusedStatementQuotingASecretShowsItNowhere(TestDatabase db, CapturedOutput output) {
		List<String> traced = new CopyOnWriteArrayList<>();
		this.runner.withBean("breakSink", Migration.class, () -> BREAK_SINK)
			.withBean(ObservationRegistry.class, () -> tracing(traced))
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl())
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(Stream.iterate(context.getStartupFailure(), Objects::nonNull, Throwable::getCause)
					.filter(MigrationFailedException.class::isInstance)
					.findFirst()).get().isInstanceOfSatisfying(MigrationFailedException.class, (ex) -> {
						assertThat(ex.getMessage()).contains("Syntax error")
							.contains("******")
							.doesNotContain(TOKEN_PART);
						assertThat(ex.statement()).contains("SETTINGS ******").doesNotContain(TOKEN_PART);
						assertThat(ex.clickHouseMessage()).doesNotContain(TOKEN_PART);
					});
				// what a log prints of it: every cause
				assertThat(stackTrace(context.getStartupFailure())).contains("Caused by: ").doesNotContain(TOKEN_PART);
			});
		assertThat(traced).isNotEmpty().allSatisfy((trace) -> assertThat(trace).doesNotContain(TOKEN_PART));
		assertThat(output.getAll()).doesNotContain(TOKEN_PART);
		String error = db.query("SELECT error FROM pillar_migrations WHERE event = 'failed'");
		assertThat(error).contains("Code: 62").doesNotContain(TOKEN_PART);
		this.runner.withBean("breakSink", Migration.class, () -> BREAK_SINK)
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> {
				Health health = context.getBean(PillarHealthIndicator.class).health(true);
				assertThat(health.getDetails().toString()).contains("Code: 62").doesNotContain(TOKEN_PART);
			});
	}

	@Test
	void aPasswordTheDriverCannotParseAppearsInNoMessage(TestDatabase db, CapturedOutput output) {
		String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "password=50%off";
		assertStartFailsShowing(url, "50%off", output);
	}

	@Test
	void aPasswordWithASlashInTheUserInfoAppearsInNoMessage(TestDatabase db, CapturedOutput output) {
		String url = db.jdbcUrl().replace("//", "//default:pa/ss@");
		assertStartFailsShowing(url, "pa/ss", output);
		assertThat(output.getAll()).doesNotContain("\"pa\"");
	}

	@Test
	void theConfiguredPasswordAppearsInNoMessageNorInTheHealth(TestDatabase db, CapturedOutput output) {
		String password = "w/r%ong:pw@42";
		this.runner
			.withPropertyValues("pillar.clickhouse.url=" + db.jdbcUrl(), "pillar.clickhouse.username=default",
					"pillar.clickhouse.password=" + password, "pillar.clickhouse.migrate-on-startup=false")
			.run((context) -> {
				Health health = context.getBean(PillarHealthIndicator.class).health(true);
				assertThat(health.getDetails().toString()).contains("Cannot read the migration history")
					.doesNotContain(password);
			});
		assertThat(output.getAll()).doesNotContain(password);
	}

	private void assertStartFailsShowing(String url, String secret, CapturedOutput output) {
		this.runner.withPropertyValues("pillar.clickhouse.url=" + url, "pillar.clickhouse.connect-timeout=2s")
			.run((context) -> {
				assertThat(context).hasFailed();
				String trace = stackTrace(context.getStartupFailure());
				assertThat(trace).contains("Cannot read the migration history").doesNotContain(secret);
			});
		assertThat(output.getAll()).doesNotContain(secret);
	}

	private static String stackTrace(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

	// what a tracer records of a failed migration's span: the error, every cause
	private static ObservationRegistry tracing(List<String> traced) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onError(Observation.Context context) {
				traced.add(stackTrace(context.getError()));
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		return registry;
	}

}
