package dev.pillar.clickhouse.migration.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.MigrationInfo;
import dev.pillar.clickhouse.migration.MigrationState;
import dev.pillar.clickhouse.migration.MigrationStatus;
import dev.pillar.clickhouse.migration.PillarException;
import dev.pillar.clickhouse.migration.ResolvedMigration;
import org.jspecify.annotations.Nullable;

/**
 * The migrations in code set against one reading of the history: what stands where, what
 * to apply, what to roll back. Pure logic; the migrator reads the history and runs what
 * this plans.
 */
public final class MigrationPlan {

	private static final Pattern CREATE = Pattern.compile(
			"^\\s*CREATE\\s+(?:TABLE|VIEW|MATERIALIZED\\s+VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([`\"\\w.]+)",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern DROP = Pattern
		.compile("^\\s*DROP\\s+(?:TABLE|VIEW)\\s+(?:IF\\s+EXISTS\\s+)?([`\"\\w.]+)", Pattern.CASE_INSENSITIVE);

	private final Map<Long, ResolvedMigration> code = new LinkedHashMap<>();

	private final Map<Long, MigrationEvent> latest = new TreeMap<>();

	private final long lastSequence;

	private final MigrationStatus status;

	/**
	 * Plans from code and history.
	 * @param migrations the migrations in code, oldest first
	 * @param history the history rows, in any order
	 */
	public MigrationPlan(List<ResolvedMigration> migrations, List<MigrationEvent> history) {
		migrations.forEach((migration) -> this.code.put(migration.version(), migration));
		long last = 0;
		Map<Long, MigrationEvent> bySequence = new TreeMap<>();
		for (MigrationEvent event : history) {
			MigrationEvent same = bySequence.putIfAbsent(event.sequence(), event);
			if (same != null) {
				throw corrupt(same, event);
			}
			MigrationEvent previous = this.latest.get(event.version());
			if (previous == null || previous.sequence() < event.sequence()) {
				this.latest.put(event.version(), event);
			}
			last = Math.max(last, event.sequence());
		}
		this.lastSequence = last;
		this.status = MigrationStatus.of(infos());
	}

	/**
	 * Two rows of one sequence number: which came last cannot be told, so no state can
	 * be.
	 */
	private static PillarException corrupt(MigrationEvent one, MigrationEvent other) {
		return new PillarException(
				"The migration history holds two rows of sequence " + one.sequence() + ": " + describe(one) + ", and "
						+ describe(other),
				"One was written by an instance that had lost the migration lock (a Pillar before fencing, or an "
						+ "instance paused in the instant between its lock check and its write). Check which "
						+ "migration's statements really ran, delete the other row (ALTER TABLE <history table> "
						+ "DELETE WHERE sequence = " + one.sequence() + " AND version = <its version> AND "
						+ "executed_at = <its time>), then start again.",
				PillarException.Kind.HISTORY_CORRUPT);
	}

	private static String describe(MigrationEvent event) {
		return event.version() + " (" + event.name() + ") " + event.type().column() + " at " + event.executedAt()
				+ " on " + event.host();
	}

	private List<MigrationInfo> infos() {
		TreeSet<Long> versions = new TreeSet<>(this.code.keySet());
		versions.addAll(this.latest.keySet());
		List<MigrationInfo> infos = new ArrayList<>();
		for (long version : versions) {
			ResolvedMigration migration = this.code.get(version);
			MigrationEvent event = this.latest.get(version);
			MigrationState state = state(migration, event);
			if (state == null) {
				continue;
			}
			boolean ran = event != null && state != MigrationState.PENDING;
			infos.add(new MigrationInfo(version, (migration != null) ? migration.name() : event.name(), state,
					ran ? event.executedAt() : null, ran ? event.executionMillis() : null,
					ran ? event.statements() : null, ran ? event.statementsDone() : null,
					(ran && !event.error().isEmpty()) ? event.error() : null,
					(migration != null) ? migration.checksum() : event.checksum(),
					migration != null && migration.reversible(), (migration != null) ? migration.source() : null));
		}
		return infos;
	}

	private static @Nullable MigrationState state(@Nullable ResolvedMigration migration,
			@Nullable MigrationEvent event) {
		if (event == null) {
			return MigrationState.PENDING;
		}
		// a migration rolled back (or repaired to pending) and then deleted from code is
		// simply gone
		return switch (event.type()) {
			case APPLIED, ROLLBACK_REPAIRED, ACCEPTED, BASELINE ->
				(migration != null) ? MigrationState.APPLIED : MigrationState.MISSING;
			case FAILED -> MigrationState.FAILED;
			case ROLLBACK_FAILED -> MigrationState.ROLLBACK_FAILED;
			case INTERRUPTED -> MigrationState.INTERRUPTED;
			case ROLLBACK_INTERRUPTED -> MigrationState.ROLLBACK_INTERRUPTED;
			case ROLLED_BACK, REPAIRED -> (migration != null) ? MigrationState.PENDING : null;
		};
	}

	/**
	 * @return every migration known to code or history
	 */
	public MigrationStatus status() {
		return this.status;
	}

	/**
	 * @return the sequence number of the newest history row, 0 when there is none
	 */
	public long lastSequence() {
		return this.lastSequence;
	}

	/**
	 * The tables that the applied migrations create and do not drop again, by the names
	 * in their {@code CREATE} and {@code DROP} statements (database prefixes removed):
	 * what a replica should have.
	 * @return the table names
	 */
	public Set<String> createdTables() {
		Set<String> tables = new TreeSet<>();
		for (MigrationInfo info : this.status.inState(MigrationState.APPLIED)) {
			for (String statement : this.code.get(info.version()).up()) {
				Matcher create = CREATE.matcher(statement);
				Matcher drop = DROP.matcher(statement);
				if (create.find()) {
					tables.add(unqualified(create.group(1)));
				}
				else if (drop.find()) {
					tables.remove(unqualified(drop.group(1)));
				}
			}
		}
		return tables;
	}

	private static String unqualified(String name) {
		String plain = name.replace("`", "").replace("\"", "");
		return plain.substring(plain.lastIndexOf('.') + 1);
	}

	/**
	 * The sequence number of the newest history row for a version.
	 * @param version the version
	 * @return its sequence number, 0 when the history has no row for it
	 */
	public long latestSequence(long version) {
		MigrationEvent event = this.latest.get(version);
		return (event != null) ? event.sequence() : 0;
	}

	/**
	 * @return the sequence number for the next history row
	 */
	public long nextSequence() {
		return this.lastSequence + 1;
	}

	/**
	 * The migrations to apply now, oldest first.
	 * @param validateChecksums whether an applied migration whose statements changed
	 * since is an error
	 * @param outOfOrder whether a pending migration older than the current version may be
	 * applied
	 * @return the pending migrations
	 * @throws PillarException when the history holds a failure, or validation fails
	 */
	public List<ResolvedMigration> pending(boolean validateChecksums, boolean outOfOrder) {
		checkNoFailure();
		if (validateChecksums) {
			checkChecksums();
		}
		List<ResolvedMigration> pending = this.status.inState(MigrationState.PENDING)
			.stream()
			.map((info) -> this.code.get(info.version()))
			.toList();
		Long current = this.status.currentVersion();
		if (!outOfOrder && current != null) {
			List<String> older = pending.stream()
				.filter((migration) -> migration.version() < current)
				.map(ResolvedMigration::describe)
				.toList();
			if (!older.isEmpty()) {
				throw new PillarException(
						"Pending migration(s) " + String.join(", ", older) + " are older than the current version "
								+ current,
						"Give them versions after " + current
								+ ", or allow out-of-order migrations to apply them anyway.",
						PillarException.Kind.OUT_OF_ORDER);
			}
		}
		return pending;
	}

	/**
	 * The migrations to roll back, newest first.
	 * @param steps how many of the newest applied migrations
	 * @return the migrations, newest first
	 * @throws PillarException when {@code steps} is not positive, exceeds what is
	 * applied, or reaches a migration that cannot be rolled back; nothing is run then
	 */
	public List<ResolvedMigration> rollback(int steps) {
		if (steps < 1) {
			throw new PillarException("Cannot roll back " + steps + " steps", "Ask for 1 step or more.");
		}
		checkNoFailure();
		List<MigrationInfo> applied = new ArrayList<>(this.status.applied());
		if (applied.isEmpty()) {
			throw new PillarException("Nothing to roll back: no migration is applied", "None needed.");
		}
		if (steps > applied.size()) {
			throw new PillarException(
					"Cannot roll back " + steps + " steps: only " + applied.size() + " migration(s) are applied",
					"Ask for " + applied.size() + " step(s) or fewer.");
		}
		Collections.reverse(applied);
		List<MigrationInfo> chosen = applied.subList(0, steps);
		List<String> missing = chosen.stream()
			.filter((info) -> info.state() == MigrationState.MISSING)
			.map((info) -> info.version() + " (" + info.name() + ")")
			.toList();
		if (!missing.isEmpty()) {
			throw new PillarException(
					"Cannot roll back " + String.join(", ", missing)
							+ ": applied, but no longer in code, so there is no down to run",
					"Restore the migration class, " + "or roll back fewer steps. Nothing was rolled back.");
		}
		List<String> irreversible = chosen.stream()
			.filter((info) -> !info.reversible())
			.map((info) -> info.version() + " (" + info.name() + ")")
			.toList();
		if (!irreversible.isEmpty()) {
			throw new PillarException(
					"Cannot roll back " + steps + " step(s): " + String.join(", ", irreversible) + " has no down",
					"Add a down() to it, or roll back fewer steps. Nothing was rolled back.");
		}
		return chosen.stream().map((info) -> this.code.get(info.version())).toList();
	}

	/**
	 * The migrations to roll back so that a version is the newest applied, newest first.
	 * @param target the version to stand at afterwards, or {@code 0} to roll back
	 * everything
	 * @return the migrations, newest first
	 * @throws PillarException when the target is not an applied version, nothing is
	 * newer, or a migration on the way cannot be rolled back; nothing is run then
	 */
	public List<ResolvedMigration> rollbackTo(long target) {
		List<MigrationInfo> applied = this.status.applied();
		if (target != 0 && applied.stream().noneMatch((info) -> info.version() == target)) {
			throw new PillarException("Cannot roll back to " + target + ": no applied migration has that version",
					"Name an applied version (see the status), or 0 to roll back everything.",
					PillarException.Kind.UNKNOWN_VERSION);
		}
		int steps = (int) applied.stream().filter((info) -> info.version() > target).count();
		if (steps == 0) {
			throw new PillarException("Nothing to roll back: " + target + " is the current version", "None needed.");
		}
		return rollback(steps);
	}

	private void checkNoFailure() {
		MigrationInfo info = failed();
		if (info != null && (info.state() == MigrationState.INTERRUPTED
				|| info.state() == MigrationState.ROLLBACK_INTERRUPTED)) {
			throw new PillarException(
					"Migration " + info.version() + " (" + info.name() + ") was interrupted: " + info.error(),
					"Check what its statements did, then resume from the first statement that did not "
							+ "run (name it: how far it got is not known exactly), or undo what ran by hand and "
							+ "repair.",
					PillarException.Kind.FAILED_EARLIER);
		}
		if (info != null) {
			String direction = info.state().direction().label();
			ResolvedMigration migration = this.code.get(info.version());
			int number = info.statementsDone() + 1;
			String resume = (migration != null) ? migration.resumeFrom(number) : "resume from statement " + number;
			throw new PillarException(
					"Migration " + info.version() + " (" + info.name() + ") failed earlier: " + direction
							+ " statement " + (info.statementsDone() + 1) + " of " + info.statements()
							+ " was refused: " + info.error(),
					"The schema holds the " + info.statementsDone() + " " + direction + " statement(s) that ran. "
							+ "Fix the cause, then either " + resume + ", or undo what ran by hand and repair.",
					PillarException.Kind.FAILED_EARLIER);
		}
	}

	private void checkChecksums() {
		List<String> changed = changed().stream().map(ResolvedMigration::describe).toList();
		if (!changed.isEmpty()) {
			throw new PillarException(
					"Migration(s) " + String.join(", ", changed)
							+ " changed after they were applied: their up statements no longer match the history",
					"Revert the change and put it in a new migration; or accept it with a repair (it records the new "
							+ "checksum), or turn validation on migrate off.",
					PillarException.Kind.CHANGED);
		}
	}

	/**
	 * @return the applied migrations whose {@code up} statements differ from those
	 * recorded
	 */
	public List<ResolvedMigration> changed() {
		return this.status.inState(MigrationState.APPLIED)
			.stream()
			.filter((info) -> !this.latest.get(info.version()).checksum().equals(info.checksum()))
			.map((info) -> this.code.get(info.version()))
			.toList();
	}

	/**
	 * @return the migration whose newest run failed, if any (there is at most one: a
	 * failure stops everything)
	 */
	public @Nullable MigrationInfo failed() {
		return this.status.failed();
	}

	/**
	 * @return the migrations in code, oldest first
	 */
	public List<ResolvedMigration> inCode() {
		return List.copyOf(this.code.values());
	}

	/**
	 * The migration in code with a version.
	 * @param version the version
	 * @return the migration, or {@code null}
	 */
	public @Nullable ResolvedMigration migration(long version) {
		return this.code.get(version);
	}

}
