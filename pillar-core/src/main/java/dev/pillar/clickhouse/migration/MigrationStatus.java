package dev.pillar.clickhouse.migration;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Every migration known to code or history, oldest first.
 *
 * @param migrations the migrations
 * @param currentVersion the newest applied version, or {@code null} when none is applied
 * @param pendingCount how many are pending
 */
public record MigrationStatus(List<MigrationInfo> migrations, @Nullable Long currentVersion, int pendingCount) {

	/**
	 * Builds a status from its migrations.
	 * @param migrations the migrations, oldest first
	 * @return the status
	 */
	public static MigrationStatus of(List<MigrationInfo> migrations) {
		Long current = null;
		int pending = 0;
		for (MigrationInfo info : migrations) {
			if (info.applied()) {
				current = info.version();
			}
			if (info.state() == MigrationState.PENDING) {
				pending++;
			}
		}
		return new MigrationStatus(List.copyOf(migrations), current, pending);
	}

	/**
	 * The migrations in one state.
	 * @param state the state
	 * @return those migrations, oldest first
	 */
	public List<MigrationInfo> inState(MigrationState state) {
		return this.migrations.stream().filter((info) -> info.state() == state).toList();
	}

	/**
	 * @return the applied migrations, whether or not still in code, oldest first
	 */
	public List<MigrationInfo> applied() {
		return this.migrations.stream().filter(MigrationInfo::applied).toList();
	}

	/**
	 * The migration whose newest run failed or was interrupted, if any (at most one:
	 * either stops everything until the operator resumes or repairs it).
	 * @return the migration, or {@code null}
	 */
	public @Nullable MigrationInfo failed() {
		return this.migrations.stream().filter((info) -> info.state().unfinished()).findFirst().orElse(null);
	}

}
