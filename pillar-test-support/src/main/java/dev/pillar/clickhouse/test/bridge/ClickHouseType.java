package dev.pillar.clickhouse.test.bridge;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A column type as the server names it, parsed into the tree that {@link ValueEncoder}
 * needs, e.g. {@code Array(Nullable(String))} or {@code Enum8('a' = 1, 'b' = -2)}.
 * <p>
 * Only the types the bridge can encode parse; any other gives an
 * {@link UnsupportedTypeException} that names it.
 */
final class ClickHouseType {

	/** The kinds of type the bridge can encode. */
	enum Kind {

		INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64, FLOAT32, FLOAT64, STRING, FIXED_STRING, DATE,
		DATE_TIME, UUID, ENUM8, ENUM16, DECIMAL, NOTHING, NULLABLE, ARRAY, TUPLE, LOW_CARDINALITY

	}

	private static final Map<String, Kind> SIMPLE = Map.ofEntries(Map.entry("Int8", Kind.INT8),
			Map.entry("Int16", Kind.INT16), Map.entry("Int32", Kind.INT32), Map.entry("Int64", Kind.INT64),
			Map.entry("UInt8", Kind.UINT8), Map.entry("UInt16", Kind.UINT16), Map.entry("UInt32", Kind.UINT32),
			Map.entry("UInt64", Kind.UINT64), Map.entry("Float32", Kind.FLOAT32), Map.entry("Float64", Kind.FLOAT64),
			Map.entry("String", Kind.STRING), Map.entry("Date", Kind.DATE), Map.entry("UUID", Kind.UUID),
			Map.entry("Nothing", Kind.NOTHING));

	private final Kind kind;

	private final List<ClickHouseType> elements;

	private final int length;

	private final int scale;

	private final @Nullable ZoneId zone;

	private final Map<String, Integer> enumValues;

	private ClickHouseType(Kind kind, List<ClickHouseType> elements, int length, int scale, @Nullable ZoneId zone,
			Map<String, Integer> enumValues) {
		this.kind = kind;
		this.elements = elements;
		this.length = length;
		this.scale = scale;
		this.zone = zone;
		this.enumValues = enumValues;
	}

	private static ClickHouseType of(Kind kind) {
		return new ClickHouseType(kind, List.of(), 0, 0, null, Map.of());
	}

	/**
	 * Parses a type name.
	 * @param name the name as the server wrote it, TabSeparated escaping already undone
	 * (a byte string)
	 * @return the type
	 * @throws UnsupportedTypeException when the bridge cannot encode the type, or cannot
	 * read its name
	 */
	static ClickHouseType parse(String name) {
		Parser parser = new Parser(name);
		try {
			ClickHouseType type = parser.type();
			parser.skipSpaces();
			if (parser.position != name.length()) {
				throw new IllegalArgumentException("unexpected text at " + parser.position);
			}
			return type;
		}
		catch (UnsupportedTypeException ex) {
			throw new UnsupportedTypeException(
					"The format bridge cannot encode column type " + name + " as RowBinary: " + ex.getMessage());
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException | DateTimeException ex) {
			throw new UnsupportedTypeException(
					"The format bridge cannot read column type " + name + ": " + ex.getMessage());
		}
	}

	/**
	 * @return the kind
	 */
	Kind kind() {
		return this.kind;
	}

	/**
	 * @return the element type of an array, nullable or low cardinality type
	 */
	ClickHouseType element() {
		return this.elements.get(0);
	}

	/**
	 * @return the element types of a tuple
	 */
	List<ClickHouseType> elements() {
		return this.elements;
	}

	/**
	 * @return the byte length of a fixed string, or the precision of a decimal
	 */
	int length() {
		return this.length;
	}

	/**
	 * @return the scale of a decimal
	 */
	int scale() {
		return this.scale;
	}

	/**
	 * @return the time zone of a date-time column, {@code null} when it uses the server's
	 */
	@Nullable ZoneId zone() {
		return this.zone;
	}

	/**
	 * The value of an enum constant.
	 * @param label the label (a byte string)
	 * @return the value, or {@code null} for no such label
	 */
	@Nullable Integer enumValue(String label) {
		return this.enumValues.get(label);
	}

	/** Recursive descent over one type name. */
	private static final class Parser {

		private final String text;

		private int position;

		Parser(String text) {
			this.text = text;
		}

