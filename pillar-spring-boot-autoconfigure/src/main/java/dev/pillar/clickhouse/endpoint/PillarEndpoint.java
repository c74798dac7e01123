package dev.pillar.clickhouse.endpoint;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.pillar.clickhouse.autoconfigure.OperationRequest;
import dev.pillar.clickhouse.autoconfigure.OperationResult;
import dev.pillar.clickhouse.autoconfigure.PillarActions;
import dev.pillar.clickhouse.migration.MigrationDirection;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.MutationProgress;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.PlannedMigration;
import dev.pillar.clickhouse.migration.ReplicaReport;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.RunningStatement;
import dev.pillar.clickhouse.migration.SecretRedactor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code pillar} endpoint: the status of every migration and of one, and (with write
 * access, which is off by default) migrate, rollback, resume, repair and baseline, the
 * first two also as a dry run. Enable writes with
 * {@code management.endpoint.pillar.access=unrestricted} (or every endpoint's with
 * {@code management.endpoints.access.default=unrestricted}).
 * <p>
 * It answers with descriptors of its own ({@link OperationResponseBody}s, as Spring
 * Boot's endpoints do), so the JSON is the actuator's and does not change with the
 * application's Jackson settings.
 */
@Endpoint(id = "pillar", defaultAccess = Access.READ_ONLY)
public class PillarEndpoint {

	private static final Log logger = LogFactory.getLog(PillarEndpoint.class);

	private final PillarMigrator migrator;

	/**
	 * Creates the endpoint.
	 * @param migrator the migrator it reports on and drives
	 */
	public PillarEndpoint(PillarMigrator migrator) {
		this.migrator = migrator;
	}

	/**
	 * Every migration known to code or history; the statement running now in this
	 * application and the mutations it waits for; on a cluster, each replica compared
	 * with the history. Does not wait for a running operation.
	 * @return the status
	 */
	@ReadOperation
	public PillarDescriptor status() {
		MigrationStatus status = this.migrator.status();
		List<ReplicaReport> replicas = (this.migrator.configuration().getCluster() != null)
				? this.migrator.verifyCluster() : null;
		return new PillarDescriptor(MigrationDescriptor.of(status.migrations()), status.currentVersion(),
				status.pendingCount(), this.migrator.running().map(RunningStatementDescriptor::of).orElse(null),
				(replicas != null) ? replicas.stream().map(ReplicaDescriptor::of).toList() : null);
	}

	/**
	 * One migration, with its statements (the values of secret placeholders masked).
	 * @param version its version
	 * @return the migration, or a 404
	 */
	@ReadOperation
	public WebEndpointResponse<MigrationDetailDescriptor> migration(@Selector long version) {
		MigrationInfo info = this.migrator.status()
			.migrations()
			.stream()
			.filter((candidate) -> candidate.version() == version)
			.findFirst()
			.orElse(null);
		if (info == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		ResolvedMigration code = this.migrator.migrations()
			.stream()
			.filter((candidate) -> candidate.version() == version)
			.findFirst()
			.orElse(null);
		SecretRedactor redactor = this.migrator.redactor();
		return new WebEndpointResponse<>(new MigrationDetailDescriptor(MigrationDescriptor.of(info),
				(code != null) ? redactor.redact(code.up()) : List.of(),
				(code != null) ? redactor.redact(code.down()) : List.of()));
	}

	/**
	 * Runs an operation, or with {@code dryRun} says the exact SQL it would run and
	 * changes nothing. A request that cannot be honoured whole (no {@code operation},
	 * both {@code steps} and {@code target}, a dry run of an operation that has none)
	 * gets a 400 and changes nothing. Once an operation ran, the answer says what ran,
	 * also when the status cannot be read after it (then {@code statusError} says why).
	 * @param operation {@code migrate}, {@code rollback}, {@code resume}, {@code repair}
	 * or {@code baseline}; required: there is no default
	 * @param steps for a rollback, how many of the newest applied migrations (default 1)
	 * @param target for a rollback, the version to stand at afterwards instead of
	 * {@code steps}; for a baseline, the newest version the database already has
	 * @param dryRun whether to only plan; migrate and rollback have a dry run, the others
	 * refuse it
	 * @param fromStatement for a resume, the statement to resume from (needed for an
	 * interrupted migration)
	 * @param securityContext who asks, for the log and the history's {@code installed_by}
	 * @return what ran, or would run, and the status after it
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operate(@Nullable String operation, @Nullable Integer steps,
			@Nullable Long target, @Nullable Boolean dryRun, @Nullable Integer fromStatement,
			SecurityContext securityContext) {
		String op = (operation != null) ? operation.toLowerCase(Locale.ROOT) : null;
		Principal principal = securityContext.getPrincipal();
		String who = (principal != null) ? principal.getName() : "anonymous";
		OperationResult result;
		try {
			result = OperationRequest.of(op, steps, target, Boolean.TRUE.equals(dryRun), fromStatement)
				.by(who)
				.runOn(this.migrator);
		}
		catch (MigrationFailedException ex) {
			return new WebEndpointResponse<>(
					new ErrorDescriptor(op, ex.getMessage(), PillarActions.ENDPOINT.action(ex)),
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		catch (PillarException ex) {
			return new WebEndpointResponse<>(
					new ErrorDescriptor(op, ex.getMessage(), PillarActions.ENDPOINT.action(ex)),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		String label = result.operation().label();
		if (result.plan() != null) {
			return new WebEndpointResponse<>(new PlanDescriptor(label, true,
					result.plan().stream().map(PlannedMigrationDescriptor::of).toList()));
		}
		logger.info("Endpoint operation " + label + " by " + who + " ran " + result.runs());
		List<MigrationRunDescriptor> runs = result.runs().stream().map(MigrationRunDescriptor::of).toList();
		try {
			return new WebEndpointResponse<>(
					new OperationDescriptor(label, runs, StatusDescriptor.of(this.migrator.status()), null));
		}
		catch (PillarException ex) {
			// it ran: an error here would make a retry run it again
			return new WebEndpointResponse<>(new OperationDescriptor(label, runs, null, ex.getMessage()));
		}
	}

	/**
	 * The status: what {@code GET /actuator/pillar} answers.
	 *
	 * @param migrations every migration known to code or history, oldest first
	 * @param currentVersion the newest applied version, or {@code null}
	 * @param pendingCount how many are pending
	 * @param running the statement this application runs now, with the mutations it waits
	 * for; else {@code null}
	 * @param cluster on a cluster, each replica compared with the history; else
	 * {@code null}
	 */
	public record PillarDescriptor(List<MigrationDescriptor> migrations, @Nullable Long currentVersion,
			int pendingCount, @Nullable RunningStatementDescriptor running,
			@Nullable List<ReplicaDescriptor> cluster) implements OperationResponseBody {

	}

	/**
	 * One migration as the status reports it.
	 *
	 * @param version the version
	 * @param name the name
	 * @param state where it stands
	 * @param appliedAt when it was applied, if it is applied, failed or missing
	 * @param executionMillis how long its newest run took
	 * @param statements how many statements its newest run had
	 * @param statementsDone how many of them ran successfully
	 * @param error ClickHouse's message, for a failed migration
	 * @param checksum the checksum of its {@code up}
	 * @param reversible whether it has a {@code down}
	 * @param source the class or file it comes from, or {@code null} when missing from
	 * code
	 */
	public record MigrationDescriptor(long version, String name, MigrationState state, @Nullable Instant appliedAt,
			@Nullable Long executionMillis, @Nullable Integer statements, @Nullable Integer statementsDone,
			@Nullable String error, String checksum, boolean reversible, @Nullable String source) {

		static MigrationDescriptor of(MigrationInfo info) {
			return new MigrationDescriptor(info.version(), info.name(), info.state(), info.appliedAt(),
					info.executionMillis(), info.statements(), info.statementsDone(), info.error(), info.checksum(),
					info.reversible(), info.source());
		}

		static List<MigrationDescriptor> of(List<MigrationInfo> infos) {
			return infos.stream().map(MigrationDescriptor::of).toList();
		}

	}

	/**
	 * The statement this application runs now.
	 *
	 * @param version the migration's version
	 * @param migrationName the migration's name
	 * @param direction which way it runs
	 * @param statementNumber the statement's number, from 1
	 * @param statementCount how many statements the direction has
	 * @param mutations the mutations the statement started that are not done yet
	 */
	public record RunningStatementDescriptor(long version, String migrationName, MigrationDirection direction,
			int statementNumber, int statementCount, List<MutationDescriptor> mutations) {

		static RunningStatementDescriptor of(RunningStatement running) {
			return new RunningStatementDescriptor(running.version(), running.migrationName(), running.direction(),
					running.statementNumber(), running.statementCount(),
					running.mutations().stream().map(MutationDescriptor::of).toList());
		}

	}

	/**
	 * A mutation that the running statement started and that is not done yet.
	 *
	 * @param database the table's database
	 * @param table the table
	 * @param mutationId the mutation's id
	 * @param replica on a cluster, the replica that has not done it yet; else
	 * {@code null}
	 * @param partsToDo how many parts it still has to rewrite
	 */
	public record MutationDescriptor(String database, String table, String mutationId, @Nullable String replica,
			long partsToDo) {

		static MutationDescriptor of(MutationProgress mutation) {
			return new MutationDescriptor(mutation.database(), mutation.table(), mutation.mutationId(),
					mutation.replica(), mutation.partsToDo());
		}

	}

	/**
	 * One replica of the cluster compared with the history.
	 *
	 * @param replica its address, {@code host:port}
	 * @param reachable whether it answered
	 * @param historyRows how many history rows it holds
	 * @param lastSequence the newest history row it holds
	 * @param inSync whether its history ends where the one read here does
	 * @param missingTables tables that the applied migrations create but it does not have
	 * @param error why it could not be checked, when it could not
	 */
	public record ReplicaDescriptor(String replica, boolean reachable, long historyRows, long lastSequence,
			boolean inSync, List<String> missingTables, @Nullable String error) {

		static ReplicaDescriptor of(ReplicaReport report) {
			return new ReplicaDescriptor(report.replica(), report.reachable(), report.historyRows(),
					report.lastSequence(), report.inSync(), report.missingTables(), report.error());
		}

	}

	/**
	 * One migration with its statements: what {@code GET /actuator/pillar/{version}}
	 * answers.
	 *
	 * @param migration where it stands
	 * @param up its {@code up} statements (empty when no longer in code)
	 * @param down its {@code down} statements
	 */
	public record MigrationDetailDescriptor(MigrationDescriptor migration, List<String> up,
			List<String> down) implements OperationResponseBody {

	}

	/**
	 * What an operation ran.
	 *
	 * @param operation the operation
	 * @param migrations the migrations it ran, in the order they ran
	 * @param status the status after it, or {@code null} when it could not be read
	 * @param statusError why the status after it could not be read, or {@code null}
	 */
	public record OperationDescriptor(String operation, List<MigrationRunDescriptor> migrations,
			@Nullable StatusDescriptor status, @Nullable String statusError) implements OperationResponseBody {

	}

	/**
	 * A migration that ran in one direction.
	 *
	 * @param version the version
	 * @param name the name
	 * @param direction which way it ran
	 * @param statements how many statements ran
	 * @param executionMillis how long they took
	 */
	public record MigrationRunDescriptor(long version, String name, MigrationDirection direction, int statements,
			long executionMillis) {

		static MigrationRunDescriptor of(MigrationRun run) {
			return new MigrationRunDescriptor(run.version(), run.name(), run.direction(), run.statements(),
					run.executionMillis());
		}

	}

	/**
	 * The status after an operation.
	 *
	 * @param migrations every migration known to code or history, oldest first
	 * @param currentVersion the newest applied version, or {@code null}
	 * @param pendingCount how many are pending
	 */
	public record StatusDescriptor(List<MigrationDescriptor> migrations, @Nullable Long currentVersion,
			int pendingCount) {

		static StatusDescriptor of(MigrationStatus status) {
			return new StatusDescriptor(MigrationDescriptor.of(status.migrations()), status.currentVersion(),
					status.pendingCount());
		}

	}

	/**
	 * What an operation would run: a dry run.
	 *
	 * @param operation the operation
	 * @param dryRun always {@code true}: nothing was run
	 * @param plan the migrations it would run, in order, with their exact statements
	 */
	public record PlanDescriptor(String operation, boolean dryRun,
			List<PlannedMigrationDescriptor> plan) implements OperationResponseBody {

	}

	/**
	 * A migration a dry run would run.
	 *
	 * @param version the version
	 * @param name the name
	 * @param direction which way it would run
	 * @param statements the statements, in order; none for a migration in code
	 * @param statementsKnown whether the statements are known in advance: {@code false}
	 * for a migration whose code decides them while it runs
	 */
	public record PlannedMigrationDescriptor(long version, String name, MigrationDirection direction,
			List<String> statements, boolean statementsKnown) {

		static PlannedMigrationDescriptor of(PlannedMigration planned) {
			return new PlannedMigrationDescriptor(planned.version(), planned.name(), planned.direction(),
					planned.statements(), planned.statementsKnown());
		}

	}

	/**
	 * Why an operation did not run, or stopped.
	 *
	 * @param operation the operation, as the request named it ({@code null} when it named
	 * none)
	 * @param error what went wrong
	 * @param action what to do about it
	 */
	public record ErrorDescriptor(@Nullable String operation, @Nullable String error,
			String action) implements OperationResponseBody {

	}

}
