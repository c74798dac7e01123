package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The startup failure report adds the properties to the core's action.
 */
class PillarFailureAnalyzerTests {

	private final PillarFailureAnalyzer analyzer = new PillarFailureAnalyzer();

	@Test
	void anUnreachableServerAtStartupNamesTheUrlAndTheProperties() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PillarAutoConfiguration.class))
			.withPropertyValues("pillar.clickhouse.url=jdbc:clickhouse://127.0.0.1:1/default",
					"pillar.clickhouse.connect-timeout=2s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).startsWith("Pillar could not migrate ClickHouse: Cannot read "
						+ "the migration history (table pillar_migrations) from ClickHouse at "
						+ "jdbc:clickhouse://127.0.0.1:1/default");
				assertThat(analysis.getAction()).isEqualTo("Check that ClickHouse is running and reachable at "
						+ "jdbc:clickhouse://127.0.0.1:1/default, within the connect timeout. Properties: "
						+ "pillar.clickhouse.url, pillar.clickhouse.connect-timeout.");
			});
	}

	@Test
	void aRefusedLoginNamesTheCredentialProperties() {
		FailureAnalysis analysis = this.analyzer.analyze(new IllegalStateException("wrapped",
				new PillarException("Cannot read the migration history",
						"ClickHouse refused the login: check the " + "user name and password.",
						PillarException.Kind.LOGIN_REFUSED)));
		assertThat(analysis.getAction()).isEqualTo("ClickHouse refused the login: check the user name and password. "
				+ "Properties: pillar.clickhouse.username, pillar.clickhouse.password.");
	}

	@Test
	void aFailureOfNoParticularKindKeepsTheCoresAction() {
		FailureAnalysis analysis = this.analyzer
			.analyze(new PillarException("Nothing to repair: no migration failed or changed", "None needed."));
		assertThat(analysis.getAction()).isEqualTo("None needed.");
	}

}
