package dev.pillar.clickhouse.endpoint;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import dev.pillar.clickhouse.autoconfigure.OperationRequest;
import dev.pillar.clickhouse.autoconfigure.OperationResult;
import dev.pillar.clickhouse.autoconfigure.PillarActions;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationStatus;
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
	public StatusResponse status() {
		MigrationStatus status = this.migrator.status();
		List<ReplicaReport> replicas = (this.migrator.configuration().getCluster() != null)
				? this.migrator.verifyCluster() : null;
		return new StatusResponse(status.migrations(), status.currentVersion(), status.pendingCount(),
				this.migrator.running().orElse(null), replicas);
	}

	/**
	 * One migration, with its statements (the values of secret placeholders masked).
	 * @param version its version
	 * @return the migration, or a 404
	 */
	@ReadOperation
	public WebEndpointResponse<MigrationDetail> migration(@Selector long version) {
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
		return new WebEndpointResponse<>(
				new MigrationDetail(info, (code != null) ? redactor.redact(code.up()) : List.of(),
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
			return new WebEndpointResponse<>(new ErrorResponse(op, ex.getMessage(), PillarActions.ENDPOINT.action(ex)),
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		catch (PillarException ex) {
			return new WebEndpointResponse<>(new ErrorResponse(op, ex.getMessage(), PillarActions.ENDPOINT.action(ex)),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		String label = result.operation().label();
		if (result.plan() != null) {
			return new WebEndpointResponse<>(new PlanResponse(label, result.plan()));
		}
		logger.info("Endpoint operation " + label + " by " + who + " ran " + result.runs());
		try {
			return new WebEndpointResponse<>(new OperationResponse(label, result.runs(), this.migrator.status(), null));
		}
		catch (PillarException ex) {
			// it ran: an error here would make a retry run it again
			return new WebEndpointResponse<>(new OperationResponse(label, result.runs(), null, ex.getMessage()));
		}
	}

	/**
	 * The status.
	 *
	 * @param migrations every migration known to code or history, oldest first
	 * @param currentVersion the newest applied version, or {@code null}
	 * @param pendingCount how many are pending
	 * @param running the statement this application runs now, with the mutations it waits
	 * for; else {@code null}
	 * @param cluster on a cluster, each replica compared with the history; else
	 * {@code null}
	 */
	public record StatusResponse(List<MigrationInfo> migrations, @Nullable Long currentVersion, int pendingCount,
			@Nullable RunningStatement running, @Nullable List<ReplicaReport> cluster) {

	}

	/**
	 * One migration with its statements.
	 *
	 * @param migration where it stands
	 * @param up its {@code up} statements (empty when no longer in code)
	 * @param down its {@code down} statements
	 */
	public record MigrationDetail(MigrationInfo migration, List<String> up, List<String> down) {

	}

	/**
	 * What an operation ran.
	 *
	 * @param operation the operation
	 * @param migrations the migrations it ran, in the order they ran
	 * @param status the status after it, or {@code null} when it could not be read
	 * @param statusError why the status after it could not be read, or {@code null}
	 */
	public record OperationResponse(String operation, List<MigrationRun> migrations, @Nullable MigrationStatus status,
			@Nullable String statusError) {

	}

	/**
	 * What an operation would run: a dry run.
	 *
	 * @param operation the operation
	 * @param dryRun always {@code true}: nothing was run
	 * @param plan the migrations it would run, in order, with their exact statements
	 */
	public record PlanResponse(String operation, boolean dryRun, List<PlannedMigration> plan) {

		PlanResponse(String operation, List<PlannedMigration> plan) {
			this(operation, true, plan);
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
	public record ErrorResponse(@Nullable String operation, @Nullable String error, String action) {

	}

}
