package dev.pillar.clickhouse.test.bridge;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link LiteralParser}.
 */
class LiteralParserTests {

	@Test
	void parsesAnArrayOfNumbers() {
		assertThat(LiteralParser.parse("[1,-2,3.5]")).isEqualTo(List.of("1", "-2", "3.5"));
	}

	@Test
	void parsesAnEmptyArray() {
		assertThat(LiteralParser.parse("[]")).isEqualTo(List.of());
	}

	@Test
	void parsesQuotedStringsWithEscapes() {
		assertThat(LiteralParser.parse("['x\\'y','z\\\\t','tab\\there','a,b]']"))
			.isEqualTo(List.of("x'y", "z\\t", "tab\there", "a,b]"));
	}

	@Test
	void parsesNullsApartFromTheStringNull() {
		assertThat(LiteralParser.parse("[NULL,1,'NULL']")).isEqualTo(Arrays.asList(null, "1", "NULL"));
	}

	@Test
	void parsesNestedArrays() {
		assertThat(LiteralParser.parse("[[1],[2,3],[]]"))
			.isEqualTo(List.of(List.of("1"), List.of("2", "3"), List.of()));
	}

	@Test
	void parsesTuples() {
		assertThat(LiteralParser.parse("[(1,'a'),(2,'b')]")).isEqualTo(List.of(List.of("1", "a"), List.of("2", "b")));
	}

	@Test
	void toleratesSpaces() {
		assertThat(LiteralParser.parse("[ 1 , 'a b' ]")).isEqualTo(List.of("1", "a b"));
	}

	@Test
	void parsesABareValue() {
		assertThat(LiteralParser.parse("-inf")).isEqualTo("-inf");
		assertThat(LiteralParser.parse("NULL")).isNull();
	}

	@Test
	void rejectsAnUnclosedArray() {
		assertThatIllegalArgumentException().isThrownBy(() -> LiteralParser.parse("[1,2"));
	}

	@Test
	void rejectsTrailingText() {
		assertThatIllegalArgumentException().isThrownBy(() -> LiteralParser.parse("[1]x"))
			.withMessageContaining("Unexpected text");
	}

}
