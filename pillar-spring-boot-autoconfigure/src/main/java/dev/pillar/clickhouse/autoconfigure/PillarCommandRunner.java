package dev.pillar.clickhouse.autoconfigure;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.PlannedMigration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Pillar's command line: with
 * {@code --pillar.command=status|migrate|rollback|resume|repair|baseline} (and
 * {@code --pillar.steps}, {@code --pillar.target}, {@code --pillar.dry-run},
 * {@code --pillar.from-statement}) the application runs that command against the
 * ClickHouse of its configuration (and profile), prints what it did, and exits: 0 on
 * success (also when the status cannot be read after the command ran: that is said on
 * standard error), 1 on failure with the reason and what to do on standard error. The
 * operations are the endpoint's, read into the same {@link OperationRequest}.
 */
final class PillarCommandRunner implements ApplicationRunner {

	static final String COMMAND = "pillar.command";

	static final String STEPS = "pillar.steps";

	static final String TARGET = "pillar.target";

	static final String DRY_RUN = "pillar.dry-run";

	static final String FROM_STATEMENT = "pillar.from-statement";

	private static final String STATUS = "status";

	private final PillarMigrator migrator;

	private final ConfigurableApplicationContext context;

	private final String command;

	private final @Nullable Integer steps;

	private final @Nullable Long target;

	private final boolean dryRun;

	private final @Nullable Integer fromStatement;

	PillarCommandRunner(PillarMigrator migrator, ConfigurableApplicationContext context, String command,
			@Nullable Integer steps, @Nullable Long target, boolean dryRun, @Nullable Integer fromStatement) {
		this.migrator = migrator;
		this.context = context;
		this.command = command.toLowerCase(Locale.ROOT);
		this.steps = steps;
		this.target = target;
		this.dryRun = dryRun;
		this.fromStatement = fromStatement;
	}

	@Override
	public void run(ApplicationArguments args) {
		int code = execute(System.out, System.err);
		// other non-daemon threads of the application (schedulers, consumers) must not
		// keep a command alive
		System.exit(SpringApplication.exit(this.context, () -> code));
	}

	int execute(PrintStream out, PrintStream err) {
		try {
			if (this.command.equals(STATUS)) {
				printStatus(out, this.migrator.status());
			}
			else {
				OperationResult result = OperationRequest
					.of(this.command, this.steps, this.target, this.dryRun, this.fromStatement)
					.runOn(this.migrator);
				if (result.plan() != null) {
					printPlan(out, result.plan());
				}
				else {
					printRuns(out, err, result.runs());
				}
			}
			return 0;
		}
		catch (PillarException ex) {
			err.println("pillar " + this.command + " failed: " + ex.getMessage());
			err.println("What to do: " + PillarActions.COMMAND_LINE.action(ex));
			return 1;
		}
	}

	private void printRuns(PrintStream out, PrintStream err, List<MigrationRun> runs) {
		if (runs.isEmpty()) {
			out.println("pillar " + this.command + ": nothing to do");
		}
		for (MigrationRun run : runs) {
			out.printf("pillar %s: %s %d %s (%d statement(s), %d ms)%n", this.command, run.direction().label(),
					run.version(), run.name(), run.statements(), run.executionMillis());
		}
		try {
			printCurrent(out, this.migrator.status());
		}
		catch (PillarException ex) {
			// it ran, so it succeeded: a non-zero exit would make a retry run it again
			err.println(
					"pillar " + this.command + ": done, but the status after it could not be read: " + ex.getMessage());
		}
	}

	private void printPlan(PrintStream out, List<PlannedMigration> plan) {
		out.println("pillar " + this.command + " (dry run, nothing executed): " + plan.size() + " migration(s)");
		for (PlannedMigration migration : plan) {
			out.printf("-- %s %d %s%n", migration.direction().label(), migration.version(), migration.name());
			migration.statements().forEach((statement) -> out.println(statement + ";"));
			if (!migration.statementsKnown()) {
				out.println("-- (its code decides its statements while it runs: they cannot be listed in advance)");
			}
		}
	}

	private static void printStatus(PrintStream out, MigrationStatus status) {
		out.printf("%-16s %-32s %-16s %s%n", "VERSION", "NAME", "STATE", "APPLIED AT");
		for (MigrationInfo info : status.migrations()) {
			out.printf("%-16d %-32s %-16s %s%n", info.version(), info.name(), info.state(),
					(info.appliedAt() != null) ? info.appliedAt() : "-");
		}
		printCurrent(out, status);
	}

	private static void printCurrent(PrintStream out, MigrationStatus status) {
		out.println("current version: " + ((status.currentVersion() != null) ? status.currentVersion() : "none")
				+ ", pending: " + status.pendingCount());
	}

}
