package dev.pillar.clickhouse.test.bridge;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link TsvToRowBinary}.
 */
class TsvToRowBinaryTests {

	@Test
	void writesHeaderThenRows() throws IOException {
		byte[] rowBinary = convert("a\tb\nUInt8\tNullable(String)\n1\tx\n2\t\\N\n");
		assertThat(rowBinary).containsExactly(2, 1, 'a', 1, 'b', 5, 'U', 'I', 'n', 't', '8', 16, 'N', 'u', 'l', 'l',
				'a', 'b', 'l', 'e', '(', 'S', 't', 'r', 'i', 'n', 'g', ')', 1, 0, 1, 'x', 2, 1);
	}

	@Test
	void writesTheHeaderOfAnEmptyResult() throws IOException {
		assertThat(convert("n\nUInt8\n")).containsExactly(1, 1, 'n', 5, 'U', 'I', 'n', 't', '8');
	}

	@Test
	void unescapesNamesAndTypes() throws IOException {
		TsvToRowBinary conversion = open("a\\tb\tc\nUInt8\tEnum8(\\'x\\' = 1)\n");
		assertThat(conversion.names()).containsExactly("a\tb", "c");
		assertThat(conversion.typeNames()).containsExactly("UInt8", "Enum8('x' = 1)");
	}

	@Test
	void refusesAnUnsupportedTypeBeforeWritingAnything() {
		assertThatExceptionOfType(UnsupportedTypeException.class)
			.isThrownBy(() -> open("s\nAggregateFunction(uniq, UInt8)\n"))
			.withMessageContaining("AggregateFunction(uniq, UInt8)");
	}

	@Test
	void refusesARowOfTheWrongWidth() throws IOException {
		TsvToRowBinary conversion = open("a\tb\nUInt8\tUInt8\n1\n");
		assertThatIOException().isThrownBy(() -> conversion.writeTo(new ByteArrayOutputStream()))
			.withMessageContaining("row 1: 1 fields instead of 2");
	}

	@Test
	void reportsAnErrorTheServerAppended() throws IOException {
		TsvToRowBinary conversion = open("a\nUInt8\n1\nCode: 395, e.displayText() = DB::Exception: Value passed to "
				+ "'throwIf' function is non zero, e.what() = DB::Exception\n");
		assertThatIOException().isThrownBy(() -> conversion.writeTo(new ByteArrayOutputStream()))
			.withMessageContaining("ClickHouse failed after 1 rows: Code: 395");
	}

	@Test
	void namesTheColumnOfABadValue() throws IOException {
		TsvToRowBinary conversion = open("a\nUInt8\nx\n");
		assertThatIOException().isThrownBy(() -> conversion.writeTo(new ByteArrayOutputStream()))
			.withMessageContaining("column a (UInt8)");
	}

	@Test
	void refusesAnAnswerWithoutTypes() {
		assertThatIOException().isThrownBy(() -> open("a\n"));
	}

	private static byte[] convert(String tsv) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		open(tsv).writeTo(out);
		return out.toByteArray();
	}

	private static TsvToRowBinary open(String tsv) throws IOException {
		return TsvToRowBinary.open(new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)), ZoneOffset.UTC);
	}

}
