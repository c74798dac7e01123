package dev.pillar.clickhouse.endpoint;

import java.security.Principal;
import java.util.List;
import java.util.Locale;

import dev.pillar.clickhouse.autoconfigure.PillarActions;
import dev.pillar.clickhouse.migration.MigrationFailedException;
import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationRun;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.OperationRequest;
import dev.pillar.clickhouse.migration.OperationResult;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;
import dev.pillar.clickhouse.migration.PlannedMigration;
import dev.pillar.clickhouse.migration.ReplicaReport;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import dev.pillar.clickhouse.migration.RunningStatement;
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
 * access, which is off by default) migrate, rollback, resume, repair and baseline, each
 * also as a dry run. Enable writes with
 * {@code management.endpoint.pillar.access=unrestricted}.
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
	 * One migration, with its statements.
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
		return new WebEndpointResponse<>(new MigrationDetail(info, (code != null) ? code.up() : List.of(),
				(code != null) ? code.down() : List.of()));
	}

	/**
	 * Runs an operation, or with {@code dryRun} says the exact SQL it would run and
	 * changes nothing. A request that cannot be honoured whole (both {@code steps} and
	 * {@code target}, say) gets a 400 and changes nothing.
	 * @param operation {@code rollback} (the default), {@code migrate}, {@code resume},
	 * {@code repair} or {@code baseline}
	 * @param steps for a rollback, how many of the newest applied migrations (default 1)
	 * @param target for a rollback, the version to stand at afterwards instead of
	 * {@code steps}; for a baseline, the newest version the database already has
	 * @param dryRun whether to only plan (migrate and rollback)
	 * @param fromStatement for a resume, the statement to resume from (needed for an
	 * interrupted migration)
	 * @param securityContext who asks, for the log and the history's {@code installed_by}
	 * @return what ran, or would run, and the status after it
	 */
	@WriteOperation
	public WebEndpointResponse<Object> operate(@Nullable String operation, @Nullable Integer steps,
			@Nullable Long target, @Nullable Boolean dryRun, @Nullable Integer fromStatement,
			SecurityContext securityContext) {
		String op = (operation != null) ? operation.toLowerCase(Locale.ROOT) : "rollback";
		Principal principal = securityContext.getPrincipal();
		String who = (principal != null) ? principal.getName() : "anonymous";
		try {
			OperationResult result = this.migrator
				.execute(OperationRequest.of(op, steps, target, Boolean.TRUE.equals(dryRun), fromStatement).by(who));
			if (result.plan() != null) {
				return new WebEndpointResponse<>(new PlanResponse(op, result.plan()));
			}
			logger.info("Endpoint operation " + op + " by " + who + " ran " + result.runs());
			return new WebEndpointResponse<>(new OperationResponse(op, result.runs(), this.migrator.status()));
		}
		catch (MigrationFailedException ex) {
			return new WebEndpointResponse<>(new ErrorResponse(op, ex.getMessage(), PillarActions.ENDPOINT.action(ex)),
					WebEndpointResponse.STATUS_INTERNAL_SERVER_ERROR);
		}
		catch (PillarException ex) {
			return new WebEndpointResponse<>(new ErrorResponse(op, ex.getMessage(), PillarActions.ENDPOINT.action(ex)),
					WebEndpointResponse.STATUS_BAD_REQUEST);
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
	 * @param status the status after it
	 */
	public record OperationResponse(String operation, List<MigrationRun> migrations, MigrationStatus status) {

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
	 * @param operation the operation
	 * @param error what went wrong
	 * @param action what to do about it
	 */
	public record ErrorResponse(String operation, @Nullable String error, String action) {

	}

}
