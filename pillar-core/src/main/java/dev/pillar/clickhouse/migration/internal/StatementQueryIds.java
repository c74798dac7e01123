package dev.pillar.clickhouse.migration.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.pillar.clickhouse.migration.MigrationDirection;
import org.jspecify.annotations.Nullable;

/**
 * The query id of each statement a run sends, derived from the run (its lock token), the
 * migration's version, the direction and the statement's number:
 * {@code pillar-<run>-<version>-<up|down>-<n>}, and {@code …-r<k>} for its k-th attempt
 * after the first. Whoever takes over after the run's holder died finds each statement by
 * it in {@code system.processes} and {@code system.query_log}. Holds the id of the
 * statement running now, set by the executor and read by the one sender.
 */
public final class StatementQueryIds {

	private static final Pattern STATEMENT = Pattern.compile("(\\d+)-(up|down)-(\\d+)(?:-r(\\d+))?");

	private volatile @Nullable String current;

	/**
	 * @return the id of the statement running now, or {@code null} when its run has none
	 */
	@Nullable String current() {
		return this.current;
	}

	void next(@Nullable String runId, long version, MigrationDirection direction, int number) {
		this.current = (runId != null) ? of(runId, version, direction, number) : null;
	}

	void finished() {
		this.current = null;
	}

	static String of(String runId, long version, MigrationDirection direction, int number) {
		return runPrefix(runId) + version + "-" + direction.label() + "-" + number;
	}

	/**
	 * @param runId the run
	 * @return what every query id of the run starts with
	 */
	static String runPrefix(String runId) {
		return "pillar-" + runId + "-";
	}

	/**
	 * @param id a statement's id
	 * @param attempt the attempt, from 0
	 * @return the id that attempt is sent with
	 */
	static String attempt(String id, int attempt) {
		return (attempt == 0) ? id : id + "-r" + (attempt + 1);
	}

	/**
	 * Reads a query id of a run back.
	 * @param runId the run
	 * @param queryId the id
	 * @return the statement it names, or {@code null} when it names none of the run
	 */
	static @Nullable Identified parse(String runId, String queryId) {
		String prefix = runPrefix(runId);
		if (!queryId.startsWith(prefix)) {
			return null;
		}
		Matcher matcher = STATEMENT.matcher(queryId.substring(prefix.length()));
		if (!matcher.matches()) {
			return null;
		}
		return new Identified(Long.parseLong(matcher.group(1)),
				MigrationDirection.valueOf(matcher.group(2).toUpperCase(Locale.ROOT)),
				Integer.parseInt(matcher.group(3)));
	}

	/**
	 * A statement of a run, as its query id names it.
	 *
	 * @param version the migration's version
	 * @param direction which way
	 * @param number the statement's number, from 1
	 */
	record Identified(long version, MigrationDirection direction, int number) {

	}

}
