package dev.pillar.clickhouse.autoconfigure;

import java.util.List;

import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.PlannedMigration;
import org.jspecify.annotations.Nullable;

/**
 * What an operation ran, or for a dry run what it would run.
 *
 * @param operation the operation
 * @param runs the migrations it ran, in order; empty for a dry run
 * @param plan for a dry run, the migrations it would run with their exact statements;
 * else {@code null}
 */
public record OperationResult(MigrationOperation operation, List<MigrationRun> runs,
		@Nullable List<PlannedMigration> plan) {

	static OperationResult ran(MigrationOperation operation, List<MigrationRun> runs) {
		return new OperationResult(operation, runs, null);
	}

	static OperationResult planned(MigrationOperation operation, List<PlannedMigration> plan) {
		return new OperationResult(operation, List.of(), plan);
	}

	/**
	 * @return whether nothing ran: a dry run
	 */
	public boolean dryRun() {
		return this.plan != null;
	}

}
