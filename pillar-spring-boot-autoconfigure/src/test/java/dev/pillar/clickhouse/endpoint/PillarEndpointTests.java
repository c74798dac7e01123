package dev.pillar.clickhouse.endpoint;

import dev.pillar.clickhouse.endpoint.PillarEndpoint.ErrorDescriptor;
import dev.pillar.clickhouse.migration.PillarMigrator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's refusals, which happen before ClickHouse is asked anything: a migrator
 * whose server does not exist shows that nothing was tried.
 */
class PillarEndpointTests {

	private final PillarEndpoint endpoint = new PillarEndpoint(PillarMigrator.configure()
		.jdbc(new JdbcTemplate(new DriverManagerDataSource("jdbc:clickhouse://127.0.0.1:1/default")))
		.load());

	@Test
	void refusesStepsAndTargetTogetherWith400() {
		WebEndpointResponse<Object> response = this.endpoint.operate("rollback", 2, 20250101000000L, null, null,
				SecurityContext.NONE);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody()).isInstanceOfSatisfying(ErrorDescriptor.class, (error) -> {
			assertThat(error.operation()).isEqualTo("rollback");
			assertThat(error.error()).contains("names both steps (2) and a target (20250101000000)");
			assertThat(error.action()).endsWith("Send \"steps\" or \"target\", not both.");
		});
	}

	@Test
	void refusesABaselineWithoutTargetNamingTheRequest() {
		WebEndpointResponse<Object> response = this.endpoint.operate("baseline", null, null, null, null,
				SecurityContext.NONE);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(((ErrorDescriptor) response.getBody()).action())
			.endsWith("Send {\"operation\": \"baseline\", \"target\": <version>}.");
	}

	@Test
	void refusesAStatementToStartFromForAnythingButAResume() {
		WebEndpointResponse<Object> response = this.endpoint.operate("migrate", null, null, null, 2,
				SecurityContext.NONE);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(((ErrorDescriptor) response.getBody()).error())
			.startsWith("Only a resume takes a statement to start from (2 given for migrate)");
	}

	@Test
	void refusesStepsOrATargetForAnOperationThatTakesNone() {
		WebEndpointResponse<Object> steps = this.endpoint.operate("migrate", 1, null, null, null, SecurityContext.NONE);
		assertThat(steps.getStatus()).isEqualTo(400);
		assertThat(steps.getBody()).isInstanceOfSatisfying(ErrorDescriptor.class, (error) -> {
			assertThat(error.error()).isEqualTo("Only a rollback takes steps (1 given for migrate); nothing was run");
			assertThat(error.action()).endsWith("baseline \"target\", resume \"fromStatement\".");
		});
		for (String operation : new String[] { "migrate", "resume", "repair" }) {
			WebEndpointResponse<Object> target = this.endpoint.operate(operation, null, 20250101000000L, null, null,
					SecurityContext.NONE);
			assertThat(target.getStatus()).isEqualTo(400);
			assertThat(((ErrorDescriptor) target.getBody()).error()).startsWith(
					"Only a rollback or a baseline takes a target (20250101000000 given for " + operation + ")");
		}
		assertThat(this.endpoint.operate("baseline", 2, 20250101000000L, null, null, SecurityContext.NONE).getBody())
			.isInstanceOfSatisfying(ErrorDescriptor.class,
					(error) -> assertThat(error.error()).startsWith("The request names both steps"));
	}

	@Test
	void refusesARequestThatNamesNoOperation() {
		WebEndpointResponse<Object> response = this.endpoint.operate(null, null, null, null, null,
				SecurityContext.NONE);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody()).isInstanceOfSatisfying(ErrorDescriptor.class, (error) -> {
			assertThat(error.operation()).isNull();
			assertThat(error.error()).isEqualTo("The request names no operation; nothing was run");
			assertThat(error.action()).contains("Send {\"operation\": \"rollback\", \"steps\": 1}, say");
		});
	}

	@Test
	void refusesADryRunOfAnOperationThatHasNone() {
		for (String operation : new String[] { "resume", "repair" }) {
			WebEndpointResponse<Object> response = this.endpoint.operate(operation, null, null, true, null,
					SecurityContext.NONE);
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(((ErrorDescriptor) response.getBody()).error())
				.startsWith("A " + operation + " has no dry run: only migrate and rollback");
		}
		WebEndpointResponse<Object> baseline = this.endpoint.operate("baseline", null, 20250101000000L, true, null,
				SecurityContext.NONE);
		assertThat(((ErrorDescriptor) baseline.getBody()).action())
			.endsWith("then send the request without \"dryRun\".");
	}

	@Test
	void refusesAnUnknownOperation() {
		WebEndpointResponse<Object> response = this.endpoint.operate("Teleport", null, null, null, null,
				SecurityContext.NONE);
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(((ErrorDescriptor) response.getBody()).error()).isEqualTo("Unknown operation 'teleport'");
	}

}
