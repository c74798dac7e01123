package dev.pillar.clickhouse.test.bridge;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Writes values given in ClickHouse's text form as RowBinary, the way the type of their
 * column says.
 */
final class ValueEncoder {

	private static final String TSV_NULL = "\\N";

	private static final String ZERO_DATE = "0000-00-00";

	private static final String ZERO_DATE_TIME = "0000-00-00 00:00:00";

	private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

	private final ZoneId serverZone;

	/**
	 * Creates an encoder.
	 * @param serverZone the zone that {@code DateTime} columns without one of their own
	 * are written in
	 */
	ValueEncoder(ZoneId serverZone) {
		this.serverZone = serverZone;
	}

	/**
	 * Writes one TabSeparated field.
	 * @param type the column type
	 * @param field the field, still escaped, as a byte string
	 * @param out where it goes
	 * @throws IOException on a write failure
	 * @throws IllegalArgumentException when the field does not match the type
	 */
	void writeField(ClickHouseType type, String field, RowBinaryWriter out) throws IOException {
		switch (type.kind()) {
			case NULLABLE -> {
				if (field.equals(TSV_NULL)) {
					out.writeInt8(1);
				}
				else {
					out.writeInt8(0);
					writeField(type.element(), field, out);
				}
			}
			case LOW_CARDINALITY -> writeField(type.element(), field, out);
			case NOTHING -> {
				// a value of type Nothing takes no bytes; it only ever appears as a null
			}
			case ARRAY, TUPLE -> writeLiteral(type, LiteralParser.parse(field), out);
			default -> writeScalar(type, Escaping.unescapeTsv(field), out);
		}
	}

	/**
	 * Writes a value parsed by {@link LiteralParser}, i.e. from inside an array or tuple.
	 */
	private void writeLiteral(ClickHouseType type, @Nullable Object value, RowBinaryWriter out) throws IOException {
		switch (type.kind()) {
			case NULLABLE -> {
				if (value == null) {
					out.writeInt8(1);
				}
				else {
					out.writeInt8(0);
					writeLiteral(type.element(), value, out);
				}
			}
			case LOW_CARDINALITY -> writeLiteral(type.element(), value, out);
			case NOTHING -> {
			}
			case ARRAY -> {
				List<?> elements = asList(value, "an array");
				out.writeVarInt(elements.size());
				for (Object element : elements) {
					writeLiteral(type.element(), element, out);
				}
			}
			case TUPLE -> {
				List<?> elements = asList(value, "a tuple");
				if (elements.size() != type.elements().size()) {
					throw new IllegalArgumentException(
							"Expected a tuple of " + type.elements().size() + " elements but got " + elements.size());
				}
				for (int i = 0; i < elements.size(); i++) {
					writeLiteral(type.elements().get(i), elements.get(i), out);
				}
			}
			default -> {
				if (!(value instanceof String text)) {
					throw new IllegalArgumentException(
							"Expected a " + type.kind() + " value but got " + ((value != null) ? value : "NULL"));
				}
				writeScalar(type, text, out);
			}
		}
	}

	private static List<?> asList(@Nullable Object value, String what) {
		if (value instanceof List<?> list) {
			return list;
		}
		throw new IllegalArgumentException("Expected " + what + " but got " + ((value != null) ? value : "NULL"));
	}

	/**
	 * Writes a single, unescaped value.
	 */
	private void writeScalar(ClickHouseType type, String text, RowBinaryWriter out) throws IOException {
		switch (type.kind()) {
			case INT8, UINT8 -> out.writeInt8(Integer.parseInt(text));
			case INT16, UINT16 -> out.writeInt16(Integer.parseInt(text));
			case INT32 -> out.writeInt32(Integer.parseInt(text));
			case UINT32 -> out.writeInt32((int) Long.parseLong(text));
			case INT64 -> out.writeInt64(Long.parseLong(text));
			// UInt64 goes beyond long: the bits are the same, the sign is the reader's
			// business
			case UINT64 -> out.writeInt64(Long.parseUnsignedLong(text));
			case FLOAT32 -> out.writeFloat32(parseFloat32(text));
			case FLOAT64 -> out.writeFloat64(parseFloat(text));
			case STRING -> out.writeString(text);
			case FIXED_STRING ->
				out.writeBytes(Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), type.length()));
			case DATE -> out.writeInt16(text.equals(ZERO_DATE) ? 0 : (int) LocalDate.parse(text).toEpochDay());
			case DATE_TIME -> out.writeInt32((int) epochSeconds(type, text));
			case UUID -> {
				// RowBinary holds a UUID as two little-endian halves, the high one first
				UUID uuid = UUID.fromString(text);
				out.writeInt64(uuid.getMostSignificantBits());
				out.writeInt64(uuid.getLeastSignificantBits());
			}
			case ENUM8 -> out.writeInt8(enumValue(type, text));
			case ENUM16 -> out.writeInt16(enumValue(type, text));
			case DECIMAL -> {
				int precision = type.length();
				int bytes = (precision <= 9) ? 4 : (precision <= 18) ? 8 : 16;
				out.writeBigInteger(new BigDecimal(text).setScale(type.scale()).unscaledValue(), bytes);
			}
			default -> throw new IllegalStateException("Not a scalar type: " + type.kind());
		}
	}

	private long epochSeconds(ClickHouseType type, String text) {
		if (text.equals(ZERO_DATE_TIME)) {
			return 0;
		}
		ZoneId zone = (type.zone() != null) ? type.zone() : this.serverZone;
		return LocalDateTime.parse(text, DATE_TIME).atZone(zone).toEpochSecond();
	}

	private static int enumValue(ClickHouseType type, String label) {
		Integer value = type.enumValue(label);
		if (value == null) {
			throw new IllegalArgumentException("Unknown enum label '" + label + "'");
		}
		return value;
	}

	/** Java spells infinity and NaN differently from ClickHouse. */
	static float parseFloat32(String text) {
		return switch (text) {
			case "nan", "-nan", "+nan", "inf", "+inf", "-inf" -> (float) parseFloat(text);
			// straight to float: going through double could round twice
			default -> Float.parseFloat(text);
		};
	}

	/** Java spells infinity and NaN differently from ClickHouse. */
	static double parseFloat(String text) {
		return switch (text) {
			case "nan", "-nan", "+nan" -> Double.NaN;
			case "inf", "+inf" -> Double.POSITIVE_INFINITY;
			case "-inf" -> Double.NEGATIVE_INFINITY;
			default -> Double.parseDouble(text);
		};
	}

}
