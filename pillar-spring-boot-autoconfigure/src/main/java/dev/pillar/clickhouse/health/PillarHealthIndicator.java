package dev.pillar.clickhouse.health;

import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.PillarMigrator;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * DOWN when a migration failed or the history cannot be read; the configured status
 * (OUT_OF_SERVICE by default) when migrations are pending and nothing applies them on
 * startup; UP otherwise. Details: current version, pending count, failed version.
 */
public class PillarHealthIndicator extends AbstractHealthIndicator {

	private final PillarMigrator migrator;

	private final boolean migrateOnStartup;

	private final Status pendingStatus;

	/**
	 * Creates the indicator.
	 * @param migrator the migrator whose status it reads
	 * @param migrateOnStartup whether pending migrations are applied on startup
	 * @param pendingStatus the status to report while migrations are pending and not
	 * applied on startup
	 */
	public PillarHealthIndicator(PillarMigrator migrator, boolean migrateOnStartup, Status pendingStatus) {
		super("Pillar health check failed");
		this.migrator = migrator;
		this.migrateOnStartup = migrateOnStartup;
		this.pendingStatus = pendingStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		MigrationStatus status;
		try {
			status = this.migrator.status();
		}
		catch (PillarException ex) {
			builder.down().withDetail("error", ex.getMessage());
			return;
		}
		builder.withDetail("currentVersion", (status.currentVersion() != null) ? status.currentVersion() : "none")
			.withDetail("pendingCount", status.pendingCount());
		MigrationInfo failed = status.failed();
		if (failed != null) {
			builder.down().withDetail("failedVersion", failed.version()).withDetail("error", failed.error());
		}
		else if (status.pendingCount() > 0 && !this.migrateOnStartup) {
			builder.status(this.pendingStatus);
		}
		else {
			builder.up();
		}
	}

}
