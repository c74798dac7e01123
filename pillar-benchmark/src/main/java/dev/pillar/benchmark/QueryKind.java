package dev.pillar.benchmark;

import java.util.Locale;

/**
 * What a query sent to ClickHouse is for, told apart by the table it names, so that a
 * run's queries and time can be split between the migrations' own statements and what
 * Pillar adds around them.
 */
enum QueryKind {

	/** A statement of a migration (or of the baseline). */
	STATEMENT("migration statements"),

	/** A row appended to the history table. */
	HISTORY_WRITE("history inserts"),

	/** Creating or reading the history table. */
	HISTORY_READ("history create/read"),

	/** Creating, reading or writing the lock table. */
	LOCK("lock");

	private final String label;

	QueryKind(String label) {
		this.label = label;
	}

	/**
	 * @return how it is shown in the tables
	 */
	String label() {
		return this.label;
	}

	/**
	 * Classifies a query by the tables of the default settings ({@code pillar_migrations}
	 * and {@code pillar_migrations_lock}).
	 * @param sql the query as sent
	 * @return its kind
	 */
	static QueryKind of(String sql) {
		String lower = sql.toLowerCase(Locale.ROOT);
		if (lower.contains("pillar_migrations_lock")) {
			return LOCK;
		}
		if (lower.contains("pillar_migrations")) {
			return lower.stripLeading().startsWith("insert") ? HISTORY_WRITE : HISTORY_READ;
		}
		return STATEMENT;
	}

}
