package dev.pillar.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.ClickHouseTest;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app run the way an operator would from a shell: a real process, its output
 * and exit code.
 */
@ClickHouseTest
class CommandLineIntegrationTests {

	private TestDatabase db;

	@BeforeEach
	void createDatabase() {
		this.db = ClickHouseServer.shared().createDatabase();
	}

	@AfterEach
	void dropDatabase() {
		this.db.drop();
	}

	@Test
	void statusMigrateRollbackAndDryRunFromTheCommandLine() throws Exception {
		Result status = run("--pillar.command=status");
		assertThat(status.code).as(status.output).isZero();
		assertThat(status.output).contains("20250528120000   create_users_table               PENDING")
			.contains("20250528120030   create_audit_log                 PENDING")
			.contains("current version: none, pending: 4");
		assertThat(this.db.tableExists("pillar_migrations")).isTrue();
		assertThat(this.db.tableExists("users")).as("status must not migrate").isFalse();

		Result migrate = run("--pillar.command=migrate");
		assertThat(migrate.code).as(migrate.output).isZero();
		assertThat(migrate.output).contains("pillar migrate: up 20250528120200 create_sharded_tables (5 statement(s)")
			.contains("current version: 20250528120200, pending: 0")
			.doesNotContain("Tomcat started");

		Result plan = run("--pillar.command=rollback", "--pillar.steps=2", "--pillar.dry-run=true");
		assertThat(plan.code).as(plan.output).isZero();
		assertThat(plan.output).contains("dry run, nothing executed): 2 migration(s)")
			.contains("DROP TABLE IF EXISTS events_shard_4;");
		assertThat(this.db.tableExists("events_shard_4")).isTrue();

		Result rollback = run("--pillar.command=rollback", "--pillar.steps=2");
		assertThat(rollback.code).as(rollback.output).isZero();
		assertThat(rollback.output).contains("pillar rollback: down 20250528120200 create_sharded_tables")
			.contains("pillar rollback: down 20250528120100 create_analytics_tables")
			.contains("current version: 20250528120030, pending: 2");
		assertThat(this.db.tableExists("events_shard_4")).isFalse();
	}

	@Test
	void failuresExitNonZeroWithTheReasonAndWhatToDo() throws Exception {
		Result both = run("--pillar.command=rollback", "--pillar.steps=1", "--pillar.target=20250528120000");
		assertThat(both.code).isEqualTo(1);
		assertThat(both.output).contains("pillar rollback failed: The request names both steps (1) and a target")
			.contains("Give --pillar.steps or --pillar.target, not both.");
		assertThat(this.db.tableExists("pillar_migrations")).as("refused before ClickHouse is asked").isFalse();

		Result tooFar = run("--pillar.command=rollback", "--pillar.steps=-1");
		assertThat(tooFar.code).isEqualTo(1);
		assertThat(tooFar.output).contains("pillar rollback failed: Cannot roll back -1 steps")
			.contains("What to do: Ask for 1 step or more.");

		Result unreachable = runAgainst("jdbc:clickhouse://127.0.0.1:1/x", "--pillar.command=status",
				"--pillar.clickhouse.connect-timeout=2s");
		assertThat(unreachable.code).isEqualTo(1);
		assertThat(unreachable.output).contains("Cannot read the migration history");
	}

	@Test
	void aDryRunOfABaselineIsRefusedAndRecordsNothing() throws Exception {
		Result baseline = run("--pillar.command=baseline", "--pillar.target=20250528120030", "--pillar.dry-run=true");
		assertThat(baseline.code).as(baseline.output).isEqualTo(1);
		assertThat(baseline.output).contains("pillar baseline failed: A baseline has no dry run")
			.contains("then run without --pillar.dry-run.");
		assertThat(this.db.tableExists("pillar_migrations")).as("refused before ClickHouse is asked").isFalse();
	}

	@Test
	void aCommandFromTheEnvironmentOrASystemPropertyIsRefusedAtStartAndRunsNothing() throws Exception {
		assertThat(run("--pillar.command=migrate").code).isZero();
		String history = this.db.query("SELECT count() FROM pillar_migrations");

		Result environment = runWith(Map.of("PILLAR_COMMAND", "rollback"), List.of(), this.db.jdbcUrl());
		assertThat(environment.code).as(environment.output).isNotZero();
		assertThat(environment.output)
			.contains("pillar.command=rollback is set outside the command line, in property source "
					+ "'systemEnvironment'")
			.contains("PILLAR_COMMAND")
			.contains("Pass it as an argument of the one run that needs it instead: --pillar.command=<value>.");

		Result property = runWith(Map.of(), List.of("-Dpillar.steps=3"), this.db.jdbcUrl(),
				"--pillar.command=rollback");
		assertThat(property.code).as(property.output).isNotZero();
		assertThat(property.output)
			.contains("pillar.steps=3 is set outside the command line, in property source " + "'systemProperties'");

		assertThat(this.db.query("SELECT count() FROM pillar_migrations")).isEqualTo(history);
		assertThat(this.db.tableExists("events_shard_4")).isTrue();
	}

	private Result run(String... args) throws Exception {
		return runAgainst(this.db.jdbcUrl(), args);
	}

	private Result runAgainst(String url, String... args) throws Exception {
		return runWith(Map.of(), List.of(), url, args);
	}

	private Result runWith(Map<String, String> environment, List<String> jvmOptions, String url, String... args)
			throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), SampleApplication.class.getName(),
				"--pillar.clickhouse.url=" + url, "--logging.level.root=warn"));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int code, String output) {

	}

}
