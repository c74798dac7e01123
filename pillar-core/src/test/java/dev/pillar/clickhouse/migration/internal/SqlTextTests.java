package dev.pillar.clickhouse.migration.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splitting as ClickHouse's lexer ({@code src/Parsers/Lexer.cpp}) reads text.
 */
class SqlTextTests {

	@Test
	void aHashFollowedByASpaceOrBangIsACommentToTheEndOfTheLine() {
		assertThat(SqlText.split("a # b; c\nd; e", ';')).containsExactly("a # b; c\nd", "e");
		assertThat(SqlText.split("#!/usr/bin/clickhouse-local; x\na; b", ';'))
			.containsExactly("#!/usr/bin/clickhouse-local; x\na", "b");
	}

	@Test
	void aHashFollowedByAnythingElseIsNoComment() {
		assertThat(SqlText.split("a #b; c", ';')).containsExactly("a #b", "c");
	}

	@Test
	void doubleSlashAndDoubleDashAreCommentsToTheEndOfTheLine() {
		assertThat(SqlText.split("a // b; c\nd; e -- f; g\nh", ';')).containsExactly("a // b; c\nd", "e -- f; g\nh");
	}

	@Test
	void blockCommentsNest() {
		assertThat(SqlText.split("a /* b /* c */ ; */ d; e", ';')).containsExactly("a /* b /* c */ ; */ d", "e");
	}

	@Test
	void quotedStringsAndNamesKeepTheirEscapedQuotes() {
		assertThat(SqlText.split("a 'b\\'; c' ''; d; e 'f''; g'; h", ';')).containsExactly("a 'b\\'; c' ''", "d",
				"e 'f''; g'", "h");
		assertThat(SqlText.split("a `b\\`;` \"c\"\";\"; d", ';')).containsExactly("a `b\\`;` \"c\"\";\"", "d");
	}

	@Test
	void heredocsRunToTheirClosingTag() {
		assertThat(SqlText.split("a $$b; c$$; d", ';')).containsExactly("a $$b; c$$", "d");
		assertThat(SqlText.split("a $x$b;$$; c$x$; d", ';')).containsExactly("a $x$b;$$; c$x$", "d");
	}

	@Test
	void aDollarInsideAWordStartsNoHeredoc() {
		assertThat(SqlText.split("a$b; c$b; d", ';')).containsExactly("a$b", "c$b", "d");
	}

	@Test
	void blankTextHoldsOnlyWhiteSpaceAndComments() {
		assertThat(SqlText.isBlank(" # a\n// b\n#! c\n/* d /* e */ */ -- f")).isTrue();
		assertThat(SqlText.isBlank("#a")).isFalse();
		assertThat(SqlText.skipBlank("# a\nSELECT 1", 0)).isEqualTo(4);
	}

}
