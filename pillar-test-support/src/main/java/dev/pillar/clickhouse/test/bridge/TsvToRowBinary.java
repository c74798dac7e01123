package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Re-encodes a {@code TSVWithNamesAndTypes} answer as {@code RowBinaryWithNamesAndTypes}.
 * <p>
 * In two steps, so that a column type the bridge cannot encode is known before any answer
 * goes out: {@link #open} reads the names and types, {@link #writeTo} streams the rows.
 */
final class TsvToRowBinary {

	private final TsvReader reader;

	private final List<String> names;

	private final List<String> typeNames;

	private final List<ClickHouseType> types;

	private final ValueEncoder encoder;

	private TsvToRowBinary(TsvReader reader, List<String> names, List<String> typeNames, List<ClickHouseType> types,
			ValueEncoder encoder) {
		this.reader = reader;
		this.names = names;
		this.typeNames = typeNames;
		this.types = types;
		this.encoder = encoder;
	}

	/**
	 * Reads the column names and types of an answer.
	 * @param tsv the answer, buffered
	 * @param serverZone the server's time zone, which {@code DateTime} columns without
	 * their own are written in
	 * @return the conversion, ready to write
	 * @throws IOException on a read failure, or when the header is incomplete
	 * @throws UnsupportedTypeException when a column has a type the bridge cannot encode
	 */
	static TsvToRowBinary open(InputStream tsv, ZoneId serverZone) throws IOException {
		TsvReader reader = new TsvReader(tsv);
		List<String> names = unescaped(reader.readRow());
		List<String> typeNames = unescaped(reader.readRow());
		if (names.size() != typeNames.size()) {
			throw new IOException(
					"The answer has " + names.size() + " column names but " + typeNames.size() + " types");
		}
		List<ClickHouseType> types = new ArrayList<>(typeNames.size());
		for (String typeName : typeNames) {
			types.add(ClickHouseType.parse(typeName));
		}
		return new TsvToRowBinary(reader, names, typeNames, types, new ValueEncoder(serverZone));
	}

	private static List<String> unescaped(@Nullable List<String> row) throws IOException {
		if (row == null) {
			throw new IOException("The answer ends before its column names and types");
		}
		List<String> values = new ArrayList<>(row.size());
		for (String field : row) {
			values.add(Escaping.unescapeTsv(field));
		}
		return values;
	}

	/**
	 * @return the column names (byte strings)
	 */
	List<String> names() {
		return this.names;
	}

	/**
	 * @return the column types as the server named them (byte strings)
	 */
	List<String> typeNames() {
		return this.typeNames;
	}

	/**
	 * Writes the header and every row.
	 * @param out where they go; buffer it
	 * @throws IOException on a read or write failure, or when a row does not match the
	 * header (the answer is then cut short, which the reader notices)
	 */
	void writeTo(OutputStream out) throws IOException {
		RowBinaryWriter writer = new RowBinaryWriter(out);
		writer.writeVarInt(this.names.size());
		for (String name : this.names) {
			writer.writeString(name);
		}
		for (String typeName : this.typeNames) {
			writer.writeString(typeName);
		}
		long row = 0;
		for (List<String> fields = this.reader.readRow(); fields != null; fields = this.reader.readRow()) {
			row++;
			if (fields.size() != this.types.size()) {
				throw rowError(row, fields, fields.size() + " fields instead of " + this.types.size(), null);
			}
			for (int i = 0; i < fields.size(); i++) {
				try {
					this.encoder.writeField(this.types.get(i), fields.get(i), writer);
				}
				catch (IllegalArgumentException | DateTimeException | ArithmeticException ex) {
					throw rowError(row, fields,
							"column " + this.names.get(i) + " (" + this.typeNames.get(i) + "): " + ex.getMessage(), ex);
				}
			}
		}
	}

	private static IOException rowError(long row, List<String> fields, String problem, @Nullable Exception cause) {
		String line = String.join("\t", fields);
		// an old server that fails mid-answer appends its error to the rows it already
		// sent
		if (ErrorBody.parseOld(line) != null) {
			return new IOException("ClickHouse failed after " + (row - 1) + " rows: " + line, cause);
		}
		return new IOException("Cannot encode row " + row + ": " + problem + ", in [" + line + "]", cause);
	}

}
