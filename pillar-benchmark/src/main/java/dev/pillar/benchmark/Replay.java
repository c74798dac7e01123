package dev.pillar.benchmark;

import java.sql.ResultSet;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends queries with nothing else around them: each through the template, its rows read
 * in full. The baseline for what Pillar sends, so that the difference is Pillar's own
 * time.
 */
final class Replay {

	private Replay() {
	}

	/**
	 * Runs queries one after the other.
	 * @param jdbc the template
	 * @param queries the queries, without parameters
	 */
	static void run(JdbcTemplate jdbc, List<String> queries) {
		for (String sql : queries) {
			if (sql.contains("?")) {
				throw new IllegalArgumentException("Cannot replay a query with parameters: " + sql);
			}
			jdbc.execute((java.sql.Statement statement) -> {
				if (statement.execute(sql)) {
					try (ResultSet rows = statement.getResultSet()) {
						int columns = rows.getMetaData().getColumnCount();
						while (rows.next()) {
							for (int column = 1; column <= columns; column++) {
								rows.getObject(column);
							}
						}
					}
				}
				return null;
			});
		}
	}

}
