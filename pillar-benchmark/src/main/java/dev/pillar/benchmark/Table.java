package dev.pillar.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled table of text cells, rendered aligned for the console and as Markdown for the
 * results file.
 */
final class Table {

	private final String title;

	private final List<String> headers;

	private final List<List<String>> rows = new ArrayList<>();

	/**
	 * @param title the title
	 * @param headers the column headers
	 */
	Table(String title, String... headers) {
		this.title = title;
		this.headers = List.of(headers);
	}

	/**
	 * Adds a row.
	 * @param cells one per column
	 * @return this table
	 */
	Table row(Object... cells) {
		List<String> row = new ArrayList<>();
		for (Object cell : cells) {
			row.add(String.valueOf(cell));
		}
		this.rows.add(row);
		return this;
	}

	/**
	 * @return the table as aligned text
	 */
	String text() {
		int[] widths = new int[this.headers.size()];
		for (List<String> row : all()) {
			for (int i = 0; i < row.size(); i++) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		StringBuilder out = new StringBuilder(this.title).append('\n');
		List<List<String>> all = all();
		for (int r = 0; r < all.size(); r++) {
			StringBuilder line = new StringBuilder("  ");
			for (int i = 0; i < all.get(r).size(); i++) {
				line.append(String.format("%-" + widths[i] + "s", all.get(r).get(i))).append("  ");
			}
			out.append(line.toString().stripTrailing()).append('\n');
			if (r == 0) {
				out.append("  ").append("-".repeat(line.length() - 4)).append('\n');
			}
		}
		return out.toString();
	}

	/**
	 * @return the table as Markdown, under a heading
	 */
	String markdown() {
		StringBuilder out = new StringBuilder("### ").append(this.title).append("\n\n");
		out.append("| ").append(String.join(" | ", this.headers)).append(" |\n");
		out.append("|").append(" --- |".repeat(this.headers.size())).append('\n');
		for (List<String> row : this.rows) {
			out.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		return out.toString();
	}

	private List<List<String>> all() {
		List<List<String>> all = new ArrayList<>();
		all.add(this.headers);
		all.addAll(this.rows);
		return all;
	}

}
