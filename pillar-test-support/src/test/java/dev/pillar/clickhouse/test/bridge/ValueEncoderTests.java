package dev.pillar.clickhouse.test.bridge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ValueEncoder}.
 */
class ValueEncoderTests {

	private final ValueEncoder encoder = new ValueEncoder(ZoneId.of("Europe/Berlin"));

	@Test
	void encodesSignedIntegers() throws IOException {
		assertThat(encode("Int8", "-128")).containsExactly(0x80);
		assertThat(encode("Int16", "-2")).containsExactly(0xFE, 0xFF);
		assertThat(encode("Int32", "-2147483648")).containsExactly(0x00, 0x00, 0x00, 0x80);
		assertThat(encode("Int64", "-9223372036854775808")).containsExactly(0, 0, 0, 0, 0, 0, 0, 0x80);
	}

	@Test
	void encodesUnsignedIntegersBeyondTheirSignedRange() throws IOException {
		assertThat(encode("UInt8", "255")).containsExactly(0xFF);
		assertThat(encode("UInt16", "65535")).containsExactly(0xFF, 0xFF);
		assertThat(encode("UInt32", "4294967295")).containsExactly(0xFF, 0xFF, 0xFF, 0xFF);
		assertThat(encode("UInt64", "18446744073709551615")).containsExactly(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
				0xFF);
	}

	@Test
	void encodesFloatsIncludingTheSpecialOnes() throws IOException {
		assertThat(encode("Float32", "1.5")).containsExactly(le32(Float.floatToIntBits(1.5f)));
		assertThat(encode("Float32", "nan")).containsExactly(le32(Float.floatToIntBits(Float.NaN)));
		assertThat(encode("Float64", "inf")).containsExactly(le64(Double.doubleToLongBits(Double.POSITIVE_INFINITY)));
		assertThat(encode("Float64", "-inf")).containsExactly(le64(Double.doubleToLongBits(Double.NEGATIVE_INFINITY)));
		assertThat(encode("Float64", "1e+100")).containsExactly(le64(Double.doubleToLongBits(1e100)));
	}

	@Test
	void encodesStringsUnescapedWithTheirLength() throws IOException {
		assertThat(encode("String", "a\\tb\\\\")).containsExactly(4, 'a', '\t', 'b', '\\');
		assertThat(encode("String", "")).containsExactly(0);
	}

	@Test
	void encodesFixedStringsPadded() throws IOException {
		assertThat(encode("FixedString(4)", "ab\\0\\0")).containsExactly('a', 'b', 0, 0);
		assertThat(encode("FixedString(3)", "a")).containsExactly('a', 0, 0);
	}

	@Test
	void encodesDatesAsDaysSinceTheEpoch() throws IOException {
		assertThat(encode("Date", "1970-01-02")).containsExactly(1, 0);
		assertThat(encode("Date", "0000-00-00")).containsExactly(0, 0);
		assertThat(encode("Date", "2024-02-29")).containsExactly(le16(19782));
	}

	@Test
	void encodesDateTimesInTheServerZoneOrTheirOwn() throws IOException {
		// 2024-01-02 03:04:05 in Berlin (UTC+1) and in Tokyo (UTC+9)
		assertThat(encode("DateTime", "2024-01-02 03:04:05")).containsExactly(le32(1704161045));
		assertThat(encode("DateTime('Asia/Tokyo')", "2024-01-02 03:04:05")).containsExactly(le32(1704132245));
		assertThat(encode("DateTime", "0000-00-00 00:00:00")).containsExactly(0, 0, 0, 0);
	}

	@Test
	void encodesDateTimesAfter2038() throws IOException {
		assertThat(encode("DateTime('UTC')", "2106-02-07 06:28:15")).containsExactly(0xFF, 0xFF, 0xFF, 0xFF);
	}

