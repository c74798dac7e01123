package dev.pillar.clickhouse.migration.internal;

import org.springframework.dao.NonTransientDataAccessException;

/**
 * A mutation that a statement started failed, or did not finish in time: the statement
 * failed. Its message is Pillar's, with ClickHouse's reason in it, and is what the
 * history records.
 */
final class UnfinishedMutationException extends NonTransientDataAccessException {

	UnfinishedMutationException(String message) {
		super(message);
	}

}
