package dev.pillar.clickhouse.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which properties connect Pillar to ClickHouse when migrations exist and none does.
 */
final class PillarConnectionMissingFailureAnalyzer extends AbstractFailureAnalyzer<PillarConnectionMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PillarConnectionMissingException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Connect Pillar to ClickHouse: set pillar.clickhouse.url (with pillar.clickhouse.username and "
						+ "pillar.clickhouse.password), or point spring.datasource.url at ClickHouse "
						+ "(jdbc:clickhouse://host:8123/database), or qualify a DataSource bean with @PillarDataSource. "
						+ "In tests, a @ServiceConnection ClickHouseContainer connects it too. If these migrations are "
						+ "not meant to run here, set pillar.clickhouse.enabled=false.",
				cause);
	}

}
