package dev.pillar.clickhouse.autoconfigure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.pillar.clickhouse.migration.PillarMigrator;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's refusals, which happen before ClickHouse is asked anything: a
 * migrator whose server does not exist shows that nothing was tried.
 */
class PillarCommandRunnerTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void refusesStepsAndTargetTogether() {
		assertThat(run("rollback", 2, 20250101000000L)).isEqualTo(1);
		assertThat(err())
			.contains("pillar rollback failed: The request names both steps (2) and a target "
					+ "(20250101000000); nothing was run")
			.contains("What to do: Name either the number of steps or the target version, not both. "
					+ "Give --pillar.steps or --pillar.target, not both.");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void refusesStepsForAMigrateWhichWouldApplyEveryPendingMigration() {
		assertThat(run("migrate", 3, null)).isEqualTo(1);
		assertThat(err())
			.contains("pillar migrate failed: Only a rollback takes steps (3 given for migrate); nothing was run")
			.contains("Options by command: rollback takes --pillar.steps or --pillar.target, baseline "
					+ "--pillar.target, resume --pillar.from-statement.");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEmpty();
	}

	@Test
	void refusesABaselineWithoutTarget() {
		assertThat(run("baseline", null, null)).isEqualTo(1);
		assertThat(err()).contains("pillar baseline failed: The baseline operation needs a target version")
			.contains("Add --pillar.target=<version>.");
	}

	@Test
	void refusesAnUnknownCommandNamingTheKnownOnes() {
		assertThat(run("teleport", null, null)).isEqualTo(1);
		assertThat(err()).contains("pillar teleport failed: Unknown operation 'teleport'")
			.contains("Use --pillar.command=status, migrate, rollback, resume, repair or baseline.");
	}

	@Test
	void anUnreachableServerNamesTheProperties() {
		assertThat(run("status", null, null)).isEqualTo(1);
		assertThat(err()).contains("pillar status failed: Cannot read the migration history")
			.contains("Properties: pillar.clickhouse.url, pillar.clickhouse.connect-timeout.");
	}

	private int run(String command, Integer steps, Long target) {
		PillarMigrator migrator = PillarMigrator.configure()
			.jdbc(new JdbcTemplate(new DriverManagerDataSource("jdbc:clickhouse://127.0.0.1:1/default")))
			.load();
		return new PillarCommandRunner(migrator, new GenericApplicationContext(), command, steps, target, false, null)
			.execute(new PrintStream(this.out, true, StandardCharsets.UTF_8),
					new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private String err() {
		return this.err.toString(StandardCharsets.UTF_8);
	}

}