		ClickHouseType type() {
			String name = identifier();
			Kind simple = SIMPLE.get(name);
			if (simple != null) {
				return of(simple);
			}
			return switch (name) {
				case "Nullable" -> wrapper(Kind.NULLABLE);
				case "Array" -> wrapper(Kind.ARRAY);
				case "LowCardinality" -> wrapper(Kind.LOW_CARDINALITY);
				case "Tuple" -> tuple();
				case "FixedString" -> fixedString();
				case "DateTime" -> dateTime();
				case "Enum8" -> enumeration(Kind.ENUM8);
				case "Enum16" -> enumeration(Kind.ENUM16);
				case "Decimal" -> decimal();
				case "Decimal32" -> decimal(9);
				case "Decimal64" -> decimal(18);
				case "Decimal128" -> decimal(38);
				default -> throw new UnsupportedTypeException(name + " is not supported");
			};
		}

		private ClickHouseType wrapper(Kind kind) {
			expect('(');
			ClickHouseType element = type();
			expect(')');
			return new ClickHouseType(kind, List.of(element), 0, 0, null, Map.of());
		}

		private ClickHouseType tuple() {
			expect('(');
			List<ClickHouseType> elements = new ArrayList<>();
			do {
				elements.add(type());
			}
			while (next(','));
			expect(')');
			return new ClickHouseType(Kind.TUPLE, List.copyOf(elements), 0, 0, null, Map.of());
		}

		private ClickHouseType fixedString() {
			expect('(');
			int length = integer();
			expect(')');
			return new ClickHouseType(Kind.FIXED_STRING, List.of(), length, 0, null, Map.of());
		}

		private ClickHouseType dateTime() {
			ZoneId zone = null;
			if (next('(')) {
				skipSpaces();
				StringBuilder name = new StringBuilder();
				this.position = Escaping.readQuoted(this.text, this.position, name);
				expect(')');
				zone = ZoneId.of(name.toString());
			}
			return new ClickHouseType(Kind.DATE_TIME, List.of(), 0, 0, zone, Map.of());
		}

		private ClickHouseType enumeration(Kind kind) {
			expect('(');
			Map<String, Integer> values = new HashMap<>();
			do {
				skipSpaces();
				StringBuilder label = new StringBuilder();
				this.position = Escaping.readQuoted(this.text, this.position, label);
				expect('=');
				values.put(label.toString(), integer());
			}
			while (next(','));
			expect(')');
			return new ClickHouseType(kind, List.of(), 0, 0, null, Collections.unmodifiableMap(values));
		}

		private ClickHouseType decimal() {
			expect('(');
			int precision = integer();
			expect(',');
			int scale = integer();
			expect(')');
			return decimal(precision, scale);
		}

		private ClickHouseType decimal(int precision) {
			expect('(');
			int scale = integer();
			expect(')');
			return decimal(precision, scale);
		}

		private static ClickHouseType decimal(int precision, int scale) {
			if (precision < 1 || precision > 38) {
				throw new UnsupportedTypeException("decimal precision " + precision + " is not supported");
			}
			return new ClickHouseType(Kind.DECIMAL, List.of(), precision, scale, null, Map.of());
		}

		private String identifier() {
			skipSpaces();
			int start = this.position;
			while (this.position < this.text.length() && (Character.isLetterOrDigit(this.text.charAt(this.position))
					|| this.text.charAt(this.position) == '_')) {
				this.position++;
			}
			if (start == this.position) {
				throw new IllegalArgumentException("expected a type name at " + start);
			}
			return this.text.substring(start, this.position);
		}

		private int integer() {
			skipSpaces();
			int start = this.position;
			if (this.position < this.text.length() && this.text.charAt(this.position) == '-') {
				this.position++;
			}
			while (this.position < this.text.length() && Character.isDigit(this.text.charAt(this.position))) {
				this.position++;
			}
			return Integer.parseInt(this.text.substring(start, this.position));
		}

		private boolean next(char c) {
			skipSpaces();
			if (this.position < this.text.length() && this.text.charAt(this.position) == c) {
				this.position++;
				return true;
			}
			return false;
		}

		private void expect(char c) {
			if (!next(c)) {
				throw new IllegalArgumentException("expected '" + c + "' at " + this.position);
			}
		}

		void skipSpaces() {
			while (this.position < this.text.length() && this.text.charAt(this.position) == ' ') {
				this.position++;
			}
		}

	}

}
