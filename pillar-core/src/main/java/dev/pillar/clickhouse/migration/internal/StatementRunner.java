package dev.pillar.clickhouse.migration.internal;

import org.springframework.dao.DataAccessException;

/**
 * Runs one statement of a migration. Implementations wrap each other: retrying a lost
 * connection, and (later) waiting for what a statement started, such as a mutation.
 */
@FunctionalInterface
public interface StatementRunner {

	/**
	 * Runs a statement and returns once it is done.
	 * @param statement the statement
	 * @throws DataAccessException when it fails; a failure on a retry carries the first
	 * one as suppressed
	 */
	void run(String statement);

}
