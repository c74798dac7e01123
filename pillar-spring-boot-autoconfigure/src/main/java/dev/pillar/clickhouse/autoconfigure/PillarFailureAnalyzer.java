package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link PillarException} that stops the application into Spring Boot's "what
 * went wrong, what to do" report, naming the properties that act on it.
 */
final class PillarFailureAnalyzer extends AbstractFailureAnalyzer<PillarException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PillarException cause) {
		return new FailureAnalysis("Pillar could not migrate ClickHouse: " + cause.getMessage(),
				PillarActions.STARTUP.action(cause), cause);
	}

}
