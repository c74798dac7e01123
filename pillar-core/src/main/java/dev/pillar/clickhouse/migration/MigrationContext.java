package dev.pillar.clickhouse.migration;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a {@link JdbcMigration} runs with: its statements go through
 * {@link #execute(String)}, its reads through {@link #jdbc()}.
 */
public interface MigrationContext {

	/**
	 * Runs a statement of the migration as a listed statement would run: placeholders
	 * filled, retried after a transient failure, waited for, and counted in the history's
	 * progress.
	 * @param statement one ClickHouse statement
	 * @throws org.springframework.dao.DataAccessException when ClickHouse refuses it
	 */
	void execute(String statement);

	/**
	 * The connection, for reads that decide what to run (the statements that change the
	 * database go through {@link #execute(String)}: what runs here is neither counted nor
	 * retried, and has no placeholders filled).
	 * @return the connection the migrations run on
	 */
	JdbcTemplate jdbc();

}
