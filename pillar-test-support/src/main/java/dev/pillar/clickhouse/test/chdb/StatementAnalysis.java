package dev.pillar.clickhouse.test.chdb;

/**
 * What ClickHouse's parser says of a query text, before it runs.
 *
 * @param statements how many statements it holds ({@code 0} when it does not parse)
 * @param kind what the statement does
 */
record StatementAnalysis(int statements, Kind kind) {

	/** chDB's {@code chdb_query_class}, in its order. */
	enum Kind {

		/** Reads only. */
		READ_ONLY,

		/** Writes to a database. */
		MUTATING,

		/** Writes outside any database (users, functions, {@code system}). */
		MUTATING_GLOBAL,

		/**
		 * Changes session or server state: {@code SET}, {@code USE}, {@code SYSTEM}, ...
		 */
		CONTROL,

		/** Not classified. */
		UNKNOWN;

		static Kind of(int code) {
			return (code >= 0 && code < values().length) ? values()[code] : UNKNOWN;
		}

	}

}
