package dev.pillar.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Tables and paragraphs in order, printed as text and written as Markdown. */
final class Report {

	private final List<Object> parts = new ArrayList<>();

	/**
	 * Adds a table.
	 * @param table the table
	 */
	void add(Table table) {
		this.parts.add(table);
	}

	/**
	 * Adds a paragraph.
	 * @param text the text, Markdown-friendly (backticks read fine as text too)
	 */
	void note(String text) {
		this.parts.add(text);
	}

	/**
	 * @return the report as console text
	 */
	String text() {
		StringBuilder out = new StringBuilder();
		for (Object part : this.parts) {
			out.append((part instanceof Table table) ? table.text() : wrap((String) part)).append('\n');
		}
		return out.toString();
	}

	/**
	 * Writes the report as Markdown.
	 * @param file where
	 * @param title the document's title
	 */
	void write(Path file, String title) {
		StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
		for (Object part : this.parts) {
			out.append(((part instanceof Table table) ? table.markdown() : (String) part).stripTrailing())
				.append("\n\n");
		}
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(file, out.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String wrap(String text) {
		StringBuilder out = new StringBuilder();
		for (String paragraph : text.split("\n")) {
			int column = 0;
			for (String word : paragraph.split(" ")) {
				if (column > 0 && column + word.length() > 118) {
					out.append("\n  ");
					column = 2;
				}
				else if (column > 0) {
					out.append(' ');
					column++;
				}
				out.append(word);
				column += word.length();
			}
			out.append('\n');
		}
		return out.toString();
	}

}
