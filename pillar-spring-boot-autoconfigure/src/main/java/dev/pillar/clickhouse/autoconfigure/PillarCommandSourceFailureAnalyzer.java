package dev.pillar.clickhouse.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says where to take a Pillar command-line property set elsewhere than in the
 * application's arguments from, and how to pass it instead.
 */
final class PillarCommandSourceFailureAnalyzer extends AbstractFailureAnalyzer<PillarCommandSourceException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PillarCommandSourceException cause) {
		return new FailureAnalysis(cause.getMessage(), "Remove " + cause.getProperty()
				+ " from there: left in the environment or a configuration file, a command such as rollback would run "
				+ "again at every start. Pass it as an argument of the one run that needs it instead: --"
				+ cause.getProperty() + "=<value>.", cause);
	}

}
