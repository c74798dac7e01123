package dev.pillar.clickhouse.migration.internal;

import java.util.Map;

import dev.pillar.clickhouse.migration.MigrationContext;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The context of one run of a JDBC migration: runs its statements through the same runner
 * as listed statements, and counts them for the history.
 */
final class CountingMigrationContext implements MigrationContext {

	private static final Log logger = LogFactory.getLog(CountingMigrationContext.class);

	private final StatementRunner statements;

	private final JdbcTemplate jdbc;

	private final Map<String, String> placeholders;

	private int executed;

	private @Nullable String failing;

	CountingMigrationContext(StatementRunner statements, JdbcTemplate jdbc, Map<String, String> placeholders) {
		this.statements = statements;
		this.jdbc = jdbc;
		this.placeholders = placeholders;
	}

	@Override
	public void execute(String statement) {
		String filled = ResolvedMigration.fill(statement, this.placeholders);
		this.failing = filled;
		// as written: its placeholders' values may be secret
		logger.debug("Statement " + (this.executed + 1) + ": " + statement);
		this.statements.run(filled);
		this.executed++;
		this.failing = null;
	}

	@Override
	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	/**
	 * @return how many statements ran successfully
	 */
	int executed() {
		return this.executed;
	}

	/**
	 * @return the statement that was refused, or {@code null} when the code failed
	 * between statements
	 */
	@Nullable String failing() {
		return this.failing;
	}

}
