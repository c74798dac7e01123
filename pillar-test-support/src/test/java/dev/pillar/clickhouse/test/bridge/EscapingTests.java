package dev.pillar.clickhouse.test.bridge;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Escaping}.
 */
class EscapingTests {

	@Test
	void unescapeTsvLeavesPlainTextAlone() {
		assertThat(Escaping.unescapeTsv("plain text")).isEqualTo("plain text");
	}

	@Test
	void unescapeTsvUndoesEveryEscape() {
		assertThat(Escaping.unescapeTsv("a\\bb\\fc\\rd\\ne\\tf\\0g\\'h\\\\i\\\"j"))
			.isEqualTo("a\bb\fc\rd\ne\tf\0g'h\\i\"j");
	}

	@Test
	void unescapeTsvReadsHexEscapes() {
		assertThat(Escaping.unescapeTsv("\\x41\\x7e")).isEqualTo("A~");
	}

	@Test
	void unescapeTsvKeepsAnUnknownEscapedCharacter() {
		assertThat(Escaping.unescapeTsv("\\q\\N")).isEqualTo("qN");
	}

	@Test
	void unescapeTsvKeepsBytesAsTheyAre() {
		String utf8AsBytes = new String("ü\t".getBytes(java.nio.charset.StandardCharsets.UTF_8),
				java.nio.charset.StandardCharsets.ISO_8859_1);
		assertThat(Escaping.unescapeTsv(utf8AsBytes.replace("\t", "\\t"))).isEqualTo(utf8AsBytes);
	}

	@Test
	void readQuotedStopsAfterTheClosingQuote() {
		StringBuilder value = new StringBuilder();
		int end = Escaping.readQuoted("x'it\\'s \\\\ here',", 1, value);
		assertThat(value).hasToString("it's \\ here");
		assertThat(end).isEqualTo(16);
	}

	@Test
	void readQuotedRejectsAnUnclosedQuote() {
		assertThatIllegalArgumentException().isThrownBy(() -> Escaping.readQuoted("'open", 0, new StringBuilder()))
			.withMessageContaining("Unclosed");
	}

}
