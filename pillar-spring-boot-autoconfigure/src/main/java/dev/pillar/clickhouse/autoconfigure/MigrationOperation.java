package dev.pillar.clickhouse.autoconfigure;

import java.util.Locale;

import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import org.jspecify.annotations.Nullable;

/**
 * The operations a {@link PillarMigrator} runs on request, as the endpoint and the
 * command line name them.
 */
public enum MigrationOperation {

	/** Applies every pending migration. */
	MIGRATE,

	/** Rolls back a number of steps, or down to a target version. */
	ROLLBACK,

	/** Runs the rest of a failed migration. */
	RESUME,

	/**
	 * Records that the operator undid a failure by hand, and accepts changed migrations.
	 */
	REPAIR,

	/** Adopts an existing database up to a target version. */
	BASELINE;

	/**
	 * @return the lower-case name, as requests and messages spell it
	 */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Reads an operation's name, in any case.
	 * @param name the name
	 * @return the operation
	 * @throws PillarException when the name is missing or blank, or no operation has it
	 */
	public static MigrationOperation of(@Nullable String name) {
		// no default: a request that names nothing (an empty POST, say) must not roll
		// back
		if (name == null || name.isBlank()) {
			throw new PillarException("The request names no operation; nothing was run",
					"Name the operation: migrate, rollback (with steps or target), resume, repair or baseline "
							+ "(with target).",
					PillarException.Kind.OPERATION_REQUIRED);
		}
		for (MigrationOperation operation : values()) {
			if (operation.label().equalsIgnoreCase(name.strip())) {
				return operation;
			}
		}
		throw new PillarException("Unknown operation '" + name + "'",
				"Use migrate, rollback (with steps or target), resume, repair or baseline (with target).",
				PillarException.Kind.UNKNOWN_OPERATION);
	}

}
