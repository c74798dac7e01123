package dev.pillar.clickhouse.test.bridge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TsvReader}.
 */
class TsvReaderTests {

	@Test
	void splitsRowsAndFieldsAndKeepsEscapes() throws IOException {
		TsvReader reader = reader("a\tb\\tc\n\t\\N\n");
		assertThat(reader.readRow()).containsExactly("a", "b\\tc");
		assertThat(reader.readRow()).containsExactly("", "\\N");
		assertThat(reader.readRow()).isNull();
	}

	@Test
	void readsALastRowWithoutALineFeed() throws IOException {
		TsvReader reader = reader("1\t2");
		assertThat(reader.readRow()).containsExactly("1", "2");
		assertThat(reader.readRow()).isNull();
	}

	@Test
	void readsLongRows() throws IOException {
		String longField = "x".repeat(10_000);
		assertThat(reader(longField + "\t1\n").readRow()).containsExactly(longField, "1");
	}

	@Test
	void keepsBytesAsByteStrings() throws IOException {
		List<String> row = reader("ü").readRow();
		assertThat(row).containsExactly("\u00c3\u00bc");
	}

	@Test
	void readsNothingFromAnEmptyStream() throws IOException {
		assertThat(reader("").readRow()).isNull();
	}

	private static TsvReader reader(String text) {
		return new TsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
	}

}
