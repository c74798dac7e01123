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
 * Pillar's command line, the Java side of {@code mix clickhouse.migrate} and {@code mix clickhouse.rollback}: with
 * {@code --pillar.command=status|migrate|rollback|resume|repair|baseline} the application runs that command against
 * the ClickHouse of its configuration (and profile), prints what it did, and exits: 0 on success, 1 on failure with
 * the reason and what to do on standard error.
 */
final class PillarCommandRunner implements ApplicationRunner {

	static final String COMMAND = "pillar.command";

	private final PillarMigrator migrator;

	private final ConfigurableApplicationContext context;

	private final String command;

	private final @Nullable Integer steps;

	private final @Nullable Long target;

	private final boolean dryRun;

	PillarCommandRunner(PillarMigrator migrator, ConfigurableApplicationContext context, String command,
			@Nullable Integer steps, @Nullable Long target, boolean dryRun) {
		this.migrator = migrator;
		this.context = context;
		this.command = command.toLowerCase(Locale.ROOT);
		this.steps = steps;
		this.target = target;
		this.dryRun = dryRun;
	}

	@Override
	public void run(ApplicationArguments args) {
		int code = execute(System.out, System.err);
		// other non-daemon threads of the application (schedulers, consumers) must not keep a command alive
		System.exit(SpringApplication.exit(this.context, () -> code));
	}

	int execute(PrintStream out, PrintStream err) {
		try {
			switch (this.command) {
				case "status" -> printStatus(out, this.migrator.status());
				case "migrate" -> {
					if (this.dryRun) {
						printPlan(out, this.migrator.planMigrate());
					}
					else {
						printRuns(out, this.migrator.migrate());
					}
				}
				case "rollback" -> rollback(out);
				case "resume" -> printRuns(out, this.migrator.resume());
				case "repair" -> printRuns(out, this.migrator.repair());
				case "baseline" -> printRuns(out, this.migrator.baseline(required(this.target, "--pillar.target")));
				default -> throw new PillarException("Unknown command '" + this.command + "'",
						"Use --pillar.command=status, migrate, rollback, resume, repair or baseline.");
			}
			return 0;
		}
		catch (PillarException ex) {
			err.println("pillar " + this.command + " failed: " + ex.getMessage());
			err.println("What to do: " + ex.action());
			return 1;
		}
	}

	private void rollback(PrintStream out) {
		if (this.target != null) {
			if (this.dryRun) {
				printPlan(out, this.migrator.planRollbackTo(this.target));
			}
			else {
				printRuns(out, this.migrator.rollbackTo(this.target));
			}
			return;
		}
		int count = (this.steps != null) ? this.steps : 1;
		if (this.dryRun) {
			printPlan(out, this.migrator.planRollback(count));
		}
		else {
			printRuns(out, this.migrator.rollback(count));
		}
	}

	private static long required(@Nullable Long value, String argument) {
		if (value == null) {
			throw new PillarException("This command needs " + argument, "Add " + argument + "=<version>.");
		}
		return value;
	}

	private void printRuns(PrintStream out, List<MigrationRun> runs) {
		if (runs.isEmpty()) {
			out.println("pillar " + this.command + ": nothing to do");
		}
		for (MigrationRun run : runs) {
			out.printf("pillar %s: %s %d %s (%d statement(s), %d ms)%n", this.command, run.direction().label(),
					run.version(), run.name(), run.statements(), run.executionMillis());
		}
		MigrationStatus status = this.migrator.status();
		out.println("current version: " + ((status.currentVersion() != null) ? status.currentVersion() : "none")
				+ ", pending: " + status.pendingCount());
	}

	private void printPlan(PrintStream out, List<PlannedMigration> plan) {
		out.println("pillar " + this.command + " (dry run, nothing executed): " + plan.size() + " migration(s)");
		for (PlannedMigration migration : plan) {
			out.printf("-- %s %d %s%n", migration.direction().label(), migration.version(), migration.name());
			migration.statements().forEach((statement) -> out.println(statement + ";"));
		}
	}

	private static void printStatus(PrintStream out, MigrationStatus status) {
		out.printf("%-16s %-32s %-16s %s%n", "VERSION", "NAME", "STATE", "APPLIED AT");
		for (MigrationInfo info : status.migrations()) {
			out.printf("%-16d %-32s %-16s %s%n", info.version(), info.name(), info.state(),
					(info.appliedAt() != null) ? info.appliedAt() : "-");
		}
		out.println("current version: " + ((status.currentVersion() != null) ? status.currentVersion() : "none")
				+ ", pending: " + status.pendingCount());
	}

}
