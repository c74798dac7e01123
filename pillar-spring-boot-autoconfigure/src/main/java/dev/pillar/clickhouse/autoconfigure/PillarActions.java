package dev.pillar.clickhouse.autoconfigure;

import dev.pillar.clickhouse.migration.PillarException;

/**
 * What to do about a {@link PillarException}, in the words of where the operator met it:
 * the core's action, which holds anywhere, followed by the property, endpoint request or
 * command-line argument that does it here.
 */
public enum PillarActions {

	/** The application failed to start: properties. */
	STARTUP,

	/** The {@code pillar} actuator endpoint: requests. */
	ENDPOINT,

	/** {@code --pillar.command}: arguments. */
	COMMAND_LINE;

	/**
	 * The action for a failure, with what to set or send here.
	 * @param failure the failure
	 * @return the core's action, and the Boot-specific way to act on it
	 */
	public String action(PillarException failure) {
		String hint = hint(failure.kind());
		return hint.isEmpty() ? failure.action() : failure.action() + " " + hint;
	}

	private String hint(PillarException.Kind kind) {
		return switch (kind) {
			case UNREACHABLE -> "Properties: pillar.clickhouse.url, pillar.clickhouse.connect-timeout.";
			case LOGIN_REFUSED -> "Properties: pillar.clickhouse.username, pillar.clickhouse.password.";
			case LOCK_TIMEOUT -> "Property: pillar.clickhouse.lock.wait-timeout.";
			case LOCK_UNAVAILABLE -> "Property: pillar.clickhouse.insert-quorum.";
			case LOCK_LOST -> "Property: pillar.clickhouse.lock.lease.";
			case INVALID_TABLE -> "Property: pillar.clickhouse.table.";
			case OUT_OF_ORDER -> "Property: pillar.clickhouse.out-of-order=true.";
			case CHANGED -> "To turn validation off: pillar.clickhouse.validate-on-migrate=false.";
			case HISTORY_MISSING -> switch (this) {
				case STARTUP -> "To baseline: pillar.clickhouse.baseline-version.";
				case ENDPOINT ->
					"To baseline: POST /actuator/pillar {\"operation\": \"baseline\", \"target\": <version>}.";
				case COMMAND_LINE -> "To baseline: --pillar.command=baseline --pillar.target=<version>.";
			};
			case FAILED_EARLIER -> switch (this) {
				case STARTUP ->
					"Resume: POST /actuator/pillar {\"operation\": \"resume\"} (with \"fromStatement\": <n> "
							+ "to name where) or --pillar.command=resume (--pillar.from-statement=<n>); repair: operation or "
							+ "command repair.";
				case ENDPOINT -> "Send {\"operation\": \"resume\"} (with \"fromStatement\": <n> to name where) or "
						+ "{\"operation\": \"repair\"}.";
				case COMMAND_LINE -> "Run with --pillar.command=resume (--pillar.from-statement=<n> to name where) or "
						+ "--pillar.command=repair.";
			};
			case UNKNOWN_VERSION -> switch (this) {
				case STARTUP, ENDPOINT -> "The status: GET /actuator/pillar.";
				case COMMAND_LINE -> "The status: --pillar.command=status.";
			};
			case TARGET_REQUIRED -> switch (this) {
				case STARTUP, ENDPOINT -> "Send {\"operation\": \"baseline\", \"target\": <version>}.";
				case COMMAND_LINE -> "Add --pillar.target=<version>.";
			};
			case STATEMENT_REQUIRED -> switch (this) {
				case STARTUP, ENDPOINT -> "Send {\"operation\": \"resume\", \"fromStatement\": <n>}.";
				case COMMAND_LINE -> "Run with --pillar.command=resume --pillar.from-statement=<n>.";
			};
			case STEPS_AND_TARGET -> switch (this) {
				case STARTUP, ENDPOINT -> "Send \"steps\" or \"target\", not both.";
				case COMMAND_LINE -> "Give --pillar.steps or --pillar.target, not both.";
			};
			case UNKNOWN_OPERATION -> switch (this) {
				case STARTUP, ENDPOINT -> "";
				case COMMAND_LINE -> "Use --pillar.command=status, migrate, rollback, resume, repair or baseline.";
			};
			case OPERATION_REQUIRED -> switch (this) {
				case STARTUP, ENDPOINT -> "Send {\"operation\": \"rollback\", \"steps\": 1}, say; "
						+ "GET /actuator/pillar reads the status.";
				case COMMAND_LINE -> "Use --pillar.command=status, migrate, rollback, resume, repair or baseline.";
			};
			case DRY_RUN_UNSUPPORTED -> switch (this) {
				case STARTUP, ENDPOINT ->
					"The status: GET /actuator/pillar; then send the request without " + "\"dryRun\".";
				case COMMAND_LINE -> "The status: --pillar.command=status; then run without --pillar.dry-run.";
			};
			case PARAMETER_UNSUPPORTED -> switch (this) {
				case STARTUP, ENDPOINT -> "Fields by operation: rollback takes \"steps\" or \"target\", baseline "
						+ "\"target\", resume \"fromStatement\".";
				case COMMAND_LINE -> "Options by command: rollback takes --pillar.steps or --pillar.target, "
						+ "baseline --pillar.target, resume --pillar.from-statement.";
			};
			case HISTORY_CORRUPT, OTHER -> "";
		};
	}

}
