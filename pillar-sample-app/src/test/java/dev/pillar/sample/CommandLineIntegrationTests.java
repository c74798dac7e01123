package dev.pillar.sample;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.pillar.clickhouse.test.ClickHouseServer;
import dev.pillar.clickhouse.test.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app run the way an operator would from a shell: a real process, its output
 * and exit code.
 */
@Tag("clickhouse")
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

	private Result run(String... args) throws Exception {
		return runAgainst(this.db.jdbcUrl(), args);
	}

	private Result runAgainst(String url, String... args) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
						System.getProperty("java.class.path"), SampleApplication.class.getName(),
						"--pillar.clickhouse.url=" + url, "--logging.level.root=warn"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
		return new Result(process.exitValue(), output);
	}

	private record Result(int code, String output) {

	}

}