	@Test
	void encodesUuidsAsTwoLittleEndianHalvesHighFirst() throws IOException {
		assertThat(encode("UUID", "01020304-0506-0708-090a-0b0c0d0e0f10")).containsExactly(0x08, 0x07, 0x06, 0x05, 0x04,
				0x03, 0x02, 0x01, 0x10, 0x0F, 0x0E, 0x0D, 0x0C, 0x0B, 0x0A, 0x09);
	}

	@Test
	void encodesEnumsByValue() throws IOException {
		assertThat(encode("Enum8('a\\'x' = 1, 'b' = -2)", "b")).containsExactly(0xFE);
		assertThat(encode("Enum8('a\\'x' = 1, 'b' = -2)", "a\\'x")).containsExactly(0x01);
		assertThat(encode("Enum16('x' = 1000)", "x")).containsExactly(0xE8, 0x03);
	}

	@Test
	void refusesAnUnknownEnumLabel() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode("Enum8('a' = 1)", "z"))
			.withMessageContaining("'z'");
	}

	@Test
	void encodesDecimalsAsScaledIntegers() throws IOException {
		assertThat(encode("Decimal(9, 2)", "-1.50")).containsExactly(le32(-150));
		assertThat(encode("Decimal(18, 4)", "1.5")).containsExactly(le64(15000));
		assertThat(encode("Decimal(38, 0)", "1")).hasSize(16).startsWith(1, 0);
	}

	@Test
	void encodesNullables() throws IOException {
		assertThat(encode("Nullable(Int8)", "\\N")).containsExactly(1);
		assertThat(encode("Nullable(Int8)", "5")).containsExactly(0, 5);
		assertThat(encode("Nullable(String)", "\\\\N")).containsExactly(0, 2, '\\', 'N');
		assertThat(encode("Nullable(Nothing)", "\\N")).containsExactly(1);
	}

	@Test
	void encodesArrays() throws IOException {
		assertThat(encode("Array(UInt8)", "[]")).containsExactly(0);
		assertThat(encode("Array(UInt8)", "[1,2]")).containsExactly(2, 1, 2);
		assertThat(encode("Array(String)", "['x\\'y','z\\\\t']")).containsExactly(2, 3, 'x', '\'', 'y', 3, 'z', '\\',
				't');
		assertThat(encode("Array(Nullable(UInt8))", "[NULL,1]")).containsExactly(2, 1, 0, 1);
		assertThat(encode("Array(Array(UInt8))", "[[1],[2,3]]")).containsExactly(2, 1, 1, 2, 2, 3);
		assertThat(encode("Array(Date)", "['1970-01-02']")).containsExactly(1, 1, 0);
	}

	@Test
	void encodesTuples() throws IOException {
		assertThat(encode("Tuple(UInt8, String)", "(1,'a')")).containsExactly(1, 1, 'a');
	}

	@Test
	void encodesLowCardinalityAsItsElement() throws IOException {
		assertThat(encode("LowCardinality(String)", "a")).containsExactly(1, 'a');
	}

	@Test
	void refusesANullForANonNullableElement() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode("Array(UInt8)", "[NULL]"))
			.withMessageContaining("NULL");
	}

	@Test
	void refusesTextThatIsNotANumber() {
		assertThatIllegalArgumentException().isThrownBy(() -> encode("Int32", "abc"));
	}

	private byte[] encode(String type, String field) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		String byteString = new String(field.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
		this.encoder.writeField(ClickHouseType.parse(type), byteString, new RowBinaryWriter(bytes));
		return bytes.toByteArray();
	}

	private static int[] le16(int value) {
		return new int[] { value & 0xFF, (value >>> 8) & 0xFF };
	}

	private static int[] le32(int value) {
		return new int[] { value & 0xFF, (value >>> 8) & 0xFF, (value >>> 16) & 0xFF, (value >>> 24) & 0xFF };
	}

	private static int[] le64(long value) {
		int[] bytes = new int[8];
		for (int i = 0; i < 8; i++) {
			bytes[i] = (int) ((value >>> (8 * i)) & 0xFF);
		}
		return bytes;
	}

}
