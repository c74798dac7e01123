package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Splits a TabSeparated stream into rows of raw fields.
 * <p>
 * The server escapes tabs and line feeds inside values, so a plain split is exact. Fields
 * stay escaped (see {@link Escaping#unescapeTsv}) because only the column type says how
 * to read them: {@code \N} is a null in a nullable column, and arrays carry quoted
 * literals rather than TabSeparated escapes. Fields are byte strings (ISO-8859-1) so that
 * no byte is lost.
 */
final class TsvReader {

	private final InputStream in;

	private byte[] line = new byte[256];

	/**
	 * Creates a reader.
	 * @param in the stream; buffer it, it is read a byte at a time
	 */
	TsvReader(InputStream in) {
		this.in = in;
	}

	/**
	 * Reads the next row.
	 * @return its raw fields, or {@code null} at the end of the stream
	 * @throws IOException on a read failure
	 */
	@Nullable List<String> readRow() throws IOException {
		int length = 0;
		int b = this.in.read();
		if (b == -1) {
			return null;
		}
		while (b != -1 && b != '\n') {
			if (length == this.line.length) {
				this.line = Arrays.copyOf(this.line, length * 2);
			}
			this.line[length++] = (byte) b;
			b = this.in.read();
		}
		return split(this.line, length);
	}

	private static List<String> split(byte[] line, int length) {
		List<String> fields = new ArrayList<>();
		int start = 0;
		for (int i = 0; i <= length; i++) {
			if (i == length || line[i] == '\t') {
				fields.add(new String(line, start, i - start, StandardCharsets.ISO_8859_1));
				start = i + 1;
			}
		}
		return fields;
	}

}
